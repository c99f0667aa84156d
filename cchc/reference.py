"""Reference data from data/*.csv: units, plans and quota rules (data, not code)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from cchc import db
from cchc.text import nfc
from cchc.unit_checks import unit_row_problems
from cchc.vocab import CHANNELS, ITEM_KINDS, PERIOD_KINDS, RULE_BASES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

NATIONAL_UNITS = DATA_DIR / "units_national.csv"  # 34 provinces, 3,321 communes (scripts/build_units.py)
UNIT_COLUMNS = ["code", "name", "kind", "parent_code", "province", "aliases", "lat", "lon"]


class ReferenceError(ValueError):
    """A reference file (units, plans, rules) that cannot be loaded as it is."""


def _read_csv(source: str | Path | bytes) -> pa.Table:
    """Every column as text: codes like '00136' must keep their leading zeros."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    data = data.removeprefix(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8").split("\n", 1)[0])), [])
    opts = pacsv.ConvertOptions(strings_can_be_null=True, column_types={name: pa.string() for name in header})
    return pacsv.read_csv(io.BytesIO(data), convert_options=opts)


def _clean(table: pa.Table) -> list[dict[str, str | None]]:
    rows = table.to_pylist()
    for row in rows:
        for key, value in row.items():
            row[key] = nfc(value) if isinstance(value, str) and value.strip() else None
    return rows


def read_units(source: str | Path | bytes) -> list[dict[str, str | None]]:
    """Rows of a units CSV (columns code,name,kind[,parent_code,province,aliases,lat,lon]), checked.

    Every row is checked before anything is returned, and every problem is listed (one line per
    row): the file is taken whole or not at all.
    """
    try:
        table = _read_csv(source)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise ReferenceError(f"Tệp đơn vị không đọc được như CSV UTF-8: {exc}") from exc
    missing = {"code", "name", "kind"} - set(table.column_names)
    if missing:
        raise ReferenceError(
            f"Tệp đơn vị thiếu cột: {', '.join(sorted(missing))}. Cần các cột: {', '.join(UNIT_COLUMNS)}."
        )
    rows = _clean(table)
    if not rows:
        raise ReferenceError("Tệp đơn vị không có dòng dữ liệu.")
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        problems += [f"Dòng {line}: {p}" for p in unit_row_problems(row)]
        code = row["code"]
        if code and code in first_line:
            problems.append(f"Dòng {line}: mã '{code}' trùng với dòng {first_line[code]}.")
        elif code:
            first_line[code] = line
    if problems:
        shown = problems[:20] + ([f"… và {len(problems) - 20} lỗi khác."] if len(problems) > 20 else [])
        raise ReferenceError("\n".join(shown))
    return [{c: row.get(c) for c in UNIT_COLUMNS} for row in rows]


def upsert_units(con: duckdb.DuckDBPyConnection, rows: list[dict[str, str | None]]) -> int:
    """Add new units and rename existing ones (same code), all in one transaction."""
    if not rows:
        return 0
    table = pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in UNIT_COLUMNS]))
    with db.transaction(con) as cur:
        cur.register("incoming_units", table)
        db.execute(cur, "units/units_upsert")
    return len(rows)


def add_missing_units(con: duckdb.DuckDBPyConnection, rows: list[dict[str, str | None]]) -> int:
    """Add the units whose code is not in the database yet; the others (renamed or entered by
    users) stay as they are. Returns how many were added."""
    if not rows:
        return 0
    table = pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in UNIT_COLUMNS]))
    before = int(db.scalar(con, "meta/database_counts"))
    with db.transaction(con) as cur:
        cur.register("incoming_units", table)
        db.execute(cur, "units/units_insert_missing")
    return int(db.scalar(con, "meta/database_counts")) - before


def load_reference_units(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR) -> int:
    """Every unit of data/units.csv (Hà Nội's departments, offices, khu phố…) and of
    data/units_national.csv (every province and commune of the country) that the database
    lacks; units already there are never changed. Returns how many were added."""
    rows = read_units(data_dir / "units.csv")
    known = {row["code"] for row in rows}
    rows += [row for row in read_units(data_dir / NATIONAL_UNITS.name) if row["code"] not in known]
    return add_missing_units(con, rows)


def load_plans_and_rules(con: duckdb.DuckDBPyConnection, data_dir: Path = DATA_DIR) -> int:
    """Seed plans and quota rules from data/plans.csv and data/quota_rules.csv.

    The database is the source of truth (issue 12): only the plans and rules it does not have
    (by code) are added; a plan or rule already there, or amended or retired by people, is
    never changed or deleted. Returns how many rules were added.
    """
    plans = _clean(_read_csv(data_dir / "plans.csv"))
    rules = _clean(_read_csv(data_dir / "quota_rules.csv"))
    for rule in rules:
        _check_rule(rule)
        rule.update(replaces=None, change_id=None)  # seeded: no amendment, no change record
    with db.transaction(con) as cur:
        before = db.execute(cur, "meta/database_counts")[0]
        cur.register("incoming_plans", pa.Table.from_pylist(plans))
        cur.register("incoming_rules", pa.Table.from_pylist(rules, schema=_text_schema(rules)))
        try:
            db.execute(cur, "reference/plans_insert")
            db.execute(cur, "reference/quota_rules_insert")
        finally:
            cur.unregister("incoming_plans")
            cur.unregister("incoming_rules")
        after = db.execute(cur, "meta/database_counts")[0]
    return int(after[1] - before[1])


def _text_schema(rows: list[dict[str, str | None]]) -> pa.Schema:
    """Every column as text (a column that is null in every row would otherwise be typed null)."""
    return pa.schema([(name, pa.string()) for name in (rows[0] if rows else {})])


def _check_rule(rule: dict[str, str | None]) -> None:
    rid = rule.get("rule_id")
    checks = [
        (rule.get("channel") in CHANNELS, "channel"),
        (rule.get("item_kind") in ITEM_KINDS, "item_kind"),
        (rule.get("basis") in RULE_BASES, "basis"),
        (rule.get("period") in PERIOD_KINDS, "period"),
        (bool(rule.get("applies_kind")) != bool(rule.get("applies_unit")), "applies_kind/applies_unit"),
    ]
    for ok, column in checks:
        if not ok:
            raise ReferenceError(f"Quy tắc định mức {rid}: giá trị cột {column} không hợp lệ.")
