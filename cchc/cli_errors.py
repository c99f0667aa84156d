"""Every failure of the command line ends as one Vietnamese line on stderr and exit code 2.

Known failures get a message that says what to do; anything else still gets one line (the
error's kind and text), never a traceback: the CLI is used by operators, not by developers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

import duckdb

from cchc.server import DatabaseUnreachable

EXIT_FAILURE = 2

LOCKED = (
    "cơ sở dữ liệu đang được một tiến trình khác (ứng dụng?) sử dụng; "
    "dừng ứng dụng hoặc chờ lệnh kia xong rồi chạy lại"
)


class CliError(Exception):
    """A one-line message for the user; exit code 2."""


def _is_lock(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def explain(exc: BaseException) -> str:
    """The one line the operator reads for a failure."""
    if isinstance(exc, CliError | DatabaseUnreachable):
        return str(exc)
    if isinstance(exc, duckdb.IOException) and _is_lock(exc):
        return LOCKED
    if isinstance(exc, duckdb.TransactionException):
        return "một lệnh khác đang ghi vào cùng dữ liệu; không ghi gì, hãy chạy lại sau"
    if isinstance(exc, duckdb.Error):
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"lỗi cơ sở dữ liệu ({type(exc).__name__}): {first}"
    if isinstance(exc, PermissionError):
        return f"không có quyền truy cập {exc.filename or ''}".rstrip()
    if isinstance(exc, FileNotFoundError):
        return f"không tìm thấy {exc.filename or exc}"
    if isinstance(exc, OSError):
        return f"lỗi đọc/ghi tệp: {exc.strerror or exc}"
    if isinstance(exc, MemoryError):
        return "không đủ bộ nhớ để chạy lệnh"
    return f"lỗi không mong đợi ({type(exc).__name__}): {exc}"


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one subcommand; its failures become a message and exit code 2."""
    try:
        return func(args)
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: a message, never a traceback
        print(f"Lỗi: {explain(exc)}", file=sys.stderr)
        return EXIT_FAILURE
