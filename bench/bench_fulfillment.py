"""National-scale fulfillment benchmark: 3,500 units, 5 years, 5M items.

Builds the database once (under bench/.cache, reused on later runs) and times (a) one month
nation-wide, (b) one unit's year, (c) the roll-up by unit kind x month of a year: each question in
a new process on a fresh connection (bench/fulfillment_once.py), --runs times, interleaved with
the baselines a data analyst would write over the raw items (bench/baselines/: plain pandas and
polars), whose answers must be identical. Prints medians and their ratios, all from this run.

    .venv/bin/python bench/bench_fulfillment.py [--items 5000000] [--units 3500] [--runs 5] [--quick]

--quick times the product only. polars comes from requirements-dev.txt (its own venv).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc import db, reference
from cchc.quotas import kept


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


IMPLEMENTATIONS = ("product", "pandas", "polars")
# (question, label, target seconds)
QUESTIONS = (
    ("month", "(a) one month, nation-wide", 0.060),
    ("unit_year", "(b) one unit, one year", 0.010),
    ("rollup", "(c) roll-up by unit kind x month, year", 0.100),
)


def one_process(which: str, path: Path) -> dict:
    """Run bench/fulfillment_once.py in a new process; its JSON answer."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("fulfillment_once.py")), which, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=5_000_000)
    ap.add_argument("--units", type=int, default=3_500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="the product only (no baselines)")
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
    kept.current(con)  # kept rows filled once (a database built before them)
    n_items = con.execute("select count(*) from publications").fetchone()[0]
    n_units = con.execute("select count(*) from units").fetchone()[0]
    con.close()
    print(f"database: {n_units:,} units, {n_items:,} items; load average {os.getloadavg()[0]:.1f}")
    which = ("product",) if args.quick else IMPLEMENTATIONS
    if not args.quick and importlib.util.find_spec("polars") is None:
        which = ("product", "pandas")
        print("polars is not installed here (requirements-dev.txt): no polars baseline")
    times: dict[str, dict[str, list[float]]] = {w: {q: [] for q, _, _ in QUESTIONS} for w in which}
    digests: dict[tuple[str, str], set[str]] = {}
    loads: list[float] = []
    for run in range(args.runs):
        for w in which[run % len(which) :] + which[: run % len(which)]:  # interleaved, rotated
            answer = one_process(w, path)
            loads += [answer["load_seconds"]] if "load_seconds" in answer else []
            for q, _, _ in QUESTIONS:
                times[w][q].append(answer[q]["seconds"])
                digests.setdefault((q, w), set()).add(answer[q]["digest"])
    for q, _, _ in QUESTIONS:
        seen = {d for w in which for d in digests[(q, w)]}
        if len(seen) != 1:
            raise SystemExit(f"{q}: the implementations disagree: {digests}")
    report(times, which, args.runs)
    if loads:
        print(
            f"baselines' load of the raw items (not in their times): median {statistics.median(loads):.1f} s"
        )
    print(f"identical answers: yes (digests of every run agree); load average {os.getloadavg()[0]:.1f}")


def report(times: dict[str, dict[str, list[float]]], which: tuple[str, ...], runs: int) -> None:
    """Medians of this run's processes, and ratios of those medians (one run, not best-of)."""
    print(f"medians of {runs} processes each, interleaved:")
    head = f"{'question':40} {'product':>9}"
    for w in which[1:]:
        head += f" {w:>9} {'ratio':>7}"
    print(head + f" {'target':>8}")
    for q, label, target in QUESTIONS:
        product = statistics.median(times["product"][q])
        line = f"{label:40} {product * 1000:7.1f}ms"
        ok = product <= target
        for w in which[1:]:
            other = statistics.median(times[w][q])
            line += f" {other * 1000:7.0f}ms {other / product:6.1f}x"
            ok = ok and other / product >= (10 if w == "pandas" else 3)
        print(line + f" {target * 1000:6.0f}ms {'ok' if ok else 'MISS'}")


if __name__ == "__main__":
    main()
