"""Answers kept warm: after a write, the answers pages asked for most recently are computed again
in the background, so the next visit finds them ready.

Cached answers are keyed on the data version of their scope (ui.session.cached), so an import
invalidates them; at national scale the overview's answer then takes 0.4–0.6 s to compute, paid
by whoever opens the page next. Here the process remembers the last few such reads (only those a
page marks with `ui.kept_warm`: the overview's, not an upload's preview) and, after each write
made through this process, replays them on one thread. Writes that come while it runs make it go
round once more; it never runs twice at once. It runs at the pages' own priority: the first visit
after the write waits for exactly this work (Streamlit computes a cache key once at a time), and
a lower priority only made that visit wait longer on a busy machine (measured: 3 s instead of 1).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

RECENT = 8  # distinct reads remembered (a few users' views of the overview)

_log = logging.getLogger(__name__)
_recent: OrderedDict[Hashable, Callable[[], object]] = OrderedDict()
_lock = threading.Lock()  # guards _recent, _running and _again
_state = {"running": False, "again": False, "passes": 0}


def remember(key: Hashable, compute: Callable[[], object]) -> None:
    """Note that a page just read `compute()` (identified by `key`): the most recent RECENT are
    replayed after the next write."""
    with _lock:
        _recent[key] = compute
        _recent.move_to_end(key)
        while len(_recent) > RECENT:
            _recent.popitem(last=False)


def after_write() -> None:
    """Replay the remembered reads in the background (or once more, if a replay is running)."""
    with _lock:
        if _state["running"]:
            _state["again"] = True
            return
        _state["running"] = True
    threading.Thread(target=_replay, name="cchc-warm", daemon=True).start()


def passes() -> int:
    """How many replays have finished in this process (tests wait on it)."""
    with _lock:
        return _state["passes"]


def _replay() -> None:
    while True:
        with _lock:
            calls = list(reversed(_recent.values()))  # the most recent first
            _state["again"] = False
        for compute in calls:
            try:
                compute()
            except Exception:  # a read that fails now fails again, visibly, on its page
                _log.warning("keeping an answer warm failed", exc_info=True)
        with _lock:
            if not _state["again"]:
                _state["running"] = False
                _state["passes"] += 1
                return
