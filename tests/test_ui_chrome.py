"""The chrome script injected on every page: it must survive Streamlit's HTML sanitiser and
rewrite the uploader's size line the way the browser test expects."""

from __future__ import annotations

import json
import re

import pandas as pd

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


def _script_body(html: str) -> str:
    return html.split("<script>", 1)[1].rsplit("</script>", 1)[0]


def test_an_svg_chart_survives_the_sanitiser_and_reads_back_whole():
    chart = (
        '<div class="cchc-chart"><svg viewBox="0 0 10 10"><a href="ward?unit=1&amp;year=2026">'
        '<title>Phường “Phúc Lợi”\u2028</title><rect width="5" height="5"/></a></svg></div>'
    )
    html = chrome.svg_script(chart)
    body = _script_body(html)
    assert "<" not in body  # DOMPurify drops a script whose text holds a tag
    assert "\u2028" not in body  # a raw line separator ends a JavaScript string in older engines
    literal = body.split("outerHTML = ", 1)[1].split("; s.remove()", 1)[0]
    assert json.loads(literal.replace("\\x3c", "\\u003c")) == chart
    assert html.startswith("<div></div><script>")  # the placeholder the script replaces


def test_an_svg_chart_cannot_end_its_script_early():
    html = chrome.svg_script("<div>a</script><script>alert(1)</script></div>")
    assert html.count("</script>") == 1 and html.endswith("</script>")


def test_a_chart_is_drawn_once_for_the_same_data():
    calls = []

    def chart(frame: pd.DataFrame, title: str, phone: bool = False) -> str:
        calls.append(title)
        return f"<div>{title} {len(frame)} {phone}</div>"

    frame = pd.DataFrame({"unit_code": ["00136", "00139"], "share_met": [0.5, 1.0]})
    first = chrome.drawn(chart, frame, "Tỷ lệ", phone=False)
    assert chrome.drawn(chart, frame.copy(), "Tỷ lệ", phone=False) == first  # the same content
    assert calls == ["Tỷ lệ"]
    chrome.drawn(chart, frame.head(1), "Tỷ lệ", phone=False)  # other data: drawn again
    chrome.drawn(chart, frame, "Tỷ lệ", phone=True)  # for a phone: drawn again
    assert calls == ["Tỷ lệ"] * 3
