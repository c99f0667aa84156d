"""Provinces side by side: which province a user works in, and the units of one province.

A province is a unit of kind `city` (Thành phố Hà Nội, Tỉnh Cao Bằng…); its communes,
departments, agencies, and their offices and khu phố hang under it by `parent_code`. A user
tied to a unit sees that unit's tree only, so a city account tied to its province sees that
province. An account that sees every unit (role `national`, the demo, a city account tied to
no unit) picks one province at a time; Hà Nội, the home province, is the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import duckdb

from cchc import db
from cchc.text import fold

if TYPE_CHECKING:  # the command-line import loads no pandas (tests/test_start.py)
    import pandas as pd

HOME = "HN"  # the installation's own province: the default pick, and who a shared name means


def province_list(con: duckdb.DuckDBPyConnection, *, units: Sequence[str] | None = None) -> pd.DataFrame:
    """code, name, province of every province the user may see, the home province first, then
    by name without diacritics (Đà Nẵng beside Đắk Lắk, not after Z)."""
    found = db.run(con, "units/provinces_list")
    if units is not None:
        found = found[found["code"].isin(list(units))]
    order = found["province"].map(fold)
    return (
        found.assign(_home=found["code"] != HOME, _order=order)
        .sort_values(["_home", "_order"])[["code", "name", "province"]]
        .reset_index(drop=True)
    )


def province_of(
    con: duckdb.DuckDBPyConnection, unit: str | None, *, units: Sequence[str] | None = None
) -> str | None:
    """The code of the province a unit belongs to (None for an unknown unit or none, or one
    outside `units`, the units the asker may see)."""
    if not unit or (units is not None and unit not in units):
        return None
    found = db.scalar(con, "units/unit_province", {"unit": unit})
    return None if found is None else str(found)


def province_units(con: duckdb.DuckDBPyConnection, province: str) -> list[str]:
    """Every unit of a province: the province itself and everything under it, any depth."""
    return db.run(con, "auth/auth_scope_units", {"unit": province})["code"].tolist()


def home_units(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The units of the home province by their `province` column (what the matcher prefers)."""
    cur = con.cursor()  # plain rows: the command-line import loads no pandas
    try:
        return [row[0] for row in db.execute(cur, "units/province_members", {"province": HOME})]
    finally:
        cur.close()


def within(
    con: duckdb.DuckDBPyConnection, province: str | None, units: Sequence[str] | None
) -> list[str] | None:
    """The user's `units` (None: every unit) narrowed to one province (None: not narrowed)."""
    if not province:
        return None if units is None else list(units)
    mine = province_units(con, province)
    if units is None:
        return mine
    allowed = set(units)
    return [code for code in mine if code in allowed]
