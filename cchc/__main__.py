"""Command line: python -m cchc init|import|fulfillment|tasks|units|backup|restore|user.

Exit codes: 0 success; 1 rows rejected (import); 2 any other failure (bad arguments, unknown
unit, malformed period, unreadable file, database in use): one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from cchc import auth, cli_users, db, server
from cchc.cli_errors import CliError, run_command
from cchc.exports.csv_safe import write_rows
from cchc.periods import PeriodError, parse_period

if TYPE_CHECKING:  # imported lazily at run time, to start fast
    from cchc.ingest.importer import FileOutcome


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ '{text}', dùng YYYY-MM-DD") from exc


def _cell(value: object) -> object:
    """CSV cell: dates as YYYY-MM-DD (DuckDB dates may arrive as pandas Timestamps)."""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return value


def resolve_unit(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A unit code from a code or a name as people write it; CliError with suggestions if unknown."""
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


def _open_existing(path: str) -> duckdb.DuckDBPyConnection:
    """The database named by --db: a DuckDB file that must exist, or a PostgreSQL URL/DSN."""
    if not db.is_url(path) and not Path(path).exists():
        raise CliError(f"chưa có cơ sở dữ liệu {path}; chạy 'python -m cchc init --db {path}' trước")
    return db.connect(path)


def cmd_init(args: argparse.Namespace) -> int:
    from cchc.setup import DemoRefused, init_database

    def progress(fraction: float, text: str) -> None:
        print(f"[{fraction:4.0%}] {text}", file=sys.stderr)

    try:
        con = init_database(args.db, demo=args.demo, progress=progress)
    except DemoRefused as exc:
        raise CliError(str(exc)) from exc
    except duckdb.IOException as exc:  # the server holds the file
        raise CliError(f"không mở được {args.db} (máy chủ đang dùng?): {exc}") from exc
    counts = db.run(con, "meta/database_counts").iloc[0].tolist()
    print(
        f"Cơ sở dữ liệu {server.redact(args.db)}: {counts[0]} đơn vị, {counts[1]} định mức, {counts[2]} tin/bài."
    )
    return 0


def cmd_fulfillment(args: argparse.Namespace) -> int:
    from cchc.quotas.fulfillment import CSV_COLUMNS, fulfillment

    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        raise CliError(str(exc)) from exc
    con = _open_existing(args.db)
    units = [resolve_unit(con, args.unit)] if args.unit else None
    frame = fulfillment(con, period, args.as_of or date.today(), units)
    if args.format == "csv":
        rows = frame[CSV_COLUMNS].itertuples(index=False)
        write_rows(sys.stdout, CSV_COLUMNS, ([_cell(v) for v in row] for row in rows))
    else:
        view = frame[
            ["unit_name", "rule_label", "period_start", "period_end", "required", "actual", "status"]
        ]
        print(view.to_string(index=False) if len(view) else "Không có định mức nào trong kỳ này.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from cchc.ingest.importer import import_files

    con = _open_existing(args.db)
    # "cli:<name>" is no account's name (':' is not allowed in one): a batch made here is never
    # mistaken for an account's import, and undo goes by the batch's units, not by this name.
    who = f"cli:{args.user}" if args.user else cli_users.cli_who()

    def show(outcome: FileOutcome) -> None:
        for p in outcome.problems:
            where = ", ".join(
                part
                for part in (
                    f"sheet {p.sheet}" if p.sheet else "",
                    f"dòng {p.row}" if p.row else "",
                    f"cột {p.column}" if p.column else "",
                )
                if part
            )
            print(f"{p.file}: {where + ': ' if where else ''}{p.message}", file=sys.stderr)
        if outcome.result is not None:
            print(outcome.result.message)
            if not args.dry_run:  # audited as the page audits its imports, by the marked OS user
                auth.audit(
                    con,
                    who,
                    "import",
                    f"{outcome.file}: {outcome.result.outcome}, thêm {outcome.result.added}",
                )
        elif outcome.fatal is not None:
            print(f"{outcome.file}: không đọc được tệp; không ghi gì.")

    run = import_files(
        con,
        args.files,
        who=who,
        accept_partial=args.accept_partial,
        dry_run=args.dry_run,
        on_file=show,
    )
    return run.exit_code


def cmd_tasks(args: argparse.Namespace) -> int:
    from cchc import tasks

    con = _open_existing(args.db)
    units = [resolve_unit(con, args.unit)] if args.unit else None
    try:
        frame = tasks.task_status(con, args.as_of or date.today(), plan=args.plan, units=units)
    except tasks.UnknownPlan as exc:
        raise CliError(str(exc)) from exc
    rows = frame[tasks.CSV_COLUMNS].itertuples(index=False)
    write_rows(
        sys.stdout, tasks.CSV_COLUMNS, (["" if v is None or v != v else v for v in row] for row in rows)
    )
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    from cchc import reference

    con = _open_existing(args.db)
    try:
        rows = reference.read_units(Path(args.file))
    except (reference.ReferenceError, OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{args.file}: {exc}") from exc
    known = set(db.run(con, "units/unit_names")["code"])
    reference.upsert_units(con, rows)
    added = sum(r["code"] not in known for r in rows)
    print(f"{args.file}: thêm {added} đơn vị, cập nhật {len(rows) - added} đơn vị.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from cchc.backup import backup

    con = _open_existing(args.db)
    print(backup(con, args.to))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from cchc.backup import RestoreRefused, restore

    try:
        print(restore(args.from_dir, args.db, force=args.force))
    except (RestoreRefused, FileNotFoundError) as exc:
        raise CliError(str(exc)) from exc
    except duckdb.Error as exc:  # a damaged backup folder
        raise CliError(f"không khôi phục được từ {args.from_dir}: {exc}") from exc
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cchc", description="cchc-monitor")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="tạo cơ sở dữ liệu, nạp danh mục và định mức")
    p.add_argument("--db", required=True)
    p.add_argument("--demo", action="store_true", help="nạp thêm dữ liệu minh họa")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="nhập nhật ký tin/bài từ Excel")
    p.add_argument("files", nargs="+")
    p.add_argument("--db", required=True)
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--accept-partial", action="store_true")
    p.add_argument("--user", help="người nhập, ghi là cli:TÊN (mặc định: tài khoản hệ điều hành)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("fulfillment", help="mức hoàn thành định mức theo kỳ")
    p.add_argument("--db", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--unit")
    p.add_argument("--as-of", type=_date)
    p.add_argument("--format", choices=["csv", "table"], default="table")
    p.set_defaults(func=cmd_fulfillment)

    p = sub.add_parser("tasks", help="tiến độ nhiệm vụ của các kế hoạch")
    p.add_argument("--db", required=True)
    p.add_argument("--plan")
    p.add_argument("--unit")
    p.add_argument("--as-of", type=_date)
    p.add_argument("--format", choices=["csv"], default="csv")
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("units", help="thêm hoặc đổi tên đơn vị từ tệp CSV")
    p.add_argument("file")
    p.add_argument("--db", required=True)
    p.set_defaults(func=cmd_units)

    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu")
    p.add_argument("--db", required=True)
    p.add_argument("--to", required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="khôi phục từ bản sao lưu")
    p.add_argument("--from", dest="from_dir", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_restore)

    cli_users.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return run_command(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
