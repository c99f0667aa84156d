"""queries/migrations/R__scope_macros.sql: the scope tests every scoped query uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc import db


@pytest.mark.parametrize(
    ("code", "units", "in_scope", "in_bounds"),
    [
        ("B", None, True, True),  # no scope: every unit
        ("B", ["B"], True, True),  # one unit: an equality
        ("A", ["B"], False, False),
        ("B", ["A", "C"], False, True),  # between the codes, not one of them
        ("C", ["C", "A"], True, True),  # the list's order does not matter
        ("D", ["A", "C"], False, False),
        ("B", [], False, False),  # an empty scope holds nothing (its bounds are null: no row passes)
    ],
)
def test_a_unit_in_a_scope_and_in_its_bounds(tmp_path: Path, code, units, in_scope, in_bounds) -> None:
    con = db.connect(tmp_path / "m.duckdb")  # migrated: the macros made
    got = con.execute(
        "select unit_in_scope($code, $units) is true, unit_in_bounds($code, $units) is true",
        {"code": code, "units": units},
    ).fetchone()
    assert got == (in_scope, in_bounds)
    con.close()
