"""Does the automatic backup compete with pages? A page's read (one month nation-wide, uncached)
timed repeatedly: idle, while an in-process backup runs (EXPORT DATABASE on the server's own
connection, as before), and while the low-priority backup runs (cchc.backup.low_priority_backup:
a file copy, then the export in a separate process under ionice -c3 nice -n19).

    .venv/bin/python bench/bench_backup.py [--db bench/.cache/national-3500-5000000-duckdb<version>.duckdb]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc import backup, db
from cchc.periods import parse_period
from cchc.quotas.fulfillment import fulfillment

# bench_fulfillment.py builds it, one file per DuckDB version (an older DuckDB cannot open a newer file).
CACHE = (
    Path(__file__).resolve().parent / ".cache" / f"national-3500-5000000-duckdb{duckdb.__version__}.duckdb"
)


def latencies_while(
    work: Callable[[], object] | None, read: Callable[[], object], idle_runs: int = 15
) -> tuple[list[float], float]:
    """Time `read` over and over while `work` runs on a thread (or `idle_runs` times); returns the
    read times and how long `work` took."""
    done = threading.Event()
    took = [0.0]

    def run() -> None:
        t = time.perf_counter()
        assert work is not None
        work()
        took[0] = time.perf_counter() - t
        done.set()

    if work is not None:
        threading.Thread(target=run, daemon=True).start()
    times: list[float] = []
    while (work is not None and not done.is_set()) or (work is None and len(times) < idle_runs):
        t = time.perf_counter()
        read()
        times.append(time.perf_counter() - t)
    return times, took[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=CACHE)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        shutil.copyfile(args.db, path)
        con = db.connect(path)
        month = parse_period("2026-06")
        read = lambda: fulfillment(con, month, date(2026, 11, 23))  # noqa: E731
        read()  # the kept rows filled (first read of a copied database)
        phases = {
            "idle": None,
            "in-process backup (before)": lambda: backup.backup(con, Path(tmp) / "a"),
            "low-priority backup (now)": lambda: backup.low_priority_backup(con, Path(tmp) / "b"),
        }
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        print(f"{'while':30} {'reads':>6} {'median':>9} {'p90':>9} {'backup':>9}")
        for name, work in phases.items():
            times, took = latencies_while(work, read)
            p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 2 else times[0]
            backup_s = f"{took:8.1f}s" if work else "-"
            print(
                f"{name:30} {len(times):6} {statistics.median(times) * 1000:7.0f}ms {p90 * 1000:7.0f}ms {backup_s:>9}"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        con.close()


if __name__ == "__main__":
    main()
