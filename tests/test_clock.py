"""cchc.clock: today is Vietnam's date, whatever time zone the server keeps."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from cchc import clock

ROOT = Path(__file__).resolve().parent.parent
PRINT_TODAY = "from cchc import clock; print(clock.today().isoformat())"


def _today_under(tz: str) -> date:
    env = dict(os.environ, TZ=tz)
    out = subprocess.run(
        [sys.executable, "-c", PRINT_TODAY], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return date.fromisoformat(out.stdout.strip())


def test_today_is_the_same_date_on_servers_26_hours_apart_and_it_is_hanois() -> None:
    # A server's own date under UTC+14 and under UTC-12 always differ (by a day or two);
    # Vietnam's does not depend on either.
    before = (datetime.now(UTC) + timedelta(hours=7)).date()
    east, west = _today_under("Etc/GMT-14"), _today_under("Etc/GMT+12")
    after = (datetime.now(UTC) + timedelta(hours=7)).date()
    assert east == west
    assert east in (before, after)  # (midnight in Hà Nội may fall between the calls)


def test_today_in_process_is_hanois_date() -> None:
    before = (datetime.now(UTC) + timedelta(hours=7)).date()
    assert clock.today() in (before, (datetime.now(UTC) + timedelta(hours=7)).date())


def test_no_code_takes_the_servers_own_date() -> None:
    """Every "today" of the product comes from cchc.clock: `date.today()` or `datetime.today()`
    anywhere in the code would be the server's date, a day behind Hà Nội's each evening on UTC."""
    found = []
    for path in [
        *ROOT.glob("cchc/**/*.py"),
        *ROOT.glob("ui/*.py"),
        *ROOT.glob("pages/*.py"),
        ROOT / "app.py",
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "today"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("date", "datetime")
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found


def test_an_import_on_a_server_kept_on_hanoi_time_is_stamped_in_utc(tmp_path: Path) -> None:
    """Stored times are UTC (the pages show them in Hà Nội time): on a server whose clock is set
    to Hà Nội, a stamp taken from DuckDB's session time zone would be shown 7 hours late."""
    env = dict(os.environ, TZ="Asia/Ho_Chi_Minh")
    database = tmp_path / "gio.duckdb"
    log = tmp_path / "nhat-ky.csv"
    log.write_text(
        "Đơn vị,Ngày đăng,Kênh đăng,Tiêu đề,Link\n"
        "Phường Phúc Lợi,03/11/2026,Cổng TTĐT,Tin một,https://phucloi.hanoi.gov.vn/1\n",
        encoding="utf-8",
    )
    for args in (["init", "--db", str(database)], ["import", str(log), "--db", str(database)]):
        done = subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, env=env, capture_output=True)
        assert done.returncode == 0, done.stderr.decode()[-500:]
    now = datetime.now(UTC).replace(tzinfo=None)
    con = duckdb.connect(str(database), read_only=True)
    try:
        (stamp,) = con.execute(
            "select imported_at from import_batches where kind = 'publications'"
        ).fetchone()
    finally:
        con.close()
    assert abs((stamp - now).total_seconds()) < 300, (stamp, now)


def test_the_pages_day_is_today_except_on_the_demo_which_keeps_to_its_last_day() -> None:
    assert clock.page_day(demo=False) == clock.today()
    assert clock.page_day(demo=True) == min(clock.today(), clock.DEMO_DAY)


def test_a_backup_is_named_with_hanois_time_on_a_server_kept_on_another(tmp_path: Path) -> None:
    """The users page says «Đã sao lưu: bản cchc-…» beside an audit log in Hà Nội time: the name's
    time must be the one users read, not the server's clock (here 19 hours behind Hà Nội)."""
    env = dict(os.environ, TZ="Etc/GMT+12")
    database = tmp_path / "cchc.duckdb"
    made = []
    for args in (
        ["init", "--db", str(database)],
        ["backup", "--db", str(database), "--to", str(tmp_path / "bk")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "cchc", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-500:]
        made.append(done.stdout.strip())
    stamp = datetime.strptime(Path(made[-1]).name.removeprefix("cchc-"), "%Y%m%d-%H%M%S-%f")
    hanoi = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=7)
    assert abs((stamp - hanoi).total_seconds()) < 300, (stamp, hanoi)


def test_a_locked_sign_in_says_until_when_in_hanoi_time() -> None:
    from cchc import auth

    throttle = auth.SignInThrottle()
    for _ in range(auth.SignInThrottle.ACCOUNT_FAILURES):
        until = throttle.failed("ai.do")
    assert until is not None
    expected = datetime.now(UTC) + timedelta(hours=7) + auth.SignInThrottle.LOCKOUT
    shown = auth.locked_message(until)
    assert f"{expected:%d/%m/%Y}" in shown or f"{expected - timedelta(minutes=1):%d/%m/%Y}" in shown
    hours, minutes = (int(x) for x in shown.split("thử lại sau ")[1][:5].split(":"))
    late = (hours * 60 + minutes - (expected.hour * 60 + expected.minute)) % (24 * 60)
    assert late in (0, 1, 24 * 60 - 1), (shown, expected)
