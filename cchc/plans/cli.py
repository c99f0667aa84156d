"""`python -m cchc plan add|list`: register a plan from a document or a reviewed proposal, list
the plans. Exit codes: 0 done (or shown without --yes, or already registered); 1 a rule's unit or
a task's lead cannot be resolved (nothing written); 2 bad arguments, unreadable file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import duckdb

from cchc import cli_users, db
from cchc.cli_errors import CliError
from cchc.exports.csv_safe import write_rows
from cchc.plans.describe import describe
from cchc.plans.listing import CSV_COLUMNS, plans_list
from cchc.plans.proposal import ProposalError, load_proposal
from cchc.plans.resolve import resolve
from cchc.plans.store import add_plan

EXIT_UNRESOLVED = 1


def _open(path: str) -> duckdb.DuckDBPyConnection:
    if not Path(path).exists():
        raise CliError(f"chưa có cơ sở dữ liệu {path}; chạy 'python -m cchc init --db {path}' trước")
    return db.connect(path)


def cmd_plan_add(args: argparse.Namespace) -> int:
    try:
        proposal = load_proposal(Path(args.file))
    except ProposalError as exc:
        raise CliError(str(exc)) from exc
    con = _open(args.db)
    resolved = resolve(con, proposal)
    names = dict(db.execute(con.cursor(), "units/unit_names"))
    print("\n".join(describe(resolved, names)))
    if resolved.problems:
        for problem in resolved.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(
            f"{args.file}: chưa ghi gì; sửa tên đơn vị trong tệp đề xuất (.json) rồi chạy lại.",
            file=sys.stderr,
        )
        return EXIT_UNRESOLVED
    if resolved.existing:
        print(f"Kế hoạch này đã có trong hệ thống (mã {resolved.existing}); không ghi gì.")
        return 0
    if not args.yes:
        print("Chưa ghi gì. Kiểm tra đề xuất ở trên, rồi chạy lại với --yes để thêm kế hoạch.")
        return 0
    change = add_plan(con, resolved, cli_users.cli_who(), source=Path(args.file).name)
    print(
        f"Đã thêm kế hoạch {resolved.plan_code}: {len(resolved.rules)} định mức, "
        f"{len(resolved.tasks)} nhiệm vụ (thay đổi số {change})."
    )
    return 0


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and value != value):
        return ""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else value


def cmd_plan_list(args: argparse.Namespace) -> int:
    con = _open(args.db)
    frame = plans_list(con, args.as_of or date.today())
    rows = frame[CSV_COLUMNS].itertuples(index=False)
    write_rows(sys.stdout, CSV_COLUMNS, ([_cell(v) for v in row] for row in rows))
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ '{text}', dùng YYYY-MM-DD") from exc


def add_plan_subcommands(plan_sub: argparse._SubParsersAction) -> None:
    """`add` and `list` in the `plan` group (beside `read`, the plan reader's)."""
    p = plan_sub.add_parser("add", help="thêm kế hoạch từ văn bản (.docx, .pdf, .txt) hoặc đề xuất .json")
    p.add_argument(
        "file", metavar="TỆP", help="văn bản kế hoạch (.docx, .pdf, .txt) hoặc đề xuất .json của plan read"
    )
    p.add_argument("--db", required=True, metavar="TỆP_CSDL", help="tệp cơ sở dữ liệu DuckDB")
    p.add_argument("--yes", action="store_true", help="ghi vào cơ sở dữ liệu (mặc định: chỉ in đề xuất)")
    p.set_defaults(func=cmd_plan_add)
    p = plan_sub.add_parser("list", help="danh sách kế hoạch")
    p.add_argument("--db", required=True, metavar="TỆP_CSDL", help="tệp cơ sở dữ liệu DuckDB")
    p.add_argument("--format", choices=["csv"], default="csv", help="csv: tệp CSV (mặc định)")
    p.add_argument("--as-of", type=_date, help="ngày tính trạng thái (mặc định: hôm nay)")
    p.set_defaults(func=cmd_plan_list)
