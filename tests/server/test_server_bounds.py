"""The import's reads bounded by constants on PostgreSQL (cchc.unit_runs, the slice's days) find
every row they must: the same rows, duplicate marks, counts and kept answers as a DuckDB file,
where one statement covers every unit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import psycopg

from cchc import db
from cchc.ingest import load
from cchc.ingest.importer import import_files
from cchc.periods import parse_period
from cchc.quotas import kept
from cchc.quotas.fulfillment import fulfillment, recomputed
from cchc.unit_runs import unit_runs
from server.conftest import Cluster
from server.test_server_writers import items, reference_db
from tests.ingest.corpus import Sheet, with_openpyxl

HEADER = ["Đơn vị", "Ngày đăng", "Kênh đăng", "Tiêu đề"]
# Far apart in code order ('00136' … 'HN-STP', 'HN-SYT'; 200 units between): two runs on PostgreSQL.
BATCH_UNITS = ["Phường Phúc Lợi", "Sở Tư pháp", "Sở Y tế"]
BETWEEN = "Xã Quốc Oai"  # '09895': inside the batch's first and last codes, not one of its units


def log(path: Path, rows: list[list[str]]) -> Path:
    path.write_bytes(with_openpyxl(Sheet("Tin bài", [HEADER, *rows])))
    return path


def logs(folder: Path) -> list[Path]:
    """March's items; a unit between the batch's codes; May re-sending March's odd items
    (duplicates across files and date ranges) and repeating two of March's rows (known)."""
    march = [[BATCH_UNITS[i % 3], f"{1 + i:02d}/03/2026", "Cổng TTĐT", f"Tin số {i}"] for i in range(18)]
    between = [[BETWEEN, f"{1 + i:02d}/04/2026", "Cổng TTĐT", f"Tin số {i}"] for i in range(6)]
    may = [
        [unit, f"{int(day[:2]) + 3:02d}/05/2026", channel, title] for unit, day, channel, title in march[1::2]
    ]
    return [
        log(folder / "thang-3.xlsx", march),
        log(folder / "giua.xlsx", between),
        log(folder / "thang-5.xlsx", [*may, march[0], march[2]]),
    ]


def state(target: str) -> list[tuple]:
    """Items with their marks, item counts (items()), the kept fulfillment rows and their days."""
    con = db.connect(target)
    try:
        kept = con.cursor().execute("select * from kept_fulfillment order by all").fetchall()
        days = con.cursor().execute("select * from kept_days order by all").fetchall()
    finally:
        con.close()
    assert days  # March's and May's items counted somewhere
    return items(target) + [("kept", *r) for r in kept] + [("day", *r) for r in days]


def steps(target: str, files: list[Path]) -> list[list[tuple]]:
    """Each file imported, then March's batch undone: the state after each step."""
    reference_db(target)
    con = db.connect(target)
    seen, batches = [], []
    try:
        for path in files:
            run = import_files(con, [path], who="kiểm thử")
            assert run.exit_code == 0
            batches.append(run.results[0])
            con.close()
            seen.append(state(target))
            con = db.connect(target)
        load.undo_batch(con, int(batches[0].batch_id or 0), "kiểm thử")
    finally:
        con.close()
    seen.append(state(target))
    may = batches[2]
    assert (may.added, may.known, may.duplicates) == (9, 2, 9)
    return seen


def test_bounded_reads_give_a_files_rows_marks_and_counts(cluster: Cluster, tmp_path: Path) -> None:
    files = logs(tmp_path)
    url = cluster.new_database()
    server_steps = steps(url, files)
    con = db.connect(url)
    try:
        codes = ["00136", "HN-STP", "HN-SYT"]
        assert unit_runs(con.cursor(), codes) == [["00136"], ["HN-STP", "HN-SYT"]]  # split here
    finally:
        con.close()
    file_steps = steps(str(tmp_path / "cchc.duckdb"), files)
    assert server_steps == file_steps
    after_may = [r for r in server_steps[2] if r[0] not in ("counts", "kept", "day")]
    assert sum(1 for r in after_may if r[5]) == 9  # May's copies marked, March's firsts not
    after_undo = [r for r in server_steps[3] if r[0] not in ("counts", "kept", "day")]
    assert len(after_undo) == 6 + 9 and not any(r[5] for r in after_undo)  # May's copies now first


def test_an_import_after_a_write_that_skipped_the_refresh_heals_it(cluster: Cluster, tmp_path: Path) -> None:
    """The refresh skips the search for stale units only when nothing but its own write changed
    the sources since the last refresh: here another session changed a unit's counts first."""
    march, between, _ = logs(tmp_path)
    url = reference_db(cluster.new_database(), march)
    with psycopg.connect(url, autocommit=True) as other:  # no kept refresh
        other.execute("update main.item_counts set n = n + 5 where unit_code = '00136'")
    con = db.connect(url)
    try:
        assert import_files(con, [between], who="kiểm thử").exit_code == 0  # another unit's batch
        month, as_of = parse_period("2026-03"), date(2026, 3, 31)
        assert kept.current(con)  # the import's refresh stored the stamp: the kept rows are read
        want = recomputed(con, month, as_of, ["00136"])
        assert fulfillment(con, month, as_of, ["00136"]).equals(want) and want["actual"].sum() > 5
    finally:
        con.close()
