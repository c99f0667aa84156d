"""Production mode from the command line: `user add|reset|disable`, `init --demo` on a production
database, `restore` under a running server (subprocesses, as an operator runs them)."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date as d
from pathlib import Path

import duckdb
import pytest
from conftest import PHUC_LOI, add_items, item

from cchc import auth, backup, db, reference

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "mat-khau-du-dai-1"


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True, input=stdin
    )


@pytest.fixture
def prod_db(tmp_path: Path) -> Path:
    """A database with units and rules, no accounts, no imports (as `init` leaves it)."""
    path = tmp_path / "prod.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    con.close()
    return path


def _read(path: Path, sql_name: str, params: dict | None = None) -> list[tuple]:
    con = db.connect(path)
    try:
        return db.execute(con.cursor(), sql_name, params)
    finally:
        con.close()


def _sign_in(path: Path, username: str, password: str) -> auth.User | None:
    con = db.connect(path)
    try:
        return auth.authenticate(con, username, password)
    finally:
        con.close()


def test_user_add_creates_an_account_that_signs_in_and_is_audited(prod_db):
    out = cli("user", "add", "PL.LanhDao", "--db", str(prod_db), "--role", "unit", "--unit", PHUC_LOI,
              "--name", "Lãnh đạo Phúc Lợi", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "pl.lanhdao" in out.stdout
    assert _sign_in(prod_db, "pl.lanhdao", PASSWORD) == auth.User(
        "pl.lanhdao", "Lãnh đạo Phúc Lợi", "unit", PHUC_LOI
    )
    log = _read(prod_db, "auth/audit_list", {"limit": 5})
    assert [(r[1].startswith("cli:"), r[2]) for r in log] == [(True, "user_create")]
    assert "pl.lanhdao (unit, " + PHUC_LOI in log[0][3]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "unit", "--unit", "KHONGCO"], PASSWORD, "Không có đơn vị mã KHONGCO"),
        (["--role", "unit"], PASSWORD, "gắn với một đơn vị"),
        (["--role", "city", "--unit", PHUC_LOI], PASSWORD, "không gắn với đơn vị"),
        (["--role", "viewer"], "ngan", "ít nhất"),
        (["--role", "boss"], PASSWORD, "không hợp lệ"),
    ],
)
def test_user_add_refuses_bad_arguments_with_exit_2(prod_db, args, stdin, message):
    out = cli("user", "add", "nguoi.moi", "--db", str(prod_db), *args, "--password-stdin", stdin=stdin + "\n")
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert _read(prod_db, "auth/auth_account_count") == [(0,)]


def test_user_add_on_a_missing_database_or_an_existing_name_is_refused(prod_db, tmp_path):
    out = cli("user", "add", "a.b", "--db", str(tmp_path / "typo.duckdb"), "--role", "city", "--password-stdin",
              stdin=PASSWORD)  # fmt: skip
    assert out.returncode == 2 and "python -m cchc init" in out.stderr
    assert not (tmp_path / "typo.duckdb").exists()
    assert (
        cli(
            "user", "add", "a.b", "--db", str(prod_db), "--role", "city", "--password-stdin", stdin=PASSWORD
        ).returncode
        == 0
    )
    again = cli(
        "user",
        "add",
        "a.b",
        "--db",
        str(prod_db),
        "--role",
        "viewer",
        "--password-stdin",
        stdin="khac-hoan-toan-1",
    )
    assert again.returncode == 2 and "user reset" in again.stderr
    assert _sign_in(prod_db, "a.b", PASSWORD) is not None  # the first account is untouched


def test_user_reset_gives_a_new_password_and_disable_shuts_the_account_out(prod_db):
    assert (
        cli(
            "user", "add", "a.b", "--db", str(prod_db), "--role", "city", "--password-stdin", stdin=PASSWORD
        ).returncode
        == 0
    )
    out = cli("user", "reset", "A.B", "--db", str(prod_db), "--password-stdin", stdin="mat-khau-moi-hon-1\n")
    assert out.returncode == 0, out.stderr
    assert _sign_in(prod_db, "a.b", PASSWORD) is None
    assert _sign_in(prod_db, "a.b", "mat-khau-moi-hon-1") is not None
    out = cli("user", "disable", "a.b", "--db", str(prod_db))
    assert out.returncode == 0, out.stderr
    assert _sign_in(prod_db, "a.b", "mat-khau-moi-hon-1") is None
    assert _read(prod_db, "auth/auth_user_get", {"username": "a.b"})[0][5] is True
    actions = [r[2] for r in _read(prod_db, "auth/audit_list", {"limit": 10})]
    assert sorted(actions) == ["user_create", "user_disable", "user_reset"]


@pytest.mark.parametrize("action", [["reset", "--password-stdin"], ["disable"]])
def test_reset_or_disable_of_an_unknown_account_exits_2(prod_db, action):
    out = cli("user", action[0], "khong.co", "--db", str(prod_db), *action[1:], stdin=PASSWORD)
    assert out.returncode == 2 and "Không có tài khoản khong.co" in out.stderr


def test_init_demo_refuses_a_database_with_accounts(prod_db):
    assert (
        cli(
            "user", "add", "a.b", "--db", str(prod_db), "--role", "city", "--password-stdin", stdin=PASSWORD
        ).returncode
        == 0
    )
    out = cli("init", "--db", str(prod_db), "--demo")
    assert out.returncode == 2
    assert "tài khoản" in out.stderr and "Traceback" not in out.stderr
    con = db.connect(prod_db)
    try:
        assert not auth.is_demo(con)
        assert db.scalar(con, "auth/real_import_count") == 0
        assert not db.run(con, "imports/import_batches_list", {"limit": 10}).shape[0]
    finally:
        con.close()


def test_init_demo_refuses_a_database_with_real_imports(prod_db):
    con = db.connect(prod_db)
    add_items(con, [item(PHUC_LOI, d(2026, 3, 2), "city_page")])
    con.close()
    out = cli("init", "--db", str(prod_db), "--demo")
    assert out.returncode == 2 and "số liệu do người dùng nhập" in out.stderr
    con = db.connect(prod_db)
    try:
        assert not auth.is_demo(con)
    finally:
        con.close()


def test_restore_refuses_while_another_process_holds_the_database(prod_db, tmp_path):
    con = db.connect(prod_db)
    saved = backup.backup(con, tmp_path / "backups")
    con.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(60)",
         str(prod_db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        before = prod_db.stat().st_ino
        out = cli("restore", "--from", str(saved), "--db", str(prod_db), "--force")
        assert out.returncode == 2
        assert "đang được một tiến trình khác sử dụng" in out.stderr and "Traceback" not in out.stderr
        assert prod_db.stat().st_ino == before  # the file the server writes to is still the database
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.2)
    out = cli("restore", "--from", str(saved), "--db", str(prod_db), "--force")
    assert out.returncode == 0, out.stderr


def test_automatic_backups_of_two_databases_in_one_folder_each_keep_their_clock(tmp_path):
    folder = tmp_path / "backups"
    first, second = (duckdb.connect(str(tmp_path / name)) for name in ("cchc.duckdb", "thu.duckdb"))
    db.migrate(first)
    db.migrate(second)
    made_first = backup.auto_backup(first, folder)
    made_second = backup.auto_backup(second, folder)
    assert made_first is not None and made_second is not None  # the second is not skipped
    assert made_first.name.startswith("cchc-2") and made_second.name.startswith("cchc-thu-2")
    assert backup.auto_backup(first, folder) is None and backup.auto_backup(second, folder) is None
    assert len(list(folder.iterdir())) == 2


def test_user_commands_on_a_database_the_server_holds_exit_2(prod_db):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); time.sleep(60)",
         str(prod_db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        out = cli(
            "user", "add", "a.b", "--db", str(prod_db), "--role", "city", "--password-stdin", stdin=PASSWORD
        )
        assert out.returncode == 2 and "máy chủ đang dùng" in out.stderr and "Traceback" not in out.stderr
    finally:
        holder.kill()
        holder.wait()


def test_restore_from_a_damaged_backup_exits_2_and_keeps_the_database(prod_db, tmp_path):
    con = db.connect(prod_db)
    saved = backup.backup(con, tmp_path / "backups")
    con.close()
    for parquet in saved.glob("*.parquet"):
        parquet.write_bytes(b"not parquet")
    before = prod_db.read_bytes()
    out = cli("restore", "--from", str(saved), "--db", str(prod_db), "--force")
    assert out.returncode == 2 and "không khôi phục được" in out.stderr and "Traceback" not in out.stderr
    assert prod_db.read_bytes() == before
