"""Start-up settings that keep a public deployment safe."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_streamlit_config_limits_uploads_and_keeps_protections_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 20
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["xsrfCookieSameSite"] == "strict"  # no framing headers: README, Deployment limits


def test_streamlit_is_pinned_past_the_published_advisories():
    pins = dict(
        line.split("==")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    major, minor = (int(x) for x in pins["streamlit"].split(".")[:2])
    assert (major, minor) >= (1, 54)
    assert "defusedxml" in pins  # openpyxl only parses XML safely when it is installed


def test_no_secrets_in_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in tracked if f.endswith("secrets.toml")]
    pattern = re.compile(r"(password|secret|api_key)\s*=\s*['\"][^'\"]{6,}", re.IGNORECASE)
    for name in tracked:
        if name.startswith("tests/"):
            continue  # test fixtures use throwaway passwords on purpose
        if name.endswith((".py", ".toml", ".cfg", ".ini", ".env")):
            assert not pattern.search((ROOT / name).read_text(encoding="utf-8", errors="ignore")), name
