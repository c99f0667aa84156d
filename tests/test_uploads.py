"""The web upload limit is one setting, CCHC_UPLOAD_MB, read by cchc.uploads.upload_mb only."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cchc import uploads
from cchc.ingest import safety

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "mb"),
    [
        (None, 20),  # today's limit when nobody sets it
        ("50", 50),
        (" 64 ", 64),
        ("128", 128),
        ("500", 128),  # no larger than the readers take
        ("0", 20),
        ("-5", 20),
        ("20MB", 20),
        ("", 20),
    ],
)
def test_upload_limit_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, mb: int
) -> None:
    if value is None:
        monkeypatch.delenv("CCHC_UPLOAD_MB", raising=False)
    else:
        monkeypatch.setenv("CCHC_UPLOAD_MB", value)
    assert uploads.upload_mb() == mb
    assert uploads.upload_bytes() == mb * 2**20


def test_the_limits_agree_with_the_reader_and_streamlit() -> None:
    assert uploads.MAX_MB * 2**20 == safety.MAX_BYTES  # the CLI's and the server's limit
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == uploads.DEFAULT_MB  # Streamlit refuses past it first
