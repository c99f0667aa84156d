"""Command line accounts: python -m cchc user add|reset|disable (exit 0 done, 2 refused).

The way to create the first administrator on a server without a browser at hand, to give a
forgotten password a new one and to shut an account out. Every change is audited under the
operating-system account that ran it, marked as such ("cli:<name>").
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cchc.roles import ROLES

if TYPE_CHECKING:  # loaded when a command runs: `python -m cchc --help` stays fast
    import duckdb


def cli_who() -> str:
    """The operating-system user running the command line, marked as such: `cli:<name>`."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return "cli:?"


def _password(args: argparse.Namespace) -> str:
    """The new password: one line of stdin with --password-stdin, else asked twice."""
    from cchc import auth

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if first != getpass.getpass("Nhập lại mật khẩu: "):
        raise auth.AuthError("Hai lần nhập mật khẩu không khớp.")
    return first


def _open(path: str) -> duckdb.DuckDBPyConnection:
    import duckdb

    from cchc import auth, db

    if not db.is_url(path) and not Path(path).exists():
        raise auth.AuthError(f"chưa có cơ sở dữ liệu {path}; chạy 'python -m cchc init --db {path}' trước")
    try:
        return db.connect(path)
    except duckdb.IOException as exc:
        raise auth.AuthError(f"không mở được {path} (máy chủ đang dùng?): {exc}") from exc


def cmd_add(args: argparse.Namespace) -> int:
    from cchc import auth

    con = _open(args.db)
    if auth.user_exists(con, args.username):
        raise auth.AuthError(f"đã có tài khoản {args.username}; dùng 'user reset' để đổi mật khẩu.")
    user = auth.create_user(
        con,
        username=args.username,
        display_name=args.name or args.username,
        role=args.role,
        password=_password(args),
        unit_code=args.unit,
        created_by=cli_who(),
    )
    auth.audit(con, cli_who(), "user_create", f"{user.username} ({user.role}, {user.unit_code or 'toàn TP'})")
    print(f"Đã tạo tài khoản {user.username} ({user.role}).")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    from cchc import auth

    con = _open(args.db)
    if not auth.user_exists(con, args.username):
        raise auth.AuthError(f"Không có tài khoản {args.username}.")
    auth.reset_password(con, args.username, _password(args))
    auth.audit(con, cli_who(), "user_reset", args.username.strip().lower())
    print(f"Đã đặt mật khẩu mới cho {args.username}.")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    from cchc import auth

    con = _open(args.db)
    auth.disable_user(con, args.username)
    auth.audit(con, cli_who(), "user_disable", args.username.strip().lower())
    print(f"Đã khóa tài khoản {args.username}: không đăng nhập được nữa.")
    return 0


def run(args: argparse.Namespace) -> int:
    """The chosen subcommand; a refusal is one line on stderr and exit code 2."""
    from cchc import auth

    try:
        return int(args.user_func(args))
    except auth.AuthError as exc:
        print(f"Lỗi: {str(exc).rstrip('.')}.", file=sys.stderr)
        return 2


DB_HELP = "tệp cơ sở dữ liệu DuckDB, vd. data/cchc.duckdb"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `user add|reset|disable` on the CLI's subcommands."""
    parser = sub.add_parser("user", help="tạo, đặt lại mật khẩu hoặc khóa tài khoản")
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="action", required=True, metavar="VIỆC", title="việc")

    p = actions.add_parser("add", help="tạo tài khoản")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của tài khoản")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.add_argument(
        "--role",
        required=True,
        choices=sorted(ROLES),
        help="; ".join(f"{k} = {v}" for k, v in ROLES.items()),
    )
    p.add_argument(
        "--unit", help="mã đơn vị (bắt buộc với vai trò unit; với city: mã tỉnh, thành phố, như HN)"
    )
    p.add_argument("--name", help="họ tên hiển thị (mặc định: tên đăng nhập)")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ một dòng của stdin")
    p.set_defaults(user_func=cmd_add)

    p = actions.add_parser("reset", help="đặt mật khẩu mới")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của tài khoản")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ một dòng của stdin")
    p.set_defaults(user_func=cmd_reset)

    p = actions.add_parser("disable", help="khóa tài khoản (không đăng nhập được nữa)")
    p.add_argument("username", metavar="TÊN_ĐĂNG_NHẬP", help="tên đăng nhập của tài khoản")
    p.add_argument("--db", required=True, help=DB_HELP)
    p.set_defaults(user_func=cmd_disable)
