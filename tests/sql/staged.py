"""Cases for statements that read a table the code registers on its cursor (incoming_rows,
incoming_units, ...): the same given → expected shape, plus those staged tables.

Kept beside sqlcase.py rather than inside it so that `run_case` stays the one plain runner.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from cchc import db
from tests.sql.sqlcase import Rows, SqlCase, given_database, run_case


@dataclass(frozen=True)
class StagedCase(SqlCase):
    """`staged`: tables registered on the cursor before the statement runs (as the code does)."""

    staged: Mapping[str, Rows] = field(default_factory=dict)
    schemas: Mapping[str, pa.Schema] = field(default_factory=dict)


def run(name: str, case: SqlCase, tmp_path: Path) -> None:
    """run_case, registering a StagedCase's tables on the cursor the statement runs on."""
    if not isinstance(case, StagedCase):
        run_case(name, case, tmp_path)
        return
    con = given_database(tmp_path, case)
    try:
        cur = con.cursor()
        for table, rows in case.staged.items():
            cur.register(table, pa.Table.from_pylist([dict(r) for r in rows], schema=case.schemas.get(table)))
        for before, params in case.before:
            db.execute(cur, before, dict(params))
        rows_out = db.execute(cur, name, dict(case.params))
        if case.expected is not None:
            got = [tuple(r) for r in rows_out]
            want = [tuple(r) for r in case.expected]
            if not case.ordered:
                got, want = sorted(got, key=repr), sorted(want, key=repr)
            assert got == want, f"{name}: got {got!r}, expected {want!r}"
        assert case.check is not None or case.expected is not None, f"{name}: a case must assert something"
        if case.check is not None:
            case.check(cur)  # the query's own connection: its temporary tables are visible
    finally:
        con.close()


def rows_of(con: Any, sql_name: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Read the database after a statement through a named query (no SQL text in the tests)."""
    cur = con.cursor()
    try:
        return db.execute(cur, sql_name, params)
    finally:
        cur.close()


def table_rows(con: Any, table: str, columns: str = "*", order: str = "1") -> list[tuple[Any, ...]]:
    """Every row of a table, for the checks (identifiers are the tests' own literals)."""
    return con.execute(f"select {columns} from {table} order by {order}").fetchall()


NOW = datetime(2026, 11, 20, 9, 0)
D = date

UNITS: list[dict[str, Any]] = [
    {"code": "HN", "name": "Hà Nội", "kind": "city", "parent_code": None, "province": "Hà Nội"},
    {
        "code": "00136",
        "name": "Phường Phúc Lợi",
        "kind": "commune",
        "parent_code": "HN",
        "province": "Hà Nội",
        "aliases": "Phuc Loi|P. Phúc Lợi",
    },
    {
        "code": "00136-VH",
        "name": "Phòng Văn hóa - Xã hội",
        "kind": "ward_office",
        "parent_code": "00136",
        "province": "Hà Nội",
    },
    {
        "code": "00136-KP1",
        "name": "Khu phố 1",
        "kind": "neighbourhood",
        "parent_code": "00136",
        "province": "Hà Nội",
    },
    {"code": "HN-STP", "name": "Sở Tư pháp", "kind": "department", "parent_code": "HN", "province": "Hà Nội"},
    {"code": "HP", "name": "Hải Phòng", "kind": "city", "parent_code": None, "province": "Hải Phòng"},
]


def batch(batch_id: int, kind: str = "publications", **extra: Any) -> dict[str, Any]:
    row = {
        "batch_id": batch_id,
        "kind": kind,
        "file_name": f"lo-{batch_id}.xlsx",
        "sha256": f"sha{batch_id}",
        "imported_at": NOW,
        "imported_by": "an",
        "rows_total": 2,
        "rows_added": 2,
        "rows_known": 0,
        "rows_rejected": 0,
    }
    return row | extra


def item(item_id: int, batch_id: int, unit: str, day: date, title: str, **extra: Any) -> dict[str, Any]:
    row = {
        "item_id": item_id,
        "batch_id": batch_id,
        "unit_code": unit,
        "item_date": day,
        "channel": "own_portal",
        "item_kind": "news",
        "title": title,
        "status": "published",
        "title_key": title.lower(),
    }
    return row | extra
