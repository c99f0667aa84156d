"""Two worker threads for work that releases the GIL (pyarrow kernels, the Rust Excel reader).

The product is sized for two cores; an import otherwise runs on one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pyarrow as pa

T = TypeVar("T")
MIN_ROWS = 20_000  # below this, a thread hand-off costs more than it saves
POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cchc-worker")


def in_halves(fn: Callable[[pa.Table], T], table: pa.Table) -> list[T]:
    """`fn` on each half of `table` (or on all of it when short), results in row order.

    pyarrow's string kernels run on one core: each half on its own core takes half the time.
    """
    half = len(table) // 2
    if half < MIN_ROWS // 2:
        return [fn(table)]
    return list(POOL.map(fn, [table.slice(0, half), table.slice(half)]))


def one_batch_per_core(table: pa.Table) -> pa.Table:
    """`table` cut into a record batch per core (slices of its own buffers, not copies).

    DuckDB reads a registered Arrow table a record batch per thread: a table of one batch
    (as a 100k-row file comes from the reader) would go through a whole query on one core.
    """
    per_batch = max(MIN_ROWS // 2, -(-len(table) // (os.cpu_count() or 2)))
    return pa.Table.from_batches(table.to_batches(max_chunksize=per_batch), table.schema)
