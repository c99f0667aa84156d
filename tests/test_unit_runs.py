"""A write's units in runs of nearby codes (cchc.unit_runs): what bounds its reads on PostgreSQL."""

from __future__ import annotations

import duckdb
import pytest

from cchc import unit_runs as runs

CODES = [f"{i:05d}" for i in range(0, 400, 2)]  # 00000, 00002, … 00398: 200 units


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (["00010"], [["00010"]]),
        # neighbours, or at most MAX_GAP other units between: one run
        (["00010", "00012", "00030"], [["00010", "00012", "00030"]]),
        # more than MAX_GAP units between: split there
        (["00010", "00032"], [["00010"], ["00032"]]),
        (["00010", "00012", "00200", "00396"], [["00010", "00012"], ["00200"], ["00396"]]),
        # codes missing from the units table count by where they would sort
        (["00011", "00013", "HN-X"], [["00011", "00013"], ["HN-X"]]),
    ],
)
def test_runs_split_where_many_units_lie_between(units: list[str], expected: list[list[str]]) -> None:
    assert runs.split_runs(units, CODES) == expected


def test_at_most_max_runs_split_at_the_widest_gaps() -> None:
    # 9, 19, 29, 39, 11, 37, 19 and 28 other units between neighbours: 8 gaps wider than MAX_GAP
    units = [CODES[i] for i in (0, 10, 30, 60, 100, 112, 150, 170, 199)]
    got = runs.split_runs(units, CODES)
    assert len(got) == runs.MAX_RUNS and [u for run in got for u in run] == units
    assert got[0] == ["00000", "00020"]  # the narrowest (9 units) is read through


def test_a_file_takes_one_run_sorted_and_without_repeats(con: duckdb.DuckDBPyConnection) -> None:
    assert runs.unit_runs(con.cursor(), ["HN-STP", "00136", "HN-STP", "00004"]) == [
        ["00004", "00136", "HN-STP"]
    ]
    assert runs.unit_runs(con.cursor(), []) == []
