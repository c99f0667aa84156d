"""The tables of an HTML body (ui.html_table's, drawn with st.html) read back as DataFrames: the
text of each cell, or a link's address where the cell holds a link."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell, self.href = [], None
        elif tag == "a" and self.cell is not None:
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(self.href if self.href is not None else "".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def read_tables(body: str) -> list[pd.DataFrame]:
    parser = _Tables()
    parser.feed(body)
    return [pd.DataFrame(rows[1:], columns=rows[0]) for rows in parser.tables]


def page_tables(at: object) -> list[pd.DataFrame]:
    """Every HTML table an AppTest run drew, in page order."""
    return [t for element in at.html for t in read_tables(element.value)]  # type: ignore[attr-defined]
