"""cchc.parallel: work cut for the machine's cores."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pyarrow as pa
import pytest

from cchc.parallel import MIN_ROWS, one_batch_per_core, read_ahead


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


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name == "cchc-read-ahead"}


def test_read_ahead_gives_every_item_in_order_and_makes_the_next_while_the_caller_works() -> None:
    made: list[int] = []
    caller_holds: list[list[int]] = []

    def items() -> Iterator[int]:
        for i in range(5):
            made.append(i)
            yield i

    for item in read_ahead(items()):
        deadline = time.monotonic() + 5
        while len(made) < min(item + 2, 5) and time.monotonic() < deadline:
            time.sleep(0.005)  # the thread makes the next item meanwhile
        time.sleep(0.02)  # and no more than that one
        caller_holds.append(list(made))
    assert [held[-1] for held in caller_holds] == [1, 2, 3, 4, 4]
    assert not _threads()


def test_read_ahead_raises_the_error_of_the_items_where_the_item_would_have_come() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("slice 3")

    got: list[int] = []
    with pytest.raises(ValueError, match="slice 3"):
        for item in read_ahead(items()):
            got.append(item)
    assert got == [1, 2]
    assert not _threads()


def test_read_ahead_stopped_early_stops_its_thread_and_closes_the_items() -> None:
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            yield from range(1000)
        finally:
            closed.set()

    with pytest.raises(RuntimeError, match="the caller's"):
        for item in read_ahead(items()):
            if item == 2:
                raise RuntimeError("the caller's")
    assert closed.is_set()
    assert not _threads()
    ahead = read_ahead(items())
    assert next(ahead) == 0
    ahead.close()
    assert not _threads()
