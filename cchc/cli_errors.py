"""Every failure of the command line ends as one Vietnamese line on stderr and exit code 2.

Known failures get a message that says what to do; anything else still gets one line (the
error's kind and text), never a traceback: the CLI is used by operators, not by developers.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable

EXIT_FAILURE = 2

LOCKED = (
    "cơ sở dữ liệu đang được một tiến trình khác (ứng dụng?) sử dụng; "
    "dừng ứng dụng hoặc chờ lệnh kia xong rồi chạy lại"
)


# What the operating system's English error texts mean, in Vietnamese, by error number.
OS_REASONS = {
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép thực hiện",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EEXIST: "đã tồn tại",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EMFILE: "quá nhiều tệp đang mở",
    errno.EIO: "lỗi đọc/ghi của ổ đĩa",
    errno.EBUSY: "tệp đang được sử dụng",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Vietnamese (the English text only when unknown)."""
    if exc.errno in OS_REASONS:
        return OS_REASONS[exc.errno]
    return f"lỗi hệ điều hành ({exc.strerror or exc})"


def os_message(exc: OSError) -> str:
    """The file and why it failed: '/tmp/x.csv: không tìm thấy tệp hoặc thư mục'."""
    return f"{exc.filename}: {os_reason(exc)}" if exc.filename else os_reason(exc)


class CliError(Exception):
    """A one-line message for the user; exit code 2."""


def _is_lock(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def explain(exc: BaseException) -> str:
    """The one line the operator reads for a failure."""
    import duckdb  # here: `python -m cchc --help` runs without it

    from cchc.server import DatabaseUnreachable

    if isinstance(exc, CliError | DatabaseUnreachable):
        return str(exc)
    if isinstance(exc, duckdb.IOException) and _is_lock(exc):
        return LOCKED
    if isinstance(exc, duckdb.TransactionException):
        return "một lệnh khác đang ghi vào cùng dữ liệu; không ghi gì, hãy chạy lại sau"
    if isinstance(exc, duckdb.Error):
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"lỗi cơ sở dữ liệu ({type(exc).__name__}): {first}"
    if isinstance(exc, OSError) and exc.errno is None:  # raised with a message of ours
        return str(exc)
    if isinstance(exc, OSError):
        return os_message(exc)
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
