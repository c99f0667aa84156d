"""Small read-only tables as plain HTML (st.html) instead of st.dataframe.

st.dataframe loads and runs its data grid's script (about 0.5 MB) in every new browser tab and
draws each table on a canvas; for a table of ten or twenty rows with links, that was about 0.1–0.2 s
of the browser's CPU on the overview (Chromium's profiler, 30/11). An HTML table is parsed by the
browser itself, keeps its text selectable and its links ordinary links (opened in a new tab, as a
LinkColumn did), and scrolls sideways on a phone with the unit's name pinned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd

from ui.formats import fmt_int

# In ui.chrome's style sheet, loaded once per page: the tables look like Streamlit's own.
CSS = """
.cchc-table-wrap { overflow-x: auto; max-width: 100%; margin-bottom: 1rem; }
.cchc-table { border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.4; }
.cchc-table th, .cchc-table td {
  border: 1px solid rgba(49, 51, 63, 0.1); padding: 0.3rem 0.6rem; text-align: left; vertical-align: top;
  box-sizing: border-box;  /* a column's width includes its padding, as in the widths asked for */
}
.cchc-table th { color: rgba(49, 51, 63, 0.6); font-weight: 400; background: #fafafa; white-space: nowrap; }
.cchc-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cchc-table a { color: #b71c1c; }
.cchc-table.pinned th:first-child, .cchc-table.pinned td:first-child {
  position: sticky; left: 0; background: #ffffff; z-index: 1;
}
.cchc-table.pinned th:first-child { background: #fafafa; }
"""


def _cell(value: object, column: str, links: Mapping[str, str], numbers: Sequence[str]) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "<td></td>"
    if column in links:
        return f'<td><a href="{escape(str(value))}" target="_blank">{escape(links[column])}</a></td>'
    if column in numbers:
        return f'<td class="num">{escape(fmt_int(value))}</td>'  # type: ignore[arg-type]
    return f"<td>{escape(str(value))}</td>"


def _width(column: str, widths: Mapping[str, int], min_widths: Mapping[str, int]) -> str:
    if column in widths:
        return f' style="width: {widths[column]}px; min-width: {widths[column]}px"'
    return f' style="min-width: {min_widths[column]}px"' if column in min_widths else ""


def html_table(
    frame: pd.DataFrame,
    *,
    links: Mapping[str, str] | None = None,
    numbers: Sequence[str] = (),
    widths: Mapping[str, int] | None = None,
    min_widths: Mapping[str, int] | None = None,
    pinned: bool = False,
    label: str = "",
) -> str:
    """`frame` as an HTML table, every text escaped. `links` maps a column of URLs to the text each
    link shows; `numbers` are written the Vietnamese way, right-aligned; `widths` are columns' widths
    in pixels and `min_widths` those of columns that take the room left (a long text); `pinned` keeps
    the first column in view while the others scroll."""
    links, widths, min_widths = links or {}, widths or {}, min_widths or {}
    head = "".join(f"<th{_width(c, widths, min_widths)}>{escape(str(c))}</th>" for c in frame.columns)
    columns = list(frame.columns)
    body = "".join(
        "<tr>" + "".join(_cell(v, c, links, numbers) for c, v in zip(columns, row, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    css = "cchc-table pinned" if pinned else "cchc-table"
    name = f' aria-label="{escape(label)}"' if label else ""
    return (
        f'<div class="cchc-table-wrap"><table class="{css}"{name}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
