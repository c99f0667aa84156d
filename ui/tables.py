"""Small read-only tables as plain HTML (st.html) instead of st.dataframe.

st.dataframe loads and runs its data grid's script (about 0.5 MB) in every new browser tab and
draws each table on a canvas; for a table of ten or twenty rows with links, that was about 0.1–0.2 s
of the browser's CPU on the overview (Chromium's profiler, 30/11). An HTML table is parsed by the
browser itself, keeps its text selectable and its links ordinary links (opened in a new tab, as a
LinkColumn did), and scrolls sideways on a phone. Where a table would be too wide for a phone,
html_cards lays the same rows out as a card each.
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
.cchc-cards { margin: 0 0 1rem 0; font-size: 0.875rem; line-height: 1.45; }
.cchc-card { border: 1px solid rgba(49, 51, 63, 0.1); border-radius: 0.5rem; padding: 0.5rem 0.75rem; }
.cchc-card + .cchc-card { margin-top: 0.5rem; }
.cchc-card-title { font-weight: 600; }
.cchc-card-title a { color: #b71c1c; font-weight: 400; margin-left: 0.5rem; }
.cchc-card-facts { color: rgba(49, 51, 63, 0.75); }
.cchc-card-facts span { white-space: nowrap; }
.cchc-card-facts span:not(:last-child)::after { content: " ·"; }
.cchc-card-detail { margin-top: 0.25rem; }
"""


def _cell(value: object, column: str, links: Mapping[str, str], numbers: Sequence[str]) -> str:
    if not _present(value):
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
    label: str = "",
) -> str:
    """`frame` as an HTML table, every text escaped. `links` maps a column of URLs to the text each
    link shows; `numbers` are written the Vietnamese way, right-aligned; `widths` are columns' widths
    in pixels and `min_widths` those of columns that take the room left (a long text)."""
    links, widths, min_widths = links or {}, widths or {}, min_widths or {}
    head = "".join(f"<th{_width(c, widths, min_widths)}>{escape(str(c))}</th>" for c in frame.columns)
    columns = list(frame.columns)
    body = "".join(
        "<tr>" + "".join(_cell(v, c, links, numbers) for c, v in zip(columns, row, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    name = f' aria-label="{escape(label)}"' if label else ""
    return (
        f'<div class="cchc-table-wrap"><table class="cchc-table"{name}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def html_cards(
    frame: pd.DataFrame,
    *,
    title: str,
    links: Mapping[str, str] | None = None,
    numbers: Sequence[str] = (),
    detail: str | None = None,
    label: str = "",
) -> str:
    """`frame` as a list of cards, one per row, for a phone: the `title` column in bold with the
    row's links beside it, the other columns as "column: value" on one wrapping line, and the
    `detail` column (a long text) in full below. Nothing to scroll sideways, and each row as tall
    as its own text, where a wide table's rows all took the height of its longest wrapped cell."""
    links = links or {}
    facts = [c for c in frame.columns if c != title and c != detail and c not in links]
    cards = []
    for row in frame.to_dict("records"):
        head = escape(str(row[title]))
        head += "".join(
            f'<a href="{escape(str(row[c]))}" target="_blank">{escape(text)}</a>'
            for c, text in links.items()
            if _present(row[c])
        )
        shown = [
            f"<span>{escape(str(c))}: {escape(fmt_int(row[c]) if c in numbers else str(row[c]))}</span>"
            for c in facts
            if _present(row[c])
        ]
        more = (
            f'<div class="cchc-card-detail">{escape(str(detail))}: {escape(str(row[detail]))}</div>'
            if detail is not None and _present(row[detail])
            else ""
        )
        cards.append(
            f'<div class="cchc-card" role="listitem"><div class="cchc-card-title">{head}</div>'
            f'<div class="cchc-card-facts">{" ".join(shown)}</div>{more}</div>'
        )
    name = f' aria-label="{escape(label)}"' if label else ""
    return f'<div class="cchc-cards" role="list"{name}>{"".join(cards)}</div>'


def _present(value: object) -> bool:
    return not (value is None or (not isinstance(value, str) and pd.isna(value)) or value == "")
