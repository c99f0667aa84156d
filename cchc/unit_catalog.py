"""Adding units: a units file with a row-by-row report (all or nothing), or one unit from the page.

Any province's departments and agencies, any ward's offices and khu phố: a unit hangs under its
parent (a province's `city` unit, or a commune), and takes that parent's province when the
file leaves `province` empty, so a province's accounts and rules reach it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from cchc import auth, reference
from cchc.quotas import summary
from cchc.text import fold, nfc
from cchc.unit_checks import unit_row_problems
from cchc.vocab import UNIT_KINDS

# Which kind of parent each kind hangs under.
PARENT_KIND = {
    "department": "city",
    "central_agency": "city",
    "public_service": "city",
    "commune": "city",
    "ward_office": "commune",
    "neighbourhood": "commune",
}
ADDABLE_KINDS = ("department", "central_agency", "public_service", "ward_office", "neighbourhood")
ADDED, RENAMED, SAME = "thêm", "cập nhật", "không đổi"


@dataclass(frozen=True)
class UnitChange:
    """What a units file does to one unit."""

    line: int
    code: str
    name: str
    action: str  # ADDED, RENAMED or SAME
    before: str | None = None  # the name it had, when renamed


def _known(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str | None, str | None]]:
    units = summary.units_list(con)
    return {
        code: (name, kind, parent, province)
        for code, name, kind, parent, province in zip(
            units["code"], units["name"], units["kind"], units["parent_code"], units["province"], strict=True
        )
    }


def _parent_problem(row: dict[str, str | None], kinds: dict[str, str]) -> str | None:
    wanted = PARENT_KIND.get(str(row["kind"]))
    parent = row.get("parent_code")
    if wanted is None:  # a province itself
        return "đơn vị loại Thành phố (tỉnh) không có đơn vị cha; để trống parent_code." if parent else None
    label = UNIT_KINDS[wanted].lower()
    if not parent:
        return f"thiếu parent_code: đơn vị loại này thuộc một đơn vị loại “{label}”."
    if parent not in kinds:
        return f"không có đơn vị cha mã '{parent}' (trong cơ sở dữ liệu hay trong tệp)."
    if kinds[parent] != wanted:
        held = UNIT_KINDS.get(kinds[parent], kinds[parent]).lower()
        return f"đơn vị cha '{parent}' thuộc loại “{held}”; đơn vị loại này thuộc một đơn vị loại “{label}”."
    return None


def plan_import(con: duckdb.DuckDBPyConnection, rows: list[dict[str, str | None]]) -> list[UnitChange]:
    """What importing `rows` (from reference.read_units) would do, row by row; ReferenceError
    listing every row whose parent is missing or of the wrong kind. Fills `province` from the
    parent where the file leaves it empty."""
    known = _known(con)
    kinds = {code: k for code, (_n, k, _p, _pr) in known.items()} | {
        str(r["code"]): str(r["kind"]) for r in rows
    }
    provinces = {code: pr for code, (_n, _k, _p, pr) in known.items()}
    problems = []
    for line, row in enumerate(rows, start=2):
        problem = _parent_problem(row, kinds)
        if problem:
            problems.append(f"Dòng {line} ({row['code']}): {problem}")
    if problems:
        raise reference.ReferenceError("\n".join(problems))
    changes = []
    for line, row in enumerate(rows, start=2):
        code, name = str(row["code"]), str(row["name"])
        provinces.setdefault(code, row.get("province"))
        if not row.get("province") and row.get("parent_code"):
            row["province"] = provinces.get(str(row["parent_code"]))
            provinces[code] = row["province"]
        old = known.get(code)
        if old is None:
            changes.append(UnitChange(line, code, name, ADDED))
        elif old[0] != name:
            changes.append(UnitChange(line, code, name, RENAMED, old[0]))
        else:
            changes.append(UnitChange(line, code, name, SAME))
    return changes


def outside_scope(
    con: duckdb.DuckDBPyConnection, rows: list[dict[str, str | None]], units: Sequence[str]
) -> list[str]:
    """One line per row a user of `units` may not write: a unit of theirs may be renamed, a new
    one added under a unit of theirs."""
    allowed, known = set(units), _known(con)
    return [
        f"Dòng {line} ({row['code']}): đơn vị ngoài phạm vi tài khoản của bạn."
        for line, row in enumerate(rows, start=2)
        if (row["code"] in known and row["code"] not in allowed)
        or (row["code"] not in known and row.get("parent_code") not in allowed)
    ]


def import_units(
    con: duckdb.DuckDBPyConnection,
    rows: list[dict[str, str | None]],
    who: auth.User | str,
    file: str,
    *,
    units: Sequence[str] | None = None,
) -> list[UnitChange]:
    """Check every row, then add and rename in one transaction; audited. Nothing is written
    when any row is refused (reference.ReferenceError lists them), including a row outside
    the user's `units`."""
    refused = [] if units is None else outside_scope(con, rows, units)
    if refused:
        raise reference.ReferenceError("\n".join(refused))
    changes = plan_import(con, rows)
    reference.upsert_units(con, rows)
    added = sum(c.action == ADDED for c in changes)
    auth.audit(con, who, "units", f"{file}: thêm {added}, cập nhật {len(changes) - added} đơn vị")
    return changes


def suggest_code(parent: str, name: str, taken: set[str]) -> str:
    """A code for a new unit: the parent's code and the initials of its name ('HP-SNV' for Sở
    Nội vụ of HP), numbered when taken."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    initials = "".join(w[0] for w in words).upper()[:10] or "DV"
    base = f"{parent}-{initials}"[:28]
    code, n = base, 2
    while code in taken:
        code, n = f"{base}{n}", n + 1
    return code


def add_unit(
    con: duckdb.DuckDBPyConnection,
    by: auth.User,
    kind: str,
    parent: str,
    name: str,
    aliases: str = "",
    *,
    units: Sequence[str] | None = None,
) -> UnitChange:
    """Add one department, agency, office or khu phố under `parent`, within the user's `units`;
    audited. ReferenceError (a message to show) when it cannot be added."""
    name = nfc(" ".join(name.split()))
    if kind not in ADDABLE_KINDS:
        raise reference.ReferenceError(
            "Chọn loại đơn vị: sở, ban, ngành; cơ quan ngành dọc; phòng, ban thuộc xã…"
        )
    if units is not None and parent not in set(units):
        raise reference.ReferenceError("Chỉ thêm được đơn vị thuộc tỉnh, thành phố hay đơn vị của mình.")
    known = _known(con)
    row: dict[str, str | None] = {
        "code": suggest_code(parent, name, set(known)),
        "name": name or None,
        "kind": kind,
        "parent_code": parent or None,
        "province": None,
        "aliases": "|".join(a.strip() for a in aliases.split("|") if a.strip()) or None,
        "lat": None,
        "lon": None,
    }
    problems = unit_row_problems(row)
    if problems:
        raise reference.ReferenceError(" ".join(problems))
    if any(old[0] == name and old[2] == parent for old in known.values()):
        raise reference.ReferenceError(f"Đã có đơn vị “{name}” thuộc đơn vị này.")
    change = plan_import(con, [row])[0]
    reference.upsert_units(con, [row])
    auth.audit(con, by, "unit_add", f"{row['code']}: {name} ({kind}, thuộc {parent})")
    return change
