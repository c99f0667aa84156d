"""db.run fetches through Arrow: every result must come back exactly as DuckDB's .df() gives it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cchc import db, queries
from cchc.periods import parse_period
from cchc.quotas.fulfillment import query_params
from cchc.setup import init_database

VALUES = {
    "VARCHAR": "'a'",
    "INTEGER": "1",
    "BIGINT": "9007199254740993",
    "SMALLINT": "1",
    "TINYINT": "1",
    "DOUBLE": "1.5",
    "BOOLEAN": "true",
    "DATE": "date '2026-01-02'",
    "TIMESTAMP": "timestamp '2026-01-02 03:04:05'",
    "HUGEINT": "1",
    "DECIMAL(10,2)": "1.5",
    "VARCHAR[]": "['a']",
}
SHAPES = {
    "one row": "select {v}::{t} as x, 2 as y",
    "with a null": "select {v}::{t} as x, 'z' as y union all select null, null",
    "only nulls": "select null::{t} as x from range(2)",
    "no rows": "select {v}::{t} as x, 'q' as y where false",
    "repeated name": "select {v}::{t} as x, {v}::{t} as x from range(3)",
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", VALUES)
def test_frame_is_what_df_gives(kind: str, shape: str) -> None:
    con = duckdb.connect()
    sql = SHAPES[shape].format(v=VALUES[kind], t=kind)
    expected = con.execute(sql).df()
    got = db.frame(con.execute(sql))
    assert list(got.columns) == list(expected.columns)
    assert got.dtypes.equals(expected.dtypes), (got.dtypes, expected.dtypes)
    pd.testing.assert_frame_equal(got, expected)


def test_fulfillment_rows_are_what_df_gives(tmp_path: Path) -> None:
    con = init_database(tmp_path / "demo.duckdb", demo=True)
    params = query_params(parse_period("2026"), date(2026, 11, 23), None)
    sql, bound = db.prepare(queries.load("quotas/fulfillment"), params)
    expected = con.execute(sql, bound).df()
    got = db.run(con, "quotas/fulfillment", params)
    assert len(got) > 1000
    pd.testing.assert_frame_equal(got, expected)
    con.close()
