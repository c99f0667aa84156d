"""`python -m cchc plan add|list`: register a plan from a document or a reviewed proposal, list
the plans. Exit codes: 0 done (or shown without --yes, or already registered); 1 a rule's unit or
a task's lead cannot be resolved (nothing written); 2 bad arguments, unreadable file.
`--add-units` creates the new units the plan names (its offices, its departments) with it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cchc import clock
from cchc.cli_errors import CliError

if TYPE_CHECKING:  # the commands import what they use: `python -m cchc --help` starts fast
    import duckdb

EXIT_UNRESOLVED = 1


def _open(path: str) -> duckdb.DuckDBPyConnection:
    from cchc import db

    if not Path(path).exists():
        raise CliError(f"chưa có cơ sở dữ liệu {path}; chạy 'python -m cchc init --db {path}' trước")
    return db.connect(path)


def cmd_plan_add(args: argparse.Namespace) -> int:
    from cchc import cli_users, db
    from cchc.plans.describe import describe
    from cchc.plans.new_units import ADD_ALL, ADD_NONE
    from cchc.plans.proposal import ProposalError, load_proposal
    from cchc.plans.resolve import resolve
    from cchc.plans.store import add_plan

    try:
        proposal = load_proposal(Path(args.file))
    except ProposalError as exc:
        raise CliError(str(exc)) from exc
    con = _open(args.db)
    resolved = resolve(con, proposal, add_units=ADD_ALL if args.add_units else ADD_NONE)
    names = dict(db.execute(con.cursor(), "units/unit_names"))
    print("\n".join(describe(resolved, names)))
    if resolved.problems:
        for problem in resolved.problems:
            print(f"{args.file}: {problem}", file=sys.stderr)
        waiting = [u for u in resolved.new_units if u.needed and not u.add]
        if waiting:
            print(
                f"{args.file}: kế hoạch nêu {len(waiting)} đơn vị mới mà định mức hoặc nhiệm vụ cần "
                f"({'; '.join(u.label for u in waiting)}); chạy lại với --add-units để thêm chúng cùng kế hoạch.",
                file=sys.stderr,
            )
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
    if resolved.added_units:
        added = "; ".join(f"{u.code} {u.label}" for u in resolved.added_units)
        print(f"Đã thêm {len(resolved.added_units)} đơn vị mới: {added}.")
    return 0


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and value != value):
        return ""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else value


def cmd_plan_list(args: argparse.Namespace) -> int:
    from cchc.exports.csv_safe import write_rows
    from cchc.plans.listing import CSV_COLUMNS, plans_list

    con = _open(args.db)
    frame = plans_list(con, args.as_of or clock.today())
    rows = frame[CSV_COLUMNS].itertuples(index=False)
    write_rows(sys.stdout, CSV_COLUMNS, ([_cell(v) for v in row] for row in rows))
    return 0
