"""Concurrency, crash safety, backup and restore, on real database files."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from conftest import PHUC_LOI

from cchc import backup, db, reference
from cchc.ingest import importer
from cchc.periods import parse_period
from cchc.quotas.fulfillment import fulfillment

ROOT = Path(__file__).resolve().parent.parent
UNITS = ["Phường Phúc Lợi", "Phường Bạch Mai", "Sở Tư pháp", "Xã Sóc Sơn", "Phường Hoàn Kiếm"]


def write_log(path: Path, rows: list[tuple[str, date, str, str]]) -> Path:
    """A log as staff send it: unit, date, channel, title."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tin bài")
    ws.write_row(0, 0, ["Đơn vị", "Ngày đăng", "Kênh", "Tiêu đề"])
    for r, (unit, day, channel, title) in enumerate(rows, start=1):
        ws.write_row(r, 0, [unit, day.strftime("%d/%m/%Y"), channel, title])
    wb.close()
    return path


def make_rows(tag: str, n: int) -> list[tuple[str, date, str, str]]:
    return [
        (UNITS[i % len(UNITS)], date(2026, 3, 1) + timedelta(days=i % 200), "Cổng TTĐT", f"{tag} tin số {i}")
        for i in range(n)
    ]


def fresh_db(path: Path):
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    return con


def test_twenty_threads_importing_and_reading_lose_and_double_nothing(tmp_path):
    con = fresh_db(tmp_path / "c.duckdb")
    files = []
    for k in range(10):
        files.append(write_log(tmp_path / f"distinct-{k}.xlsx", make_rows(f"lô{k}", 40)))
    shared = make_rows("chung", 30)
    for k in range(5):  # overlapping files: the same 30 rows plus 10 of their own
        files.append(write_log(tmp_path / f"overlap-{k}.xlsx", shared + make_rows(f"riêng{k}", 10)))
    files.append(files[0])  # the very same file twice
    errors: list[BaseException] = []

    def do_import(path: Path) -> None:
        try:
            importer.import_files(con, [path], who="t")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def do_read() -> None:
        try:
            for _ in range(5):
                fulfillment(con, parse_period("2026-Q2"), date(2026, 11, 1), [PHUC_LOI])
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=do_import, args=(f,)) for f in files]
    threads += [threading.Thread(target=do_read) for _ in range(20 - len(threads))]  # 20 in all
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    total = con.execute("select count(*) from publications").fetchone()[0]
    assert total == 10 * 40 + 30 + 5 * 10
    live = con.execute("select count(*) from import_batches where undone_at is null").fetchone()[0]
    assert live == 15
    recount = con.execute("select sum(n) from item_counts").fetchone()[0]
    assert recount == con.execute("select count(*) from publications where not is_duplicate").fetchone()[0]


KILL_SCRIPT = """
import sys, time
from cchc import db
from cchc.ingest import importer
from cchc.ingest import load
con = db.connect(sys.argv[1])
original = load.counts.refresh
def slow_refresh(cur, units):
    original(cur, units)
    print('inside', flush=True)
    time.sleep(60)  # killed here: rows written, transaction not committed
load.counts.refresh = slow_refresh
importer.import_files(con, [sys.argv[2]], who='crash')
"""


def _table_digest(con) -> list[tuple]:
    return [
        con.execute(f"select count(*), coalesce(sum(hash(t)), 0) from {table} as t").fetchone()
        for table in ("units", "quota_rules", "publications", "item_counts", "import_batches")
    ]


def test_import_killed_mid_way_leaves_the_database_as_before(tmp_path):
    path = tmp_path / "k.duckdb"
    con = fresh_db(path)
    importer.import_files(con, [write_log(tmp_path / "first.xlsx", make_rows("đầu", 50))], who="t")
    before = _table_digest(con)
    con.close()
    big = write_log(tmp_path / "big.xlsx", make_rows("lớn", 3000))
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(path), str(big)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout.readline().strip() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    con = db.connect(path)
    assert _table_digest(con) == before
    # ... and usable: the same file now imports completely.
    run = importer.import_files(con, [big], who="t")
    assert run.results[0].added == 3000


def test_backup_and_restore_answer_every_query_exactly_as_the_original(tmp_path):
    con = fresh_db(tmp_path / "orig.duckdb")
    importer.import_files(con, [write_log(tmp_path / "a.xlsx", make_rows("sao lưu", 120))], who="t")
    folder = backup.backup(con, tmp_path / "backups")
    restored_path = backup.restore(folder, tmp_path / "restored.duckdb")
    restored = db.connect(restored_path)
    for spec in ("2026-03", "2026-Q2", "2026", "2026-W14"):
        a = fulfillment(con, parse_period(spec), date(2026, 11, 23))
        b = fulfillment(restored, parse_period(spec), date(2026, 11, 23))
        assert a.equals(b), spec
    assert _table_digest(con) == _table_digest(restored)
    with pytest.raises(backup.RestoreRefused):
        backup.restore(folder, restored_path)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_backup_restore_refuses_to_overwrite_without_force(tmp_path):
    con = fresh_db(tmp_path / "o.duckdb")
    con.close()
    out = run("backup", "--db", str(tmp_path / "o.duckdb"), "--to", str(tmp_path / "b"))
    assert out.returncode == 0, out.stderr
    folder = out.stdout.strip()
    refused = run("restore", "--from", folder, "--db", str(tmp_path / "o.duckdb"))
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = run("restore", "--from", folder, "--db", str(tmp_path / "o.duckdb"), "--force")
    assert forced.returncode == 0, forced.stderr


def test_automatic_backups_are_daily_and_keep_the_newest_seven(tmp_path):
    con = fresh_db(tmp_path / "a.duckdb")
    folder = tmp_path / "backups"
    first = backup.auto_backup(con, folder)
    assert first is not None and (first / "schema.sql").exists()
    assert backup.auto_backup(con, folder) is None  # less than a day old: nothing new
    made = [backup.auto_backup(con, folder, max_age_hours=0) for _ in range(8)]
    assert all(made)
    left = sorted(p.name for p in folder.glob("cchc-*"))
    assert len(left) == 7 and made[-1].name in left and first.name not in left


def test_the_start_up_backup_runs_beside_the_pages_and_leaves_only_whole_backups(tmp_path):
    con = fresh_db(tmp_path / "a.duckdb")
    folder = tmp_path / "backups"
    thread = backup.auto_backup_in_background(con, folder)
    assert con.execute("select count(*) from units").fetchone()[0] > 0  # usable meanwhile
    thread.join(timeout=60)
    assert not thread.is_alive()
    (made,) = folder.iterdir()  # one folder: the whole backup, renamed from its .partial name
    assert made.name.startswith("cchc-") and (made / "schema.sql").exists()
    restored = backup.restore(made, tmp_path / "r.duckdb")
    assert db.connect(restored).execute("select count(*) from units").fetchone()[0] > 0


# publications as created before 23/11/2026 (queries/schema.sql at commit eabe6e7).
OLD_PUBLICATIONS = """
create sequence item_seq start 1;
create table publications (
    item_id bigint primary key default nextval('item_seq'),
    batch_id bigint not null, unit_code varchar not null, item_date date not null,
    channel varchar not null, item_kind varchar not null, title varchar not null, url varchar,
    status varchar not null, title_key varchar not null, url_key varchar,
    row_key varchar not null,
    source_sheet varchar, source_row integer,
    is_duplicate boolean not null default false, dup_of bigint,
    ever_published boolean not null default false
);
"""


def test_a_database_from_before_row_key_was_dropped_migrates_and_keeps_its_rows(tmp_path):
    """Databases made while publications had a row_key column (NOT NULL) lose it on open,
    keep every row, and go on recognising re-imported rows."""
    path = tmp_path / "old.duckdb"
    con = db.duckdb.connect(str(path))
    con.execute(OLD_PUBLICATIONS)
    con.execute(
        "insert into publications (batch_id, unit_code, item_date, channel, item_kind, title, status,"
        " title_key, row_key) values (0, '00136', date '2026-03-02', 'own_portal', 'news', 'Tin cũ',"
        " 'published', 'tin cũ', 'abc')"
    )
    con.execute("create index publications_row_key on publications (row_key)")
    con.close()

    con = db.connect(path)
    columns = [
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() where table_name = 'publications'"
        ).fetchall()
    ]
    assert "row_key" not in columns
    assert con.execute("select title from publications").fetchall() == [("Tin cũ",)]
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    log = write_log(tmp_path / "log.xlsx", make_rows("mới", 6))
    first = importer.import_files(con, [log], who="t").results[0]
    assert first.added == 6
    again = write_log(tmp_path / "again.xlsx", make_rows("mới", 6)[:4] + make_rows("khác", 1))
    second = importer.import_files(con, [again], who="t").results[0]
    assert (second.added, second.known) == (1, 4)
    con.close()
    con = db.connect(path)  # migrating again is a no-op
    assert con.execute("select count(*) from publications").fetchone() == (8,)


# --- the one write lock and transaction helper ---------------------------------------------------


def _units(con) -> list[tuple]:
    return con.execute("select code from units order by code").fetchall()


def _add_unit(cur, code: str, name: str | None = "Đơn vị") -> None:
    reference_rows = [
        {
            "code": code,
            "name": name,
            "kind": "commune",
            "parent_code": None,
            "province": "Hà Nội",
            "aliases": None,
            "lat": None,
            "lon": None,
        }
    ]
    cur.register("incoming_units", db_arrow(reference_rows))
    db.execute(cur, "units/units_upsert")


def db_arrow(rows: list[dict]):
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in rows[0]]))


def test_a_transaction_commits_what_its_block_wrote(tmp_path):
    con = db.connect(tmp_path / "t.duckdb")
    with db.transaction(con) as cur:
        _add_unit(cur, "A1")
    assert _units(con) == [("A1",)]


def test_a_failed_statement_the_block_swallowed_raises_at_commit_and_writes_nothing(tmp_path):
    """DuckDB's COMMIT after a failed statement rolls back without a word: the helper says so."""
    con = db.connect(tmp_path / "t.duckdb")
    with pytest.raises(db.CommitRefused), db.transaction(con) as cur:
        _add_unit(cur, "A1")
        with contextlib.suppress(duckdb.Error):  # a unit without a name: refused by DuckDB
            _add_unit(cur, "A2", name=None)
    assert _units(con) == []


def test_an_error_in_the_block_rolls_back_releases_the_lock_and_propagates(tmp_path):
    con = db.connect(tmp_path / "t.duckdb")
    with pytest.raises(ZeroDivisionError), db.transaction(con) as cur:
        _add_unit(cur, "A1")
        1 / 0  # noqa: B018
    assert _units(con) == []
    acquired = threading.Event()
    thread = threading.Thread(
        target=lambda: db.WRITE_LOCK.acquire() and (acquired.set(), db.WRITE_LOCK.release())
    )
    thread.start()
    thread.join(5)
    assert acquired.is_set()


def test_a_dry_run_transaction_rolls_back(tmp_path):
    con = db.connect(tmp_path / "t.duckdb")
    with db.transaction(con, commit=False) as cur:
        _add_unit(cur, "A1")
        assert db.execute(cur, "units/unit_by_code", {"code": "A1"}) == [("A1",)]
    assert _units(con) == []


def test_one_write_lock_for_every_writer():
    """The write lock is defined in cchc.db only; writers take db.WRITE_LOCK, no alias of it."""
    root = Path(__file__).resolve().parent.parent / "cchc"
    defining = [
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if re.search(r"^\s*WRITE_LOCK\s*=", p.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert defining == ["db.py"]


# --- one home for backups -------------------------------------------------------------------------


def test_backups_go_beside_the_database_wherever_it_is(tmp_path, monkeypatch):
    elsewhere = tmp_path / "srv" / "cchc.duckdb"
    monkeypatch.setenv("CCHC_DB", str(elsewhere))
    assert backup.backups_dir(db.default_db_path()) == tmp_path / "srv" / "backups"
    assert backup.backups_dir(db.default_target()) == tmp_path / "srv" / "backups"
    monkeypatch.delenv("CCHC_DB")
    assert backup.backups_dir(db.default_db_path()) == ROOT / "data" / "backups"


def test_every_caller_takes_the_backups_folder_from_backups_dir():
    """The page's "Sao lưu ngay" and the automatic backups (ui) write into the same folder."""
    callers = [*(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]
    for path in callers:
        text = path.read_text(encoding="utf-8")
        assert '"backups"' not in text, f"{path.name} names the backups folder itself"
    session = (ROOT / "ui" / "session.py").read_text(encoding="utf-8")
    assert "backup.backups_dir(db.default_target())" in session
    assert "ui.backups_dir()" in (ROOT / "pages" / "users.py").read_text(encoding="utf-8")
