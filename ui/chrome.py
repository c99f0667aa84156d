"""The app's chrome on every page: Vietnamese for Streamlit's own English, and layout fixes for
phones (390 px) and laptops (1440 px).

Streamlit has no locale setting (streamlit issue 13500: the uploader's texts cannot be set), so a
small script, injected once per page, rewrites its fixed English words in the page and in tooltips
as they appear. The CSS lets metric labels and multiselect chips wrap instead of being cut off, and
hides Plotly's toolbar, whose English tooltips sat on the chart titles.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from ui.tables import CSS as TABLE_CSS

PHONE_TITLE = 40  # characters of a chart title's line on a phone

# Streamlit's and its widgets' fixed English, as shown to users → what a Hà Nội official reads.
WORDS = {
    "Upload": "Chọn tệp",
    "Browse files": "Chọn tệp",
    "Drag and drop file here": "Kéo thả tệp vào đây",
    "Drag and drop files here": "Kéo thả các tệp vào đây",
    "Stop": "Dừng",
    "Running...": "Đang chạy…",
    "Rerun": "Chạy lại",
    "No results": "Không có kết quả",
    "No data": "Không có dữ liệu",
    "No content": "Không có nội dung",
    "Download as CSV": "Tải về CSV",
    "Download as PNG": "Tải ảnh PNG",
    "Download": "Tải về",
    "Search": "Tìm kiếm",
    "Fullscreen": "Toàn màn hình",
    "Toggle fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Show/hide columns": "Ẩn/hiện cột",
    "Choose options": "Chọn",
    "Choose an option": "Chọn",
    "Select...": "Chọn…",
    "Select all": "Chọn tất cả",
    "Clear all": "Bỏ chọn tất cả",
    "Clear value": "Xóa giá trị",
    "Clear selection": "Bỏ chọn",
    "Remove file": "Bỏ tệp",
    "Delete": "Xóa",
    "Add row": "Thêm dòng",
    "Copy to clipboard": "Sao chép",
    "Choose date": "Chọn ngày",
    "Open": "Mở",
    "Close": "Đóng",
    "Cancel": "Hủy",
    "Empty": "Trống",
    "Skip to main content": "Tới nội dung chính",
    "App pages": "Các trang",
}

# Texts built with a number: the uploader's "20MB per file" (and "Limit 200MB per file").
PATTERNS = [
    (r"^(?:Limit )?(\d+(?:\.\d+)?)\s?([KMG]?B) per file$", "Tối đa $1 $2 mỗi tệp"),
    (r"^(\d+) selected$", "Đã chọn $1"),
]

# No "<" inside the script: Streamlit's HTML sanitiser drops a script that contains one.
_SCRIPT = """
(() => {
  if (window.__cchcChrome) return;
  window.__cchcChrome = true;
  const WORDS = __WORDS__;
  const PATTERNS = __PATTERNS__.map(([re, to]) => [new RegExp(re), to]);
  const ATTRS = ["title", "aria-label", "placeholder", "data-title", "alt"];
  const tr = (s) => {
    const t = s.trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(WORDS, t)) return s.replace(t, WORDS[t]);
    for (const [re, to] of PATTERNS) if (re.test(t)) return s.replace(t, t.replace(re, to));
    const cut = t.indexOf(": ");  // a chart's buttons: "Download as PNG: (chart title)"
    if (cut > 0 && Object.prototype.hasOwnProperty.call(WORDS, t.slice(0, cut))) {
      return s.replace(t, WORDS[t.slice(0, cut)] + t.slice(cut));
    }
    return null;
  };
  const attrs = (el) => {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      const r = v ? tr(v) : null;
      if (r !== null && r !== v) el.setAttribute(a, r);
    }
  };
  const walk = (node) => {
    if (node.nodeType === 3) {
      const r = tr(node.nodeValue);
      if (r !== null && r !== node.nodeValue) node.nodeValue = r;
      return;
    }
    if (node.nodeType !== 1 || node.tagName === "SCRIPT" || node.tagName === "STYLE") return;
    attrs(node);
    node.childNodes.forEach(walk);
  };
  new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === "childList") c.addedNodes.forEach(walk);
      else if (c.type === "characterData") walk(c.target);
      else attrs(c.target);
    }
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
  });
  walk(document.body);
})();
"""

_CSS = """
<style>
/* Metric labels wrap instead of ending in "…" (st.metric cuts them to one line). */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}
/* Every chosen status stays visible: the chips wrap onto more lines. */
[data-testid="stMultiSelectTagsContainer"] {
  flex-wrap: wrap !important; overflow: visible !important; height: auto !important; max-height: none !important;
}
[data-testid="stMultiSelect"] div:has([data-testid="stMultiSelectTagsContainer"]) {
  height: auto !important; max-height: none !important;
}
/* Plotly's toolbar (English tooltips, over the chart titles); Streamlit's own toolbar stays. */
.modebar-container { display: none !important; }
__TABLES__
/* This script's own element takes no room. */
.stHtml:has(> script), [data-testid="stHtml"]:has(script) { display: none; }
@media (max-width: 640px) {
  /* Phones: less padding, so tables and charts get the width. */
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
  h1 { font-size: 1.9rem !important; }
}
</style>
"""


def localise_chrome() -> None:
    """Streamlit's English words in Vietnamese and the layout fixes; call once per run in app.py."""
    css = _CSS.replace("__TABLES__", TABLE_CSS)
    script = _SCRIPT.replace("__WORDS__", json.dumps(WORDS, ensure_ascii=False)).replace(
        "__PATTERNS__", json.dumps(PATTERNS)
    )
    st.html(f"{css}<script>{script}</script>", unsafe_allow_javascript=True)


def svg_script(html: str) -> str:
    """`html` (a chart's HTML holding an SVG) as st.html can take it: an empty div and a script
    that puts the chart in its place.

    st.markdown runs every SVG node through its markdown parser and React (about 0.2 s of the
    browser's CPU for the overview's charts); st.html sets innerHTML, but its sanitizer keeps
    HTML only and would drop the SVG. The chart is therefore a JavaScript string: `<` written as
    \x3c (DOMPurify drops a script whose text holds a tag), and U+2028/9 escaped."""
    text = json.dumps(html, ensure_ascii=False).replace("<", "\\x3c")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    # The script then goes: the chrome's CSS hides an st.html that holds one (localise_chrome's).
    return (
        "<div></div><script>{const s = document.currentScript;"
        f" s.previousElementSibling.outerHTML = {text}; s.remove();}}</script>"
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _drawn(_make: Callable[..., str], name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return _make(*args, **kwargs)


def drawn(make: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """make(*args, **kwargs), an SVG chart's HTML, kept for the next visit with the same data:
    a rerun or a new tab no longer draws the overview's charts again (about 45 ms of the page's
    50–100 ms per visit at national scale, 30/11); Streamlit keys it on the arguments' content."""
    return _drawn(make, f"{make.__module__}.{make.__qualname__}", args, kwargs)


def inline_svg(html: str, where: Any = st) -> None:
    """Draw a chart made as inline SVG (cchc.charts' *_svg, whose texts are escaped) in `where`."""
    where.html(svg_script(html), unsafe_allow_javascript=True)


def tab_title(page_title: str) -> None:
    """The browser tab names the page, so two open tabs can be told apart."""
    st.set_page_config(page_title=f"{page_title} · CCHC")


def on_phone() -> bool:
    """Whether the browser says it is a phone (its User-Agent, or the Sec-CH-UA-Mobile hint).

    Streamlit does not tell the server the screen's width; a phone's browser says "Mobile" in its
    User-Agent. Tables and charts then use narrower label columns and names that wrap."""
    headers = st.context.headers
    agent = headers.get("User-Agent", "") or ""
    return headers.get("Sec-Ch-Ua-Mobile", "") == "?1" or "Mobi" in agent or "Android" in agent


def plotly_chart(figure: Any, **kwargs: Any) -> None:
    """st.plotly_chart at the page's width; on a phone a long title wraps (Plotly cuts it at the
    edge) and the plot moves down to make room for it."""
    title = figure.layout.title.text or ""
    if on_phone() and len(title) > PHONE_TITLE and "<" not in title:
        lines = textwrap.wrap(title, PHONE_TITLE)
        figure = go.Figure(figure)  # a copy: the caller's figure (also used for exports) is kept
        top = figure.layout.margin.t if figure.layout.margin.t is not None else 80
        figure.update_layout(title_text="<br>".join(lines), margin_t=top + 18 * (len(lines) - 1))
    st.plotly_chart(figure, width="stretch", **kwargs)
