"""Command line: python -m cchc init|import|fulfillment|tasks|units|backup|restore|user|plan.

Exit codes: 0 success; 1 rows rejected (import); 2 any other failure (bad arguments, unknown
unit, malformed period, unreadable file, database in use): one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cchc import cli_table, cli_users, clock
from cchc.cli_errors import CliError, os_message, run_command
from cchc.cli_help import VietParser
from cchc.cli_scope import narrow_to_province, open_existing, resolve_unit
from cchc.periods import PeriodError, parse_period
from cchc.plandoc.cli import register_plan_commands

IMPORT_MEMORY = "128MB"  # DuckDB's share of an import from the command line

if TYPE_CHECKING:  # each command imports what it uses: `--help` and `import` start fast
    from cchc.ingest.importer import FileOutcome


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ '{text}', dùng YYYY-MM-DD") from exc


def cmd_init(args: argparse.Namespace) -> int:
    import duckdb

    from cchc import db, server
    from cchc.setup import DemoRefused, init_database

    if args.if_missing and not db.is_url(args.db) and Path(args.db).exists():
        print(f"Cơ sở dữ liệu {args.db} đã có; không làm gì (--if-missing).")
        return 0

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
    from cchc.exports.csv_safe import iso_date, write_rows
    from cchc.quotas.fulfillment import CSV_COLUMNS, fulfillment

    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        raise CliError(str(exc)) from exc
    con = open_existing(args.db)
    units = narrow_to_province(con, args.province, [resolve_unit(con, args.unit)] if args.unit else None)
    if args.by == "kind-month":
        from cchc.cli_rollup import print_kind_months

        return print_kind_months(con, period, args.as_of or clock.today(), units, args.format)
    frame = fulfillment(con, period, args.as_of or clock.today(), units)
    if args.format == "csv":
        rows = frame[CSV_COLUMNS].itertuples(index=False)
        write_rows(sys.stdout, CSV_COLUMNS, ([iso_date(v) for v in row] for row in rows))
    elif len(frame):
        print(cli_table.render(cli_table.FULFILLMENT, frame.to_dict("records")))
    else:
        print("Không có định mức nào trong kỳ này.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from cchc.ingest import pool

    # The reader's process starts now, loading its libraries and reading the first file while
    # this one loads its own and opens the database.
    pool.prefetch(Path(args.files[0]))
    from cchc.lean import without_pandas

    # The import works in Arrow: no pandas to load (0.25 s of a 100k-row import's 2.2), not even
    # for DuckDB, which loads it before binding any parameter if it can (so from opening on).
    with without_pandas():
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    from cchc import auth, db
    from cchc.cli_progress import rows_progress
    from cchc.ingest.importer import import_files

    con = open_existing(args.db)
    # DuckDB would otherwise cache up to 80% of the machine's memory: 1M rows into a 5M-item
    # database took 1.3 GB; held to 128 MB, 0.55 GB (it spills); at 64 MB, 100k rows failed.
    db.execute(con, "meta/memory_limit", {"limit": IMPORT_MEMORY})
    # "cli:<name>" is no account's name (':' is not allowed in one): a batch made here is never
    # mistaken for an account's import, and undo goes by the batch's units, not by this name.
    who = f"cli:{args.user}" if args.user else cli_users.cli_who()

    progress = rows_progress(sys.stderr)

    def show(outcome: FileOutcome) -> None:
        if progress is not None:
            progress.clear()
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
        on_rows=progress.rows if progress is not None else None,
    )
    return run.exit_code


def cmd_tasks(args: argparse.Namespace) -> int:
    from cchc import tasks
    from cchc.exports.csv_safe import write_rows

    con = open_existing(args.db)
    units = narrow_to_province(con, args.province, [resolve_unit(con, args.unit)] if args.unit else None)
    try:
        frame = tasks.task_status(con, args.as_of or clock.today(), plan=args.plan, units=units)
    except tasks.UnknownPlan as exc:
        raise CliError(str(exc)) from exc
    if args.format == "table":
        records = frame.to_dict("records")
        print(cli_table.render(cli_table.TASKS, records) if records else "Không có nhiệm vụ nào.")
        return 0
    rows = frame[tasks.CSV_COLUMNS].itertuples(index=False)
    write_rows(
        sys.stdout, tasks.CSV_COLUMNS, (["" if v is None or v != v else v for v in row] for row in rows)
    )
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    from cchc import db, reference

    if args.words[0] == "import" and len(args.words) == 2:
        return _units_import(args.words[1], args.db)
    if len(args.words) != 1:
        raise CliError("dùng: python -m cchc units import TỆP.csv --db ĐƯỜNG_DẪN")
    args.file = args.words[0]
    con = open_existing(args.db)
    try:
        rows = reference.read_units(Path(args.file))
    except OSError as exc:
        raise CliError(os_message(exc)) from exc
    except (reference.ReferenceError, UnicodeDecodeError) as exc:
        raise CliError(f"{args.file}: {exc}") from exc
    known = set(db.run(con, "units/unit_names")["code"])
    reference.upsert_units(con, rows)
    added = sum(r["code"] not in known for r in rows)
    print(f"{args.file}: thêm {added} đơn vị, cập nhật {len(rows) - added} đơn vị.")
    return 0


def _units_import(file: str, path: str) -> int:
    """`units import FILE`: one line per row (added, renamed, unchanged); all or nothing, exit 1
    with one line per refused row on stderr."""
    from cchc import reference, unit_catalog

    con = open_existing(path)
    try:
        rows = reference.read_units(Path(file))
        changes = unit_catalog.import_units(con, rows, cli_users.cli_who(), Path(file).name)
    except OSError as exc:
        raise CliError(f"{file}: không đọc được tệp ({exc.strerror})") from exc
    except (reference.ReferenceError, UnicodeDecodeError) as exc:
        for line in str(exc).splitlines():
            print(f"{file}: {line}", file=sys.stderr)
        print(f"{file}: không nhận tệp; danh mục đơn vị không thay đổi.", file=sys.stderr)
        return 1
    for c in changes:
        was = f" (trước: {c.before})" if c.before else ""
        print(f"Dòng {c.line}: {c.code} {c.name} — {c.action}{was}")
    count = {a: sum(c.action == a for c in changes) for a in (unit_catalog.ADDED, unit_catalog.RENAMED)}
    same = len(changes) - sum(count.values())
    print(
        f"{file}: thêm {count[unit_catalog.ADDED]} đơn vị, cập nhật {count[unit_catalog.RENAMED]} đơn vị,"
        f" {same} đơn vị không đổi."
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from cchc.backup import backup

    con = open_existing(args.db)
    print(backup(con, args.to))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    import duckdb

    from cchc.backup import RestoreRefused, find_backup, restore

    try:
        source = find_backup(args.from_dir)
        restored = restore(source, args.db, force=args.force)
        print(f"Đã khôi phục từ {source}", file=sys.stderr)  # which backup, when DIR held several
        print(restored)
    except (RestoreRefused, FileNotFoundError) as exc:
        raise CliError(str(exc)) from exc
    except duckdb.Error as exc:  # a damaged backup folder
        raise CliError(f"không khôi phục được từ {args.from_dir}: {exc}") from exc
    return 0


DB_HELP = "tệp cơ sở dữ liệu DuckDB, vd. data/cchc.duckdb"
UNIT_HELP = "chỉ một đơn vị: mã (vd. 00136) hoặc tên như thường viết (vd. 'Phúc Lợi')"
PROVINCE_HELP = "chỉ các đơn vị của một tỉnh, thành phố (mã như HN, HP)"
AS_OF_HELP = "tính như vào ngày này, dạng YYYY-MM-DD (mặc định: hôm nay)"


def build_parser() -> argparse.ArgumentParser:
    parser = VietParser(prog="python -m cchc", description="cchc-monitor: theo dõi truyền thông CCHC")
    sub = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", required=True, metavar="LỆNH", title="lệnh"),
    )
    _add_data_commands(sub)
    _add_admin_commands(sub)
    cli_users.add_parser(sub)
    plan_sub = register_plan_commands(sub)  # the `plan` group with `read` (cchc.plandoc)
    from cchc.cli_plans import add_plan_subcommands

    add_plan_subcommands(plan_sub)  # `plan add`, `plan list` (cchc.plans)
    return parser


def _add_data_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """init, import, fulfillment, tasks."""
    p = sub.add_parser("init", help="tạo cơ sở dữ liệu, nạp danh mục và định mức")
    p.add_argument("--db", required=True, help=DB_HELP + " (tạo mới nếu chưa có)")
    p.add_argument("--demo", action="store_true", help="nạp thêm dữ liệu minh họa")
    p.add_argument(
        "--if-missing",
        action="store_true",
        help="chỉ tạo khi tệp chưa có (lệnh đầu tiên của README: dựng dữ liệu minh họa trước khi chạy ứng dụng)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="nhập nhật ký tin/bài từ Excel")
    p.add_argument("files", nargs="+", metavar="TỆP", help="một hay nhiều tệp nhật ký .xlsx hoặc .csv")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ thêm gì, không ghi")
    p.add_argument(
        "--accept-partial",
        action="store_true",
        help="nhập các dòng hợp lệ, bỏ qua dòng lỗi (mặc định: không ghi gì)",
    )
    p.add_argument("--user", help="người nhập, ghi là cli:TÊN (mặc định: tài khoản hệ điều hành)")
    p.set_defaults(func=cmd_import)

    _add_fulfillment_command(sub)

    p = sub.add_parser("tasks", help="tiến độ nhiệm vụ của các kế hoạch")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.add_argument("--plan", help="chỉ một kế hoạch: số hiệu (vd. 75/KH-UBND) hoặc mã")
    _add_scope_arguments(p)
    p.add_argument(
        "--format",
        choices=["csv", "table"],
        default="csv",
        help="csv: tệp CSV (mặc định); table: bảng để đọc",
    )
    p.set_defaults(func=cmd_tasks)


def _add_scope_arguments(p: argparse.ArgumentParser) -> None:
    """--unit, --province and --as-of, as `fulfillment` and `tasks` take them."""
    p.add_argument("--unit", help=UNIT_HELP)
    p.add_argument("--province", metavar="MÃ_TỈNH", help=PROVINCE_HELP)
    p.add_argument("--as-of", type=_date, help=AS_OF_HELP)


def _add_fulfillment_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("fulfillment", help="mức hoàn thành định mức theo kỳ")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.add_argument(
        "--period",
        required=True,
        help="kỳ: 2026-11 (tháng), 2026-Q4 (quý), 2026-W14 (tuần), 2026 (năm), 2025-08..2025-12 (khoảng)",
    )
    _add_scope_arguments(p)
    p.add_argument(
        "--format",
        choices=["csv", "table"],
        default="table",
        help="table: bảng để đọc (mặc định); csv: tệp CSV",
    )
    p.add_argument(
        "--by",
        choices=["kind-month"],
        help="kind-month: tổng hợp theo loại đơn vị × tháng (số định mức đến hạn và đạt) "
        "thay vì từng đơn vị × định mức × kỳ",
    )
    p.set_defaults(func=cmd_fulfillment)


def _add_admin_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """units, backup, restore."""
    p = sub.add_parser("units", help="thêm hoặc đổi tên đơn vị từ tệp CSV (units import TỆP: báo từng dòng)")
    p.add_argument(
        "words",
        nargs="+",
        metavar="[import] TỆP",
        help="tệp CSV UTF-8 có các cột code, name, kind (xem README); 'import TỆP' báo từng dòng",
    )
    p.add_argument("--db", required=True, help=DB_HELP)
    p.set_defaults(func=cmd_units)

    p = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.add_argument(
        "--to",
        required=True,
        metavar="THƯ_MỤC",
        help="thư mục chứa; mỗi lần sao lưu tạo một thư mục mới trong đó",
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="khôi phục từ bản sao lưu")
    p.add_argument(
        "--from",
        dest="from_dir",
        required=True,
        metavar="THƯ_MỤC",
        help="một bản sao lưu, hoặc thư mục đã dùng với backup --to (lấy bản mới nhất trong đó)",
    )
    p.add_argument("--db", required=True, help=DB_HELP + " được tạo lại")
    p.add_argument("--force", action="store_true", help="ghi đè cơ sở dữ liệu đã có")
    p.set_defaults(func=cmd_restore)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return run_command(args.func, args)


if __name__ == "__main__":
    sys.exit(main())
