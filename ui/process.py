"""Tuning of the server process as a whole, once per process.

Python's full garbage collection walks every object the process tracks. After the first page,
that is about a million of them (pandas, pyarrow, plotly, DuckDB, Streamlit), and each full
collection held the GIL for 80-95 ms at national scale. Every session waited through it: the
script thread, and the event loop sending the pages' elements. A returning user's visit met
several of them in eight visits (gc callbacks, bench/bench_overview_browser.py's database).
Freezing what the first run left alive (gc.freeze: the objects are still freed when no longer
referenced, only their cycles are no longer searched) leaves the collector the objects made
since then.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = {"done": False}


def freeze_startup_objects() -> None:
    """After the first run of a page: collect once, then freeze every object left (modules,
    caches, the first page's data), so later full collections walk only newer objects."""
    with _lock:
        if _frozen["done"]:
            return
        _frozen["done"] = True
    gc.collect()
    gc.freeze()
