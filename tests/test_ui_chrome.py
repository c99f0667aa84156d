"""The chrome script injected on every page: it must survive Streamlit's HTML sanitiser and
rewrite the uploader's size line the way the browser test expects."""

from __future__ import annotations

import re

from ui import chrome


def test_the_script_has_no_less_than_sign():
    # Streamlit's sanitiser drops a <script> whose body contains "<": the page would stay English.
    assert "<" not in chrome._SCRIPT


def test_patterns_rewrite_the_uploaders_size_line():
    def rewrite(text: str) -> str | None:
        for pattern, to in chrome.PATTERNS:
            if re.match(pattern, text):
                return re.sub(pattern, to.replace("$", "\\"), text)
        return None

    assert rewrite("20MB per file") == "Tối đa 20 MB mỗi tệp"
    assert rewrite("Limit 200MB per file") == "Tối đa 200 MB mỗi tệp"
    assert rewrite("Phường Phúc Lợi") is None


def test_every_word_has_a_vietnamese_text():
    assert all(v and v != k for k, v in chrome.WORDS.items())
    assert {"Upload", "Stop", "No results", "Download as CSV", "Fullscreen"} <= set(chrome.WORDS)
