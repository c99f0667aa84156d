"""The units a write touches, in runs of nearby codes: what makes its reads bounded on PostgreSQL.

DuckDB passes PostgreSQL only filters against constants. The statements that re-mark, recount
and recompute a batch's units bound their reads by the first and last codes of a run
(`list_min`/`list_max` of `$bounds`, or of `$units`, folded to constants), so PostgreSQL reads
those rows through an index instead of copying `publications` and `item_counts` whole. A batch's units can lie far apart in
code order (a commune '00136', a department 'HN-SKHCN': nearly every unit lies between), so on
PostgreSQL the statements run once per run of codes with few other units between them. On a
DuckDB file, which reads its own columns, one run: a statement per run would repeat its work.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

import duckdb

from cchc import db

# A new run starts where more than this many other units lie between two of the batch's units
# (each of them about 1,400 items at national scale: reading them costs less than a statement more).
MAX_GAP = 8
# At most this many runs (statements per step): beyond, the narrowest gaps are read through.
MAX_RUNS = 8


def unit_runs(cur: duckdb.DuckDBPyConnection, units: Sequence[str]) -> list[list[str]]:
    """`units`, sorted and without repeats, split into runs of nearby codes (one run on a file)."""
    ordered = sorted(set(units))  # code point order: PostgreSQL's COLLATE "C", and DuckDB's
    if len(ordered) < 2 or not db.is_server(cur):
        return [ordered] if ordered else []
    codes = sorted(r[0] for r in db.execute(cur, "units/unit_names"))
    return split_runs(ordered, codes)


def bounds(cur: duckdb.DuckDBPyConnection, run: list[str]) -> list[str] | None:
    """The codes whose first and last bound a statement's reads (`$bounds`): the run on
    PostgreSQL; None on a file, whose rows are not in code order: there a range test on every
    row costs more than it saves (a 300-unit recount: 580 ms instead of 512)."""
    return run if db.is_server(cur) else None


def split_runs(ordered: list[str], codes: list[str]) -> list[list[str]]:
    """Split the sorted `ordered` where the most other `codes` lie between two neighbours (more
    than MAX_GAP of them, at most MAX_RUNS runs); a code missing from `codes` splits nothing."""
    gaps = [
        (bisect.bisect_left(codes, b) - bisect.bisect_right(codes, a), i)
        for i, (a, b) in enumerate(itertools.pairwise(ordered), start=1)
    ]
    cuts = sorted(i for gap, i in sorted(gaps, reverse=True)[: MAX_RUNS - 1] if gap > MAX_GAP)
    bounds = [0, *cuts, len(ordered)]
    return [ordered[a:b] for a, b in itertools.pairwise(bounds)]
