"""The dedup keys made by cchc.ingest.load.with_keys, checked against a plain Python definition."""

from __future__ import annotations

import re

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.ingest.load import with_keys

_RUN = re.compile(r"(?:[^\w]|_)+")  # \w without '_' is Unicode letters and digits


def title_key(title: str) -> str:
    """The definition: lower-case, every run of non-letters/digits made one space, trimmed."""
    return _RUN.sub(" ", title.lower()).strip()


def keys(titles: list[str], urls: list[str | None]) -> pa.Table:
    return with_keys(pa.table({"title": pa.array(titles, pa.string()), "url": pa.array(urls, pa.string())}))


def test_title_key_folds_case_and_punctuation_keeps_diacritics() -> None:
    out = keys(
        ["Đẩy mạnh  CCHC – tin số 1!", ' Hội nghị: "Chuyển đổi số"... ', "a b", "a-b", "Tin, bài"],
        [None] * 5,
    )
    assert out["title_key"].to_pylist() == [
        "đẩy mạnh cchc tin số 1",
        "hội nghị chuyển đổi số",
        "a b",
        "a b",
        "tin bài",
    ]


def test_url_key_drops_scheme_www_and_trailing_slashes() -> None:
    out = keys(["t"] * 4, ["https://www.Example.vn/a/", "http://example.vn/a", "  ", None])
    assert out["url_key"].to_pylist() == ["example.vn/a", "example.vn/a", None, None]


_TEXT = st.text(alphabet=st.sampled_from([*"ab AĐđ1 ,.-–!?\t\n  _/ếỗ", "\xa0", "\u3000"]), max_size=20)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=30))
def test_title_key_matches_the_definition(titles: list[str]) -> None:
    got = keys(titles, [None] * len(titles))["title_key"].to_pylist()
    assert got == [title_key(t) for t in titles]
