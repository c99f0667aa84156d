"""National-scale fulfillment benchmark: 3,500 units, 5 years, 5M items.

Builds the database once (under bench/.cache, reused on later runs) and prints, in one run,
the time of (a) one month city-wide fulfillment, (b) one unit's year, (c) the roll-up by unit
kind and month, each against the same computation in pandas over the raw items.

    .venv/bin/python bench/bench_fulfillment.py [--items 5000000] [--units 3500] [--quick]

--quick times the three product paths only (no pandas comparison: seconds instead of minutes),
for interleaving runs of two versions on a busy machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc import db, reference
from cchc.periods import parse_period
from cchc.quotas import numbers, summary
from cchc.quotas.fulfillment import fulfillment

AS_OF = date(2026, 11, 23)


def build(path: Path, n_units: int, n_items: int) -> None:
    con = db.connect(path)
    reference.load_plans_and_rules(con)
    units = reference.read_units(reference.DATA_DIR / "units.csv")
    reference.upsert_units(con, units)
    # Synthetic communes up to n_units, in Hà Nội so the city rules apply to all of them.
    con.execute(
        "insert or ignore into units select 'B' || lpad(i::varchar, 5, '0'), 'Xã thử nghiệm ' || i,"
        " 'commune', 'HN', 'Hà Nội', null, null, null from range($n) t(i)",
        {"n": max(0, n_units - len(units))},
    ).fetchall()
    con.execute(
        """
        insert into publications (batch_id, unit_code, item_date, channel, item_kind, title, url, status,
                                  title_key, url_key, is_duplicate, ever_published)
        with u as (select code, row_number() over (order by code) - 1 as k from units where kind <> 'city'),
        nu as (select count(*) as n from u),
        raw as (
            select i,
                   (hash(i) % (select n from nu))::bigint as k,
                   date '2022-01-01' + (hash(i * 7) % 1826)::integer as item_date,
                   ['city_page', 'own_portal', 'radio', 'social', 'city_page'][(1 + hash(i * 13) % 5)::bigint]
                       as channel,
                   case when hash(i * 17) % 10 = 0 then 'in_depth' else 'news' end as item_kind,
                   ['published', 'published', 'submitted', 'rejected'][(1 + hash(i * 19) % 4)::bigint] as status
            from range($items) t(i)
        )
        select 0, u.code, item_date, channel, item_kind, 'Tin ' || i, null,
               case when channel = 'city_page' then status else 'published' end,
               'tin ' || i, null, hash(i * 23) % 30 = 0,
               channel <> 'city_page' or status = 'published'
        from raw join u using (k)
        """,
        {"items": n_items},
    ).fetchall()
    con.execute("delete from item_counts").fetchall()
    con.execute(
        "insert into item_counts select unit_code, channel, item_kind, ever_published, item_date,"
        " count(*)::integer from publications where not is_duplicate group by all order by item_date"
    ).fetchall()
    con.execute("checkpoint").fetchall()
    con.close()


def timed(fn, repeat: int = 5) -> float:
    fn()  # warm
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def pandas_fulfillment(items: pd.DataFrame, expected: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The same answer from raw items in pandas: count per expected unit x rule x period."""
    it = items[(~items["is_duplicate"]) & (items["item_date"] <= pd.Timestamp(as_of))]
    merged = expected.merge(it, on=["unit_code", "channel"], how="left")
    in_period = (merged["item_date"] >= merged["period_start"]) & (
        merged["item_date"] <= merged["period_end"]
    )
    kind_ok = (merged["item_kind_y"] == merged["item_kind_x"]) | (
        (merged["item_kind_x"] == "news") & (merged["item_kind_y"] == "in_depth")
    )
    basis_ok = (merged["basis"] == "submitted") | merged["ever_published"].fillna(False).astype(bool)
    merged["hit"] = (in_period & kind_ok & basis_ok).astype(int)
    actual = merged.groupby(["unit_code", "rule", "period_start"], as_index=False)["hit"].sum()
    out = expected.merge(actual, on=["unit_code", "rule", "period_start"], how="left")
    out["actual"] = out["hit"].fillna(0).astype(int)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=5_000_000)
    ap.add_argument("--units", type=int, default=3_500)
    ap.add_argument("--quick", action="store_true", help="skip the pandas comparisons")
    args = ap.parse_args()
    cache = Path(__file__).resolve().parent / ".cache"
    cache.mkdir(exist_ok=True)
    # One file per DuckDB version: a file written by a newer version cannot be opened by an older one.
    path = cache / f"national-{args.units}-{args.items}-duckdb{duckdb.__version__}.duckdb"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.units, args.items)
        print(f"built {path.name} in {time.perf_counter() - t:.1f} s")
    con = db.connect(path)
    n_items = con.execute("select count(*) from publications").fetchone()[0]
    n_units = con.execute("select count(*) from units").fetchone()[0]
    print(f"database: {n_units:,} units, {n_items:,} items")

    month, year = parse_period("2026-06"), parse_period("2026")
    unit = "00136"
    if args.quick:
        items = units = pd.DataFrame()
    else:
        items = con.execute(
            "select unit_code, item_date, channel, item_kind, is_duplicate, ever_published from publications"
        ).df()
        items["item_date"] = pd.to_datetime(items["item_date"])
        units = con.execute("select code as unit_code, kind as unit_kind from units").df()

    def expected_for(period, unit_filter=None):
        frame = fulfillment(con, period, AS_OF, unit_filter)
        frame = frame[["unit_code", "rule", "channel", "item_kind", "basis", "period_start", "period_end"]]
        frame["period_start"] = pd.to_datetime(frame["period_start"])
        frame["period_end"] = pd.to_datetime(frame["period_end"])
        return frame

    exp_month, exp_unit, exp_year = expected_for(month), expected_for(year, [unit]), expected_for(year)
    rows = []

    def pandas_timed(fn, repeat: int) -> float | None:
        return None if args.quick else timed(fn, repeat)

    a_sql = timed(lambda: fulfillment(con, month, AS_OF))
    a_pd = pandas_timed(lambda: pandas_fulfillment(items, exp_month, AS_OF), repeat=2)
    rows.append(("(a) one month, city-wide", a_sql, a_pd, 0.150))

    b_sql = timed(lambda: fulfillment(con, year, AS_OF, [unit]))
    b_pd = pandas_timed(lambda: pandas_fulfillment(items, exp_unit, AS_OF), repeat=2)
    rows.append(("(b) one unit, one year", b_sql, b_pd, 0.020))

    def pandas_rollup():
        f = pandas_fulfillment(items, exp_year, AS_OF).merge(units, on="unit_code")
        f["month"] = f["period_end"].dt.to_period("M")
        return f.groupby(["unit_kind", "month"])["actual"].count()

    def rollup_kind():
        # The product's path: one read of the year's rows, judged by month, counted in cchc.quotas.
        rows = summary.judged_rows(con, year, AS_OF)
        units = numbers.per_unit(rows, by=("month",))
        return units.groupby(["unit_kind", "month"])[["due", "met"]].sum()

    c_sql = timed(rollup_kind)
    c_pd = pandas_timed(pandas_rollup, repeat=1)
    rows.append(("(c) roll-up by unit kind x month, year", c_sql, c_pd, 0.250))

    report(rows)


def report(rows: list[tuple[str, float, float | None, float]]) -> None:
    print(f"{'query':42} {'duckdb':>10} {'pandas':>10} {'ratio':>8} {'target':>8}")
    for name, sql_t, pd_t, target in rows:
        if pd_t is None:  # --quick
            ok = "ok" if sql_t <= target else "MISS"
            print(f"{name:42} {sql_t * 1000:8.1f}ms {'-':>10} {'-':>8} {target * 1000:6.0f}ms {ok}")
            continue
        ok = "ok" if sql_t <= target and pd_t / sql_t >= 10 else "MISS"
        print(
            f"{name:42} {sql_t * 1000:8.1f}ms {pd_t * 1000:8.0f}ms"
            f" {pd_t / sql_t:7.1f}x {target * 1000:6.0f}ms {ok}"
        )


if __name__ == "__main__":
    main()
