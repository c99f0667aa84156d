"""Loading every unit of the country (data/units.csv + data/units_national.csv) into a new
database: the product's path (checked rows as one Arrow table, one `insert or ignore`) against
the straightforward alternative (the same checked rows inserted one by one), interleaved, with
the same rows in the end. Also the matcher over every unit, built as an import builds it.

.venv/bin/python bench/bench_units_load.py [runs]   # 3 by default; the one-by-one baseline takes about a minute a run
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc import db, reference
from cchc.ingest.importer import unit_matcher

SELECT_ALL = "select * from units order by code"


def _rows() -> list[dict[str, str | None]]:
    rows = reference.read_units(reference.DATA_DIR / "units.csv")
    known = {r["code"] for r in rows}
    return rows + [r for r in reference.read_units(reference.NATIONAL_UNITS) if r["code"] not in known]


def product(path: Path) -> tuple[float, list[tuple]]:
    con = db.connect(path)
    start = time.perf_counter()
    reference.load_reference_units(con)
    took = time.perf_counter() - start
    return took, con.execute(SELECT_ALL).fetchall()


def one_by_one(path: Path) -> tuple[float, list[tuple]]:
    con = db.connect(path)
    start = time.perf_counter()
    rows = _rows()
    con.execute("begin")
    con.executemany(
        "insert or ignore into units values (?, ?, ?, ?, ?, ?, try_cast(? as double), try_cast(? as double))",
        [[r[c] for c in reference.UNIT_COLUMNS] for r in rows],
    )
    con.execute("commit")
    took = time.perf_counter() - start
    return took, con.execute(SELECT_ALL).fetchall()


def main(runs: int) -> None:
    times: dict[str, list[float]] = {"product": [], "one by one": [], "matcher": []}
    with tempfile.TemporaryDirectory() as folder:
        for i in range(runs):
            a, rows_a = product(Path(folder) / f"a{i}.duckdb")
            b, rows_b = one_by_one(Path(folder) / f"b{i}.duckdb")
            assert rows_a == rows_b and len(rows_a) > 3400, "the two paths must load the same units"
            times["product"].append(a)
            times["one by one"].append(b)
            con = db.connect(Path(folder) / f"a{i}.duckdb")
            start = time.perf_counter()
            unit_matcher(con)
            times["matcher"].append(time.perf_counter() - start)
    print(f"{len(rows_a)} units, {runs} interleaved runs (median, min–max):")
    for name, values in times.items():
        print(
            f"  {name:<11} {statistics.median(values) * 1000:7.0f} ms  ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
