"""Embedded (DuckDB file) vs server mode (PostgreSQL through DuckDB's postgres_scanner), same data.

Copies bench_fulfillment.py's national database (3,500 units x 5 years, 5M items by default; built
once under bench/.cache) into a fresh PostgreSQL database, then times on both stores, in whole
runs interleaved (each run asks every question of the embedded store, then of the server), the
medians of --runs runs, after checking that both give the same answer: (a) one month
nation-wide, (b) one province's month (the first 100 communes' scope), (c) one unit's year; then
(d) a 100k-row import in-process (bench_import.py's file) into a fresh copy of that database of
each kind.
Questions are asked as the app asks them: `fulfillment()` on an open connection (the kept rows,
checked current first).

    .venv/bin/python bench/bench_server.py [--items 5000000] [--runs 5] [--pg postgresql://…]

Without --pg it starts its own PostgreSQL cluster (Debian's binaries, /usr/lib/postgresql/<n>/bin)
in a tmp folder on a free port, with PostgreSQL's default settings, and removes it at the end;
--pg names a database the script may create databases from (as a superuser).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cchc import db  # noqa: E402
from cchc.periods import parse_period  # noqa: E402
from cchc.quotas.fulfillment import fulfillment  # noqa: E402

AS_OF = date(2026, 11, 23)
TABLES = (
    "units",
    "plans",
    "quota_rules",
    "import_batches",
    "publications",
    "item_counts",
    "meta",
    "kept_fulfillment",
    "kept_days",
    "kept_units",
    "kept_rules",
)


@contextlib.contextmanager
def own_cluster() -> Iterator[str]:
    """A PostgreSQL cluster of this run's (initdb in a tmp folder, a free local port): its URL."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql), or pass --pg")
    bin_dir, folder = found[-1].parent, Path(tempfile.mkdtemp(prefix="cchc-bench-pg-"))
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_pg:
        shutil.chown(folder, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"
    subprocess.run([*as_pg, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    pg_ctl = [*as_pg, str(bin_dir / "pg_ctl"), "-D", str(data)]
    subprocess.run([*pg_ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"],
                   check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(admin_url: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"create database {name}")
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def copy_to_server(path: Path, url: str) -> None:
    """The file's tables into the server database (its schema made by cchc.db.connect)."""
    con = db.connect(url)
    t = time.perf_counter()
    con.execute(f"attach {db.sql_literal(str(path))} as src (read_only)")
    for table in TABLES:
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} by name select * from src.main.{table}")
    con.execute("detach src")
    # ids continue after the copied ones, as a restore does (the sequences are PostgreSQL's)
    from cchc import server, server_backup

    found = server.of(con)
    assert found is not None
    for table, column, sequence in server_backup._sequence_columns():
        found.admin.run(
            "server/sequence_reset",
            {"table_name": table, "column_name": column, "sequence": f"main.{sequence}"},
        )
    con.close()
    # as autovacuum leaves the tables within a minute of a change (the kept tables' thresholds:
    # queries/server/read_indexes.sql): the index-only scans then read no table page
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("vacuum analyze")
    print(f"copied into PostgreSQL and vacuumed in {time.perf_counter() - t:.0f} s")


def national(items: int, units: int) -> Path:
    """bench_fulfillment.py's national database (built if missing), migrated and kept current."""
    from cchc.quotas import kept

    path = ROOT / "bench" / ".cache" / f"national-{units}-{items}-duckdb{duckdb.__version__}.duckdb"
    if not path.exists():
        from bench_fulfillment import build

        path.parent.mkdir(exist_ok=True)
        build(path, units, items)
    con = db.connect(path)
    kept.current(con)
    n = con.execute("select count(*) from publications").fetchone()
    con.close()
    print(f"database: {units:,} units, {n[0] if n else 0:,} items")
    return path


def queries_bench(path: Path, url: str, runs: int) -> None:
    stores = {"embedded": db.connect(path), "server": db.connect(url)}
    month, year = parse_period("2026-06"), parse_period("2026")
    province = db.run(stores["embedded"], "units/unit_names")["code"].tolist()[:100]
    cases = {
        "(a) one month, nation-wide": lambda con: fulfillment(con, month, AS_OF),
        "(b) one province's month (100 units)": lambda con: fulfillment(con, month, AS_OF, province),
        "(c) one unit's year": lambda con: fulfillment(con, year, AS_OF, ["00136"]),
    }
    for name, fn in cases.items():  # also the warm-up (the server's first read refreshes its kept rows)
        answers = {k: fn(c) for k, c in stores.items()}
        assert answers["embedded"].equals(answers["server"]), name
        print(f"{name}: {len(answers['server']):,} rows, equal on both stores")
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs):  # whole runs, interleaved
        for name, fn in cases.items():
            for kind, con in stores.items():
                t = time.perf_counter()
                fn(con)
                times.setdefault((name, kind), []).append(time.perf_counter() - t)
    print(f"{'query':40} {'embedded':>10} {'server':>10} {'ratio':>7}")
    for name in cases:
        e, s = (statistics.median(times[(name, k)]) for k in stores)
        print(f"{name:40} {e * 1000:8.1f}ms {s * 1000:8.1f}ms {s / e:6.1f}x")
    for con in stores.values():
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--pg", help="a PostgreSQL database to create databases from (default: a cluster of its own)"
    )
    ap.add_argument("--items", type=int, default=5_000_000)
    ap.add_argument("--units", type=int, default=3_500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-import", action="store_true", help="the queries only")
    args = ap.parse_args()
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    path = national(args.items, args.units)
    with contextlib.ExitStack() as stack:
        admin = args.pg or stack.enter_context(own_cluster())
        url = new_database(admin)
        copy_to_server(path, url)
        queries_bench(path, url, args.runs)
        if not args.no_import:
            import_bench(path, admin, url, args.runs)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def import_bench(path: Path, admin_url: str, national_url: str, runs: int) -> None:
    """(d) bench_import.py's 100k-row log imported in-process into a fresh copy of the national
    database of each kind (the file copied; PostgreSQL's made with CREATE DATABASE … TEMPLATE)."""
    import psycopg
    from bench_read import CACHE, build

    from cchc.ingest import importer, pool

    log = CACHE / "log-100000-bench-import.xlsx"
    if not log.exists():
        build(log, 100_000, inline=False)
    pool.warm()
    template = national_url.rsplit("/", 1)[1]
    times: dict[str, list[float]] = {"embedded": [], "server": []}
    added: dict[str, set[int]] = {"embedded": set(), "server": set()}
    for _ in range(runs):
        for kind in times:
            if kind == "embedded":  # a copy beside the others' temporary files, not in the shared cache
                target = str(Path(tempfile.gettempdir()) / f"cchc-bench-import-{uuid.uuid4().hex[:6]}.duckdb")
                shutil.copyfile(path, target)
            else:
                name = f"bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f"create database {name} template {template}")
                target = admin_url.rsplit("/", 1)[0] + f"/{name}"
            con = db.connect(target)
            t = time.perf_counter()
            run = importer.import_files(con, [log], who="bench", accept_partial=True)
            times[kind].append(time.perf_counter() - t)
            added[kind].add(run.results[0].added)
            con.close()
            if kind == "embedded":
                for leftover in ("", ".wal", ".kept-checked"):
                    Path(target + leftover).unlink(missing_ok=True)
    assert added["embedded"] == added["server"] and len(added["server"]) == 1, added
    e, s = statistics.median(times["embedded"]), statistics.median(times["server"])
    print(f"{'(d) import of a 100k-row log':40} {e * 1000:8.0f}ms {s * 1000:8.0f}ms {s / e:6.1f}x")
    print(f"    {added['server'].pop():,} rows added on each store; runs (s): "
          f"embedded {[round(x, 1) for x in times['embedded']]}, server {[round(x, 1) for x in times['server']]}")  # fmt: skip
    pool.shutdown()


if __name__ == "__main__":
    main()
