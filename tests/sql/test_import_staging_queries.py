"""Given → expected cases for the slice staging of queries/imports (incoming_copy, incoming_drop):
a streamed import copies each slice into a temporary table and drops it once written."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from cchc import db
from tests.sql.sqlcase import SqlCase
from tests.sql.staged import StagedCase, run

SLICE = [{"ord": 0, "title": "Tin một"}, {"ord": 1, "title": "Tin hai"}]

CASES: dict[str, SqlCase] = {
    # the copy says how many rows it made
    "imports/incoming_copy": StagedCase(staged={"incoming_batch": SLICE}, expected=[(2,)]),
    # nothing to drop: no error, nothing returned (the drop of a real copy is tested below)
    "imports/incoming_drop": SqlCase(expected=[]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)


def test_a_slice_is_copied_from_a_one_pass_stream_read_again_and_dropped(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "x.duckdb")
    cur = con.cursor()
    rows = pa.Table.from_pylist(SLICE)
    cur.register("incoming_batch", pa.RecordBatchReader.from_batches(rows.schema, iter(rows.to_batches())))
    db.execute(cur, "imports/incoming_copy")
    cur.unregister("incoming_batch")
    twice = [cur.execute("select count(*), max(title) from incoming_rows").fetchone() for _ in range(2)]
    assert twice == [(2, "Tin một")] * 2  # the stream is read once; the copy as often as needed
    db.execute(cur, "imports/incoming_drop")
    with pytest.raises(duckdb.CatalogException):
        cur.execute("select * from incoming_rows")
    con.close()
