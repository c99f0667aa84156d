"""argparse in Vietnamese: usage line, section titles, -h, and its own error messages.

argparse writes its fixed texts ("usage:", "options:", "show this help message and exit",
"the following arguments are required") in English; operators read Vietnamese. Every parser
and subparser of the CLI is a VietParser (subparsers inherit the class of their parent).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

# argparse's error texts (Python 3.11–3.13) → Vietnamese; the argument's name is kept.
ERRORS = [
    (r"the following arguments are required: (.*)", r"thiếu tùy chọn bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"không hiểu tùy chọn: \1"),
    (
        r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)",
        r"\1: giá trị \2 không hợp lệ; chọn một trong: \3",
    ),
    (r"argument (\S+): expected one argument", r"\1: thiếu giá trị sau tùy chọn"),
    (r"argument (\S+): expected at least one argument", r"\1: cần ít nhất một giá trị"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"\1: giá trị \3 không hợp lệ"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1: không nhận giá trị \2"),
    (r"argument (\S+): (.*)", r"\1: \2"),  # our own messages (ArgumentTypeError): already Vietnamese
]


# Placeholders in the usage line and help, in Vietnamese, for options that take a value.
METAVARS = {
    "--db": "TỆP_CSDL",
    "--period": "KỲ",
    "--unit": "ĐƠN_VỊ",
    "--as-of": "NGÀY",
    "--plan": "KẾ_HOẠCH",
    "--name": "HỌ_TÊN",
    "--user": "TÊN",
}


def translate(message: str) -> str:
    """argparse's English error message in Vietnamese (unchanged when not recognised)."""
    for pattern, replacement in ERRORS:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    return message


class VietFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "cách dùng: ")


class VietParser(argparse.ArgumentParser):
    """An ArgumentParser whose fixed texts are Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", VietFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if args and args[0] in METAVARS and "metavar" not in kwargs and "choices" not in kwargs:
            kwargs["metavar"] = METAVARS[args[0]]
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {translate(message)}\n")
