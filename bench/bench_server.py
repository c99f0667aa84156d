"""Embedded (DuckDB file) vs server mode (PostgreSQL through DuckDB's postgres_scanner), same data.

Copies bench_fulfillment.py's national database (built once under bench/.cache) into a fresh
PostgreSQL database, then times on both stores, interleaved, medians of N runs, checking that
both give the same answer: (a) one month nation-wide, (b) one province's month (the first 100
communes' scope), (c) one unit's year, (d) a 100k-row import in-process (bench_import.py's file).

    .venv/bin/python bench/bench_server.py --pg postgresql://postgres@127.0.0.1:5432/postgres [--items 1000000]

--pg names a PostgreSQL database the script may create databases from (as a superuser).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import uuid
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
TABLES = ("units", "plans", "quota_rules", "import_batches", "publications", "item_counts", "meta")


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
    print(f"copied into PostgreSQL in {time.perf_counter() - t:.0f} s")
    con.close()


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", required=True)
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--units", type=int, default=3_500)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    path = ROOT / "bench" / ".cache" / f"national-{args.units}-{args.items}-duckdb{duckdb.__version__}.duckdb"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "bench_fulfillment.py"),
                "--items",
                str(args.items),
                "--quick",
            ],
            check=True,
        )
    url = new_database(args.pg)
    copy_to_server(path, url)
    stores = {"embedded": db.connect(path), "server": db.connect(url)}
    month, year = parse_period("2026-06"), parse_period("2026")
    province = db.run(stores["embedded"], "units/unit_names")["code"].tolist()[:100]
    cases = {
        "(a) one month, nation-wide": lambda con: fulfillment(con, month, AS_OF),
        "(b) one province's month (100 units)": lambda con: fulfillment(con, month, AS_OF, province),
        "(c) one unit's year": lambda con: fulfillment(con, year, AS_OF, ["00136"]),
    }
    print(f"{'query':40} {'embedded':>10} {'server':>10} {'ratio':>7}")
    for name, fn in cases.items():
        answers = {
            k: fn(c).sort_values(["unit_code", "rule", "period_start"]).reset_index(drop=True)
            for k, c in stores.items()
        }
        assert answers["embedded"].equals(answers["server"]), name
        times: dict[str, list[float]] = {"embedded": [], "server": []}
        for _ in range(args.runs):  # interleaved
            for k, c in stores.items():
                times[k] += timed(lambda c=c, fn=fn: fn(c), 1)
        e, s = statistics.median(times["embedded"]), statistics.median(times["server"])
        print(f"{name:40} {e * 1000:8.1f}ms {s * 1000:8.1f}ms {s / e:6.1f}x")
    for con in stores.values():
        con.close()
    import_bench(args.pg)


def import_bench(admin_url: str) -> None:
    """(d) bench_import.py's 100k-row log into a fresh database of each kind, in-process."""
    from bench_read import CACHE, build

    from cchc import reference
    from cchc.ingest import importer, worker

    log = CACHE / "log-100000-bench-import.xlsx"
    if not log.exists():
        build(log, 100_000, inline=False)
    worker.warm()
    times: dict[str, list[float]] = {"embedded": [], "server": []}
    for _ in range(3):
        for kind in times:
            target = (
                str(CACHE / f"import-{uuid.uuid4().hex[:6]}.duckdb")
                if kind == "embedded"
                else new_database(admin_url)
            )
            con = db.connect(target)
            reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
            reference.load_plans_and_rules(con)
            t = time.perf_counter()
            run = importer.import_files(con, [log], who="bench", accept_partial=True)
            times[kind].append(time.perf_counter() - t)
            assert run.results[0].added > 90_000, run.results[0]
            con.close()
            if kind == "embedded":
                Path(target).unlink()
    e, s = statistics.median(times["embedded"]), statistics.median(times["server"])
    print(f"{'(d) import of a 100k-row log':40} {e * 1000:8.0f}ms {s * 1000:8.0f}ms {s / e:6.1f}x")
    worker.shutdown()


if __name__ == "__main__":
    main()
