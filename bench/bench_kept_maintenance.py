"""What keeping the answers costs: the time the kept fulfillment refresh (cchc.quotas.kept) adds
to a 100k-row import and to its undo, in a copy of the 5M-item database, for a batch spread over
a few units (a district) and over many (a province).

    .venv/bin/python bench/bench_kept_maintenance.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc import db
from cchc.ingest import load
from cchc.quotas import kept

# bench_fulfillment.py builds it, one file per DuckDB version (an older DuckDB cannot open a newer file).
CACHE = (
    Path(__file__).resolve().parent / ".cache" / f"national-3500-5000000-duckdb{duckdb.__version__}.duckdb"
)
spent: list[float] = []


def timing(fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - t)

    return wrapped


def rows_for(units: list[str], n: int, seed: int) -> pa.Table:
    channels = ["city_page", "own_portal", "radio", "social"]
    return pa.table(
        {
            "sheet": ["Tin bài"] * n,
            "row": pa.array(range(2, n + 2), pa.int32()),
            "unit_code": [units[i % len(units)] for i in range(n)],
            "item_date": pa.array(
                [date(2026, 1, 1) + timedelta(days=(i * 7) % 320) for i in range(n)], pa.date32()
            ),
            "channel": [channels[i % 4] for i in range(n)],
            "item_kind": ["in_depth" if i % 10 == 0 else "news" for i in range(n)],
            "title": [f"Tin bench {seed} {i}" for i in range(n)],
            "url": [None] * n,
            "status": ["published" if i % 3 else "submitted" for i in range(n)],
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    kept.refresh = timing(kept.refresh)  # counts.refresh calls it inside the import and the undo
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        shutil.copyfile(CACHE, path)
        con = db.connect(path)
        kept.current(con)
        communes = [
            r[0]
            for r in con.execute("select code from units where kind = 'commune' order by code").fetchall()
        ]
        print(f"load average {os.getloadavg()[0]:.1f}")
        print(f"{'batch':34} {'import':>9} {'of it kept':>11} {'undo':>9} {'of it kept':>11}")
        for seed, spread in enumerate((30, 300)):
            table = rows_for(communes[:spread], args.rows, seed)
            spent.clear()
            t = time.perf_counter()
            result = load.import_rows(
                con,
                table,
                file_name="bench.xlsx",
                sha256=f"bench-{seed}",
                rows_total=args.rows,
                rows_rejected=0,
                who="bench",
            )
            imported, kept_import = time.perf_counter() - t, sum(spent)
            spent.clear()
            t = time.perf_counter()
            load.undo_batch(con, int(result.batch_id or 0), "bench")
            undone, kept_undo = time.perf_counter() - t, sum(spent)
            print(
                f"{args.rows:,} rows over {spread:>3} units{'':8} {imported:8.2f}s {kept_import:10.2f}s"
                f" {undone:8.2f}s {kept_undo:10.2f}s"
            )
        print(f"load average {os.getloadavg()[0]:.1f}")
        con.close()


if __name__ == "__main__":
    main()
