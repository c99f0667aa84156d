"""One process of bench_fulfillment.py: one implementation (product | pandas | polars) answers the
three questions once each, on a fresh connection, and prints their times and answers' digests as
JSON. The baselines load the raw items first (timed apart: an analyst's data already in memory)."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc import db
from cchc.periods import parse_period

AS_OF = date(2026, 11, 23)
MONTH, YEAR, UNIT = parse_period("2026-06"), parse_period("2026"), "00136"
ROWS = ["unit_code", "rule", "period_start", "period_end", "required", "actual", "status"]
ROLLUP = ["unit_kind", "month", "due", "met"]


def digest(frame: pd.DataFrame, columns: list[str]) -> str:
    """The same text for the same answer, whatever library made it."""
    out = frame[columns].copy()
    for c in columns:
        if c in ("period_start", "period_end", "month"):
            out[c] = pd.to_datetime(out[c]).dt.strftime("%Y-%m-%d")
        elif c in ("required", "actual", "due", "met"):
            out[c] = out[c].astype("int64")
        else:
            out[c] = out[c].astype(str)
    out = out.sort_values(columns[:3] if columns == ROWS else columns[:2]).reset_index(drop=True)
    return hashlib.sha256(out.to_csv(index=False).encode()).hexdigest()[:16]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def product(path: str) -> dict[str, Any]:
    from cchc.quotas.fulfillment import fulfillment
    from cchc.quotas.rollups import kind_months

    cases = {
        "month": (lambda con: fulfillment(con, MONTH, AS_OF), ROWS),
        "unit_year": (lambda con: fulfillment(con, YEAR, AS_OF, [UNIT]), ROWS),
        # `python -m cchc fulfillment --by kind-month`: summed by the database from the kept rows
        "rollup": (lambda con: kind_months(con, YEAR, AS_OF), ROLLUP),
    }
    out: dict[str, Any] = {}
    for name, (fn, columns) in cases.items():
        con = db.connect(path)  # a fresh connection per question
        seconds, frame = timed(lambda fn=fn, con=con: fn(con))
        con.close()
        out[name] = {"seconds": seconds, "digest": digest(frame, columns)}
    return out


def raw(path: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    con = db.connect(path, read_only=True)
    items = con.execute(
        "select unit_code, item_date, channel, item_kind, is_duplicate, ever_published from publications"
    ).df()
    rules = con.execute("select * from quota_rules").df()
    units = con.execute("select code as unit_code, kind as unit_kind, parent_code, province from units").df()
    con.close()
    items["item_date"] = pd.to_datetime(items["item_date"]).astype("datetime64[ns]")
    for c in ("effective_from", "effective_to"):
        rules[c] = pd.to_datetime(rules[c]).dt.date
    return items, rules, units


def baseline(path: str, library: str) -> dict[str, Any]:
    load_s, (items, rules, units) = timed(lambda: raw(path))
    if library == "polars":
        import polars as pl

        from bench.baselines import fulfillment_polars as lib

        data: Any = pl.from_pandas(items).with_columns(pl.col("item_date").cast(pl.Date))
        as_frame: Callable[[Any], pd.DataFrame] = lambda f: f.to_pandas()  # noqa: E731
    else:
        from bench.baselines import fulfillment_pandas as lib

        data, as_frame = items, lambda f: f

    def rows(period: Any, unit_codes: list[str] | None = None) -> Any:
        return lib.fulfillment(data, rules, units, period.start, period.end, AS_OF, unit_codes)

    cases = {
        "month": (lambda: rows(MONTH), ROWS),
        "unit_year": (lambda: rows(YEAR, [UNIT]), ROWS),
        "rollup": (lambda: lib.rollup(rows(YEAR), AS_OF), ROLLUP),
    }
    out: dict[str, Any] = {"load_seconds": load_s}
    for name, (fn, columns) in cases.items():
        seconds, frame = timed(fn)
        out[name] = {"seconds": seconds, "digest": digest(as_frame(frame), columns)}
    return out


if __name__ == "__main__":
    which, path = sys.argv[1], sys.argv[2]
    print(json.dumps(product(path) if which == "product" else baseline(path, which)))
