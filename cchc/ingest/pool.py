"""The reader's worker processes, seen from the parent: started, kept warm, handed a file.

Kept apart from cchc.ingest.worker (the readers' requests and answers) and free of pyarrow, so
the command line's import starts its worker first thing (prefetch), 0.1 s before it could
import the rest: the worker reads the file while this process loads its own libraries.
"""

from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cchc.ingest.pipes import HEADER, LENGTH, STREAMED, WorkerFailed, read_exactly, write_all

CPU_SECONDS = 120  # per file; a 100k-row log takes about 1, a million rows (43 MB) about 12
# Per file, measured by the parent (a stuck worker uses no CPU; a busy machine is slow: a
# million rows took 3 minutes on two cores shared with a dozen other processes).
WALL_SECONDS = 600.0
MAX_OUTPUT = 1024 * 2**20  # the answer's size; a million rows (a 43 MB log) make about 210 MB
STREAM_ROWS = 100_000  # rows per record batch of a log's answer (the loader writes them as they come)
IDLE_WORKERS = 2  # warm workers kept between files (the product runs on two cores)
# Files read at once; more uploads wait their turn (12 sessions must not hold 12 × 4 GB).
SLOTS = threading.BoundedSemaphore(int(os.environ.get("CCHC_WORKERS", "3")))
COMMAND: Sequence[str] = (sys.executable, "-m", "cchc.ingest.worker_process")

TOO_BIG = "kết quả quá lớn"


class Worker:
    """One worker process and its pipes."""

    def __init__(self, command: Sequence[str]) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.proc = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True
        )
        assert self.proc.stdin is not None
        os.set_blocking(self.proc.stdin.fileno(), False)  # writes wait on the deadline, not forever

    def send(self, message: bytes, deadline: float) -> None:
        """One message to the worker (a request, or the unit matcher that follows one), or WorkerFailed."""
        assert self.proc.stdin is not None
        write_all(self.proc.stdin, LENGTH.pack(len(message)), deadline)
        write_all(self.proc.stdin, message, deadline)

    def ask(self, request: bytes, wall: float) -> tuple[bytearray, int]:
        """Send one request; the answer's JSON bytes and the size of the Arrow IPC stream that
        follows them on the pipe (read by the caller), or WorkerFailed."""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + wall
        self.send(request, deadline)
        header = read_exactly(self.proc.stdout, HEADER.size, deadline)
        text_size, arrow_size = HEADER.unpack(header)
        if text_size + (0 if arrow_size == STREAMED else arrow_size) > MAX_OUTPUT:
            raise WorkerFailed(TOO_BIG)
        return read_exactly(self.proc.stdout, text_size, deadline), arrow_size

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


_idle: list[Worker] = []
prefetched: dict[str, Worker] = {}  # path → the worker reading it, its matcher still to come
lock = threading.Lock()


def take() -> Worker:
    with lock:
        while _idle:
            worker = _idle.pop()
            if worker.proc.poll() is None:
                return worker
            worker.kill()
    return Worker(COMMAND)


def give_back(worker: Worker) -> None:
    with lock:
        if len(_idle) < IDLE_WORKERS:
            _idle.append(worker)
            return
    worker.kill()


def warm() -> None:
    """Start a worker now (it imports its libraries while the caller does something else); none
    while one is reading a file sent ahead (prefetch): it is warm, and the cores are busy."""
    if not prefetched:
        give_back(take())


def request(kind: str, args: dict[str, Any], *, matcher_follows: bool = False) -> bytes:
    """A reader's request to a worker, with this process's limits (the parent is trusted: pickle)."""
    message = {"kind": kind, "args": args, "cpu": CPU_SECONDS, "batch": STREAM_ROWS}
    return pickle.dumps({**message, "matcher_follows": matcher_follows}, protocol=5)


def prefetch(path: Path) -> None:
    """Send the log at `path` to a worker now, its unit matcher to follow (publication_log): the
    file is checked and read while this process opens its database and reads its units (the
    command line's import: about 0.1 s of a 100k-row file's 1.9, traced). A worker that cannot
    take it is dropped: publication_log then asks as usual."""
    worker = take()
    try:
        args = {"path": str(path), "filename": path.name, "stream": True}
        worker.send(request("log", args, matcher_follows=True), time.monotonic() + 10)
    except WorkerFailed:
        worker.kill()
        return
    with lock:
        prefetched[str(path)] = worker


def sent_ahead(path: str) -> Worker | None:
    """The worker reading `path` since prefetch, now taken by its caller (who sends it the unit
    matcher next), or None."""
    with lock:
        return prefetched.pop(path, None)


def shutdown() -> None:
    """Stop the idle workers (they also end by themselves when this process closes their pipe)."""
    with lock:
        workers, _idle[:] = [*_idle, *prefetched.values()], []
        prefetched.clear()
    for worker in workers:
        worker.kill()


atexit.register(shutdown)
