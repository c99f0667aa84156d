"""Create a database: reference data, plan rules, seed task tables and (optionally) demo logs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from cchc import auth, db, reference, tasks

if TYPE_CHECKING:
    from cchc.ingest.importer import FileOutcome

ProgressFn = Callable[[float, str], None]


def _noop(_fraction: float, _text: str) -> None:
    return None


class DemoRefused(RuntimeError):
    """Demo data (which opens the app to anonymous visitors) asked for on a production database."""


def demo_refusal(con: duckdb.DuckDBPyConnection) -> str | None:
    """Why this database must not become a demo one (it has accounts or real imports); else None."""
    if auth.has_accounts(con):
        return "cơ sở dữ liệu đã có tài khoản người dùng"
    if db.scalar(con, "auth/real_import_count"):
        return "cơ sở dữ liệu đã có số liệu do người dùng nhập"
    return None


def init_database(
    path: str | Path, *, demo: bool = False, progress: ProgressFn = _noop
) -> duckdb.DuckDBPyConnection:
    """Create or update the database at `path`; returns the open connection.

    DemoRefused (nothing written) when `demo` is asked on a database that has accounts or real
    imports: a demo database signs every visitor in as a city administrator.
    """
    con = db.connect(path)
    refusal = demo_refusal(con) if demo else None
    if refusal:
        con.close()
        raise DemoRefused(
            f"{path}: {refusal}; không nạp dữ liệu minh họa (chế độ minh họa cho mọi người vào với quyền quản trị)."
        )
    progress(0.05, "Nạp danh mục đơn vị")
    reference.load_reference_units(con)
    progress(0.1, "Nạp kế hoạch và định mức")
    reference.load_plans_and_rules(con)
    _load_seed_tasks(con, progress)
    if demo:
        load_demo(con, progress)
        auth.mark_demo(con)
    db.checkpoint(con)
    progress(1.0, "Xong")
    return con


def _load_seed_tasks(con: duckdb.DuckDBPyConnection, progress: ProgressFn) -> None:
    progress(0.15, "Nạp bảng nhiệm vụ của các kế hoạch")
    tasks.load_seed_tasks(con)


def load_demo(con: duckdb.DuckDBPyConnection, progress: ProgressFn = _noop) -> int:
    """Write the demo logs (if missing) and import them through the normal importer."""
    from cchc import demo
    from cchc.ingest.importer import import_files

    files = sorted(demo.DEMO_DIR.glob("nhat-ky-tin-bai-*.xlsx"))
    if not files:
        progress(0.2, "Tạo dữ liệu minh họa")
        units = [
            demo.DemoUnit(*row)
            for row in db.run(con, "units/demo_units", {"province": "Hà Nội"}).itertuples(index=False)
        ]
        files = demo.write_workbooks(demo.build_items(units))
    done: list[str] = []

    def imported(outcome: FileOutcome) -> None:
        done.append(outcome.file)
        if len(done) < len(files):
            progress(0.25 + 0.7 * len(done) / len(files), f"Nhập {files[len(done)].name}")

    progress(0.25, f"Nhập {files[0].name}")
    # One call: the matcher over every unit of the country is built once, not once per file.
    run = import_files(con, files, who="demo", on_file=imported)
    for outcome in run.outcomes:
        if outcome.result is not None:  # in the audit log as the page records an import, by the demo's user
            line = f"{Path(outcome.file).name}: {outcome.result.outcome}, thêm {outcome.result.added}"
            auth.audit(con, auth.DEMO_USER, "import", line)
    progress(0.96, "Ghi nhận tiến độ nhiệm vụ minh họa")
    demo.record_task_completions(con)
    return sum(result.added for result in run.results)
