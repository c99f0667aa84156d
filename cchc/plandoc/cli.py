"""`python -m cchc plan read FILE --format json`: the proposal a plan document reads as.

Exit 0 with one JSON object on stdout; 2 with one Vietnamese line on stderr when the file cannot
be read. The plan readers are imported inside the command so `python -m cchc --help` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def cmd_plan_read(args: argparse.Namespace) -> int:
    from cchc.cli_errors import CliError
    from cchc.plandoc import PlanReadError, read_plan

    try:
        proposal = read_plan(Path(args.file))
    except PlanReadError as exc:
        raise CliError(str(exc)) from exc
    text = json.dumps(proposal, ensure_ascii=False, indent=2 if args.pretty else None) + "\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))  # UTF-8 whatever the console's code page
    sys.stdout.buffer.flush()
    return 0


def register_plan_commands(subparsers: Any) -> Any:
    """Add the `plan` command group (with `read`) to the CLI's subparsers.

    Returns the group's own subparsers (argparse's action), for the other plan commands:
    `register_plan_commands(sub).add_parser("add", …)`; each sets `func` as the others do.
    """
    plan = subparsers.add_parser("plan", help="đọc và quản lý kế hoạch (văn bản .docx, .pdf, .txt)")
    plan_sub = plan.add_subparsers(dest="plan_command", required=True)
    p = plan_sub.add_parser("read", help="đọc một văn bản kế hoạch thành định mức và nhiệm vụ (không ghi gì)")
    p.add_argument("file", metavar="TỆP", help="tệp kế hoạch .docx, .pdf (có lớp chữ) hoặc .txt")
    p.add_argument("--format", choices=["json"], default="json", help="json: một đối tượng JSON (mặc định)")
    p.add_argument("--pretty", action="store_true", help="JSON thụt lề cho dễ đọc")
    p.set_defaults(func=cmd_plan_read)
    return plan_sub
