"""What every baseline shares: the table it writes and the analyst's own mapping of the unit
names as the clerks spelled them in the bench log (bench/bench_read.py) to unit codes.

Each baseline is the straightforward script a data analyst would write to get a log into
DuckDB: read the sheet (title rows above the header), keep the rows whose unit is known, read
the two kinds of dates (real date cells and typed `dd/m/yyyy` text), insert, commit.
"""

from __future__ import annotations

import duckdb

HEADER_ROW = 2  # zero-based: a title, a blank row, then the header
SPELLINGS = {  # as written in the log → the unit's name in the database
    "Phường Phúc Lợi": "Phường Phúc Lợi",
    "P. Phúc Lợi": "Phường Phúc Lợi",
    "UBND phường Bạch Mai": "Phường Bạch Mai",
    "phuong bach mai": "Phường Bạch Mai",
    "Sở KH&CN": "Sở Khoa học và Công nghệ",
}
CREATE = """
create table if not exists items (
    unit_code varchar, item_date date, channel varchar, item_kind varchar,
    title varchar, url varchar, status varchar
)
"""


def unit_codes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Spelling → unit code, from the database's units."""
    names = dict(con.execute("select name, code from units").fetchall())
    return {spelling: names[name] for spelling, name in SPELLINGS.items()}
