"""cchc.parallel: work cut for the machine's cores."""

from __future__ import annotations

import os

import pyarrow as pa

from cchc.parallel import MIN_ROWS, one_batch_per_core


def test_a_long_table_in_one_batch_is_cut_into_a_batch_per_core_without_changing_it() -> None:
    rows = 100_000
    table = pa.table({"n": pa.array(range(rows), pa.int64()), "s": pa.array([str(i) for i in range(rows)])})
    assert len(table.to_batches()) == 1
    cut = one_batch_per_core(table)
    assert len(cut.to_batches()) == max(1, min(os.cpu_count() or 2, rows // (MIN_ROWS // 2)))
    assert cut.equals(table)


def test_a_short_table_is_not_cut() -> None:
    table = pa.table({"n": pa.array(range(100), pa.int64())})
    assert len(one_batch_per_core(table).to_batches()) == 1
