"""Page Đơn vị (city and national administrators) as data: the units a new one may hang under,
the units already under one, and the writes (one unit, a units file), audited."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from cchc import auth, provinces, reference, unit_catalog
from cchc.quotas import summary
from cchc.unit_catalog import ADDABLE_KINDS, PARENT_KIND, UnitChange
from cchc.vocab import UNIT_KINDS

__all__ = ["ADDABLE_KINDS", "add", "children", "import_file", "parents"]


def parents(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    *,
    province: str | None = None,
    units: Sequence[str] | None = None,
) -> dict[str, str]:
    """Code → name of the units a new unit of `kind` may hang under (a province for a
    department, a commune for an office or khu phố), of `province`, within `units`."""
    within = provinces.within(con, province, units)
    found = summary.units_list(con, kinds=[PARENT_KIND[kind]], units=within)
    return dict(zip(found["code"], found["name"], strict=True))


def children(
    con: duckdb.DuckDBPyConnection, parent: str, *, units: Sequence[str] | None = None
) -> pd.DataFrame:
    """The units directly under `parent` (that the user may see), with Vietnamese headings."""
    found = summary.units_list(con, units=units)
    found = found[found["parent_code"] == parent]
    return pd.DataFrame(
        {"Mã": found["code"], "Tên": found["name"], "Loại": found["kind"].map(UNIT_KINDS)}
    ).reset_index(drop=True)


def add(
    con: duckdb.DuckDBPyConnection,
    by: auth.User,
    kind: str,
    parent: str,
    name: str,
    aliases: str = "",
    *,
    units: Sequence[str] | None = None,
) -> UnitChange:
    """Add one unit; audited. reference.ReferenceError: a message to show."""
    return unit_catalog.add_unit(con, by, kind, parent, name, aliases, units=units)


def import_file(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    by: auth.User,
    *,
    units: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Import a units file, all or nothing, within `units`; audited. The row-by-row report.
    reference.ReferenceError or UnicodeDecodeError: nothing changed, the message lists the rows."""
    changes = unit_catalog.import_units(con, reference.read_units(data), by, name, units=units)
    return pd.DataFrame(
        {
            "Dòng": [c.line for c in changes],
            "Mã": [c.code for c in changes],
            "Tên": [c.name for c in changes],
            "Kết quả": [c.action + (f" (trước: {c.before})" if c.before else "") for c in changes],
        }
    )
