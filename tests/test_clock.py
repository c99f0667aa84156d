"""cchc.clock: today is Vietnam's date, whatever time zone the server keeps."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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
