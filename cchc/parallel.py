"""Two worker threads for work that releases the GIL (pyarrow kernels, the Rust Excel reader).

The product is sized for two cores; an import otherwise runs on one.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from queue import SimpleQueue
from typing import Any, TypeVar

import pyarrow as pa

T = TypeVar("T")
MIN_ROWS = 20_000  # below this, a thread hand-off costs more than it saves
POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cchc-worker")
_END = object()  # read_ahead: no more items


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


def read_ahead(items: Iterable[T]) -> Iterator[T]:
    """`items` in order, each next one made on a thread of its own while the caller works on the
    one before (work that releases the GIL: a file read in slices cuts the next slice while the
    reader parses this one). At most one item is made ahead, so memory grows by one item. An
    exception of `items` is raised here, where the item it stopped would have come; stopping
    early (an exception of the caller, or closing this generator) stops the thread too."""
    made: SimpleQueue[tuple[bool, Any]] = SimpleQueue()
    wanted = threading.Semaphore(1)  # an item may be made: taken by the thread, given by a `get`
    stop = threading.Event()
    source = iter(items)

    def make() -> None:
        try:
            while True:
                wanted.acquire()
                if stop.is_set():
                    return
                item = next(source, _END)
                made.put((True, item))
                if item is _END:
                    return
        except BaseException as exc:  # given to the caller, in order
            made.put((False, exc))

    thread = threading.Thread(target=make, name="cchc-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            ok, item = made.get()
            wanted.release()  # the next one is made while the caller works on this one
            if not ok:
                raise item
            if item is _END:
                return
            yield item
            del item
    finally:
        stop.set()
        wanted.release()  # a thread waiting to make the next item wakes, and ends
        thread.join()
        close = getattr(source, "close", None)
        if close is not None:
            close()
