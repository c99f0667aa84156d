"""Given rows → expected rows for one queries/*.sql file, on a fresh migrated database.

Each `tests/sql/test_<domain>_queries.py` declares `CASES: dict[str, SqlCase]`, keyed by the
query's name as code names it (`"imports/batch_units"`), and runs them with `run_case`;
`test_every_query.py` checks that every file under queries/ has a case and is used by the code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from cchc import db

Rows = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class SqlCase:
    """Rows inserted per table (in order), parameters, then what the query must give.

    `expected` is the result rows as tuples (order as returned; sort in the query or set
    `ordered=False`). For a statement that returns nothing, `check` reads the database after it.
    """

    given: Mapping[str, Rows] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    expected: Sequence[tuple[Any, ...]] | None = None
    ordered: bool = True
    check: Callable[[duckdb.DuckDBPyConnection], None] | None = None
    with_reference: bool = False  # load data/units.csv, plans and quota rules first
    # queries run first on the same connection (name, parameters): a temporary table they make
    before: Sequence[tuple[str, Mapping[str, Any]]] = ()


def given_database(tmp_path: Path, case: SqlCase) -> duckdb.DuckDBPyConnection:
    con = db.connect(tmp_path / "case.duckdb")
    if case.with_reference:
        from cchc import reference

        reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
        reference.load_plans_and_rules(con)
    for table, rows in case.given.items():
        for row in rows:
            cols = list(row)
            # identifiers come from the test's own literal table and column names, never input
            sql = f"insert into {table} ({', '.join(cols)}) values ({', '.join('$' + c for c in cols)})"
            con.execute(sql, dict(row)).fetchall()
    return con


def run_case(name: str, case: SqlCase, tmp_path: Path) -> None:
    con = given_database(tmp_path, case)
    try:
        cur = con.cursor()
        for before, params in case.before:
            db.execute(cur, before, dict(params))
        rows = db.execute(cur, name, dict(case.params))
        if case.expected is not None:
            got = [tuple(r) for r in rows]
            want = [tuple(r) for r in case.expected]
            if not case.ordered:
                got, want = sorted(got, key=repr), sorted(want, key=repr)
            assert got == want, f"{name}: got {got!r}, expected {want!r}"
        if case.check is not None:
            case.check(cur)  # the query's own connection: its temporary tables are visible
        assert case.expected is not None or case.check is not None, f"{name}: a case must assert something"
    finally:
        con.close()
