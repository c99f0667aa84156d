"""What a command reads: the database named by --db, and the units named by --unit / --province."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cchc.cli_errors import CliError

if TYPE_CHECKING:  # imported where used: `--help` starts fast
    import duckdb


def resolve_unit(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A unit code from a code or a name as people write it; CliError with suggestions if unknown."""
    from cchc import db

    code = db.scalar(con, "units/unit_by_code", {"code": name.strip()})
    if code is not None:
        return str(code)
    from cchc.ingest.importer import unit_matcher

    matcher = unit_matcher(con)
    code = matcher.match(name)
    if code is None:
        hints = matcher.suggest(name)
        hint = f" Có phải: {'; '.join(hints)}?" if hints else ""
        raise CliError(f"không tìm thấy đơn vị '{name}'.{hint}")
    return code


def narrow_to_province(
    con: duckdb.DuckDBPyConnection, province: str | None, units: list[str] | None
) -> list[str] | None:
    """`--province CODE`: only that province's units (CliError for a code that is no province)."""
    if not province:
        return units
    from cchc import db, provinces

    if db.scalar(con, "units/unit_kind", {"code": province}) != "city":
        raise CliError(f"không có tỉnh, thành phố mã '{province}'; dùng mã như HN, HP, HCM, CAOBANG")
    return provinces.within(con, province, units)


def open_existing(path: str) -> duckdb.DuckDBPyConnection:
    """The database named by --db: a DuckDB file that must exist, or a PostgreSQL URL/DSN."""
    from cchc import db

    if not db.is_url(path) and not Path(path).exists():
        raise CliError(f"chưa có cơ sở dữ liệu {path}; chạy 'python -m cchc init --db {path}' trước")
    return db.connect(path)
