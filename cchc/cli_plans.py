"""The options of `python -m cchc plan add|list`. The commands themselves live in cchc.plans.cli
and are imported only when run, so `python -m cchc --help` does not load the plans package."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from datetime import date


def _later(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        command: Callable[[argparse.Namespace], int] = getattr(
            importlib.import_module("cchc.plans.cli"), name
        )
        return command(args)

    return run


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
    p.add_argument(
        "--add-units",
        action="store_true",
        help="thêm cùng kế hoạch các đơn vị mới mà kế hoạch nêu (phòng, ban của xã, phường; sở, ban của tỉnh)",
    )
    p.set_defaults(func=_later("cmd_plan_add"))
    p = plan_sub.add_parser("list", help="danh sách kế hoạch")
    p.add_argument("--db", required=True, metavar="TỆP_CSDL", help="tệp cơ sở dữ liệu DuckDB")
    p.add_argument("--format", choices=["csv"], default="csv", help="csv: tệp CSV (mặc định)")
    p.add_argument("--as-of", type=_date, help="ngày tính trạng thái (mặc định: hôm nay)")
    p.set_defaults(func=_later("cmd_plan_list"))
