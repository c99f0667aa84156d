"""Several writers at once on one PostgreSQL database, and backups of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from cchc import backup, db, reference
from server.conftest import ROOT, Cluster, cli
from tests.ingest.corpus import Sheet, with_openpyxl

HEADER = ["Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề"]
UNITS = ["Sở Tư pháp", "Phường Phúc Lợi", "Sở Y tế"]


def overlapping_logs(folder: Path, n_files: int = 4) -> list[Path]:
    """Logs that share rows (the same row in two files: known, added once) and re-send items on
    later days (a copy of an earlier item: marked duplicate, whichever file brings it first)."""
    files = []
    for k in range(n_files):
        body = []
        for i in range(k * 8, k * 8 + 24):
            day = 1 + i % 20 + (k if i % 2 else 0)  # odd items re-sent a day later by each later file
            body.append([UNITS[i % 3], f"{day:02d}/04/2026", "Cổng TTĐT", f"Tin số {i}"])
        path = folder / f"nhat-ky-{k}.xlsx"
        path.write_bytes(with_openpyxl(Sheet("Tin bài", [HEADER, *body])))
        files.append(path)
    return files


def reference_db(url: str, *logs: Path) -> str:
    """What `init` writes for imports (units, plans, quota rules), then `logs` imported, in this
    process (a CLI process costs seconds to start)."""
    from cchc.ingest.importer import import_files

    con = db.connect(url)
    try:
        reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
        reference.load_plans_and_rules(con)
        for log in logs:
            assert import_files(con, [log], who="kiểm thử").exit_code == 0
    finally:
        con.close()
    return url


def items(target: str) -> list[tuple]:
    """Every item as data (ids aside: they follow the order of the imports), with the item a
    duplicate copies, told by its date and title."""
    con = db.connect(target)
    try:
        frame = db.run(con, "server/count_rows", {"table_name": "publications"})
        assert int(frame.iloc[0, 0]) > 0
        cur = con.cursor()
        rows = cur.execute(
            "select p.unit_code, p.item_date, p.channel, p.title, p.status, p.is_duplicate, p.ever_published,"
            " d.item_date, d.title from publications p left join publications d on d.item_id = p.dup_of"
            " order by all"
        ).fetchall()
        counts = cur.execute("select * from item_counts order by all").fetchall()
        return rows + [("counts", *r) for r in counts]
    finally:
        con.close()


def test_concurrent_imports_give_what_a_sequential_run_gives(cluster: Cluster, tmp_path: Path) -> None:
    files = overlapping_logs(tmp_path)
    sequential = reference_db(cluster.new_database(), *files)  # one after the other
    concurrent = reference_db(cluster.new_database())
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cchc", "import", str(path), "--db", concurrent],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    got, want = items(concurrent), items(sequential)
    assert len([r for r in want if r[0] != "counts"]) == 24 + 3 * 16  # each later file brings 16 new rows
    assert any(r[5] for r in want)  # the re-sent items are there and marked
    assert got == want


def tables_of(target: str) -> dict[str, list[tuple]]:
    con = db.connect(target)
    try:
        names = [r[0] for r in db.execute(con, "server/user_tables")] if db.is_server(con) else []
        cur = con.cursor()
        return {t: cur.execute(f'select * from "{t}" order by all').fetchall() for t in names}
    finally:
        con.close()


def test_backup_then_restore_into_an_empty_database_gives_every_table_back(
    cluster: Cluster, tmp_path: Path
) -> None:
    source, empty = (
        reference_db(cluster.new_database(), *overlapping_logs(tmp_path, 2)),
        cluster.new_database(),
    )
    out = cli("backup", "--db", source, "--to", tmp_path / "bk")
    assert out.returncode == 0, out.stderr
    folder = Path(out.stdout.strip())
    assert folder.parent == tmp_path / "bk" and (folder / "publications.parquet").exists()
    out = cli("restore", "--from", folder, "--db", empty)
    assert out.returncode == 0, out.stderr
    want, got = tables_of(source), tables_of(empty)
    assert set(want) >= {"publications", "import_batches", "units", "audit_log", "schema_migrations"}
    assert got == want
    # The restored database goes on where the source stopped: its next batch is a new id.
    (tmp_path / "more").mkdir()
    more = overlapping_logs(tmp_path / "more", 3)[2]
    assert cli("import", more, "--db", empty).returncode == 0
    # A database with data is not overwritten without --force; with it, it is the backup again.
    refused = cli("restore", "--from", folder, "--db", empty)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert cli("restore", "--from", folder, "--db", empty, "--force").returncode == 0
    assert tables_of(empty)["publications"] == want["publications"]


def test_a_server_backup_restores_into_a_duckdb_file_too(cluster: Cluster, tmp_path: Path) -> None:
    source = reference_db(cluster.new_database(), overlapping_logs(tmp_path, 1)[0])
    folder = backup.backup(db.connect(source), tmp_path / "bk")
    restored = backup.restore(folder, tmp_path / "copy.duckdb")
    con = duckdb.connect(str(restored))
    want = tables_of(source)["publications"]
    assert con.execute("select * from publications order by all").fetchall() == want


def big_log(path: Path, rows: int) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Tin bài")
    ws.write_row(0, 0, HEADER)
    for i in range(rows):
        ws.write_row(i + 1, 0, [UNITS[i % 3], f"{1 + i % 28:02d}/05/2026", "Cổng TTĐT", f"Tin dài {i}"])
    book.close()
    return path


def test_an_import_killed_mid_way_loses_nothing_and_blocks_nobody(pg_url: str, tmp_path: Path) -> None:
    import os
    import signal
    import time

    reference_db(pg_url)
    log = big_log(tmp_path / "nhat-ky-lon.xlsx", 8_000)
    proc = subprocess.Popen([sys.executable, "-m", "cchc", "import", str(log), "--db", pg_url], cwd=ROOT)
    time.sleep(3)  # reading or writing by now
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    con = db.connect(pg_url)
    try:
        cur = con.cursor()
        added = cur.execute(
            "select coalesce(sum(rows_added), 0) from import_batches where kind = 'publications'"
        ).fetchone()[0]
        items_n = cur.execute("select count(*) from publications").fetchone()[0]
        assert added == items_n and items_n in (0, 8_000)  # all of the batch or none of it
    finally:
        con.close()
    # The writers' lock died with the process: the next import neither waits nor fails.
    again = cli("import", log, "--db", pg_url)
    assert again.returncode == 0, again.stderr
    con = db.connect(pg_url)
    try:
        assert con.cursor().execute("select count(*) from publications").fetchone()[0] == 8_000
    finally:
        con.close()
