"""Bytes to and from the reader's worker process, each wait bounded by a deadline.

The worker may hang or die at any moment: every write and read here waits at most until its
deadline and raises WorkerFailed, whose `why` says what happened in words for the clerk.
"""

from __future__ import annotations

import os
import selectors
import struct
import time
from typing import IO

DIED = "trình đọc dừng đột ngột"
TIMEOUT = "đọc quá lâu"
_PIECE = 1 << 20  # read at most this much at once
HEADER = struct.Struct(">QQ")  # worker → parent: JSON length, Arrow IPC length
# The Arrow IPC length of an answer whose rows follow as they are read, their length unknown
# (cchc.ingest.worker_process: a log read in slices for the command line), then a last answer.
STREAMED = 2**64 - 1
# A STREAMED record batch's metadata once a row of the file before its end has been rejected.
REJECTING = {b"rejecting": b"1"}
LENGTH = struct.Struct(">Q")  # parent → worker: a message's length (a request, a unit matcher)


class WorkerFailed(Exception):
    """The worker could not give an answer; `why` says how, in words for the clerk."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def write_all(pipe: IO[bytes], data: bytes, deadline: float) -> None:
    """Write `data` to the worker before `deadline` (a stuck worker may stop reading), or WorkerFailed."""
    view, fd = memoryview(data), pipe.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_WRITE)
        while view:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise WorkerFailed(TIMEOUT)
            try:
                view = view[os.write(fd, view[: 1 << 16]) :]
            except BlockingIOError:
                continue
            except OSError:  # BrokenPipeError: it is gone
                raise WorkerFailed(DIED) from None


def read_exactly(pipe: IO[bytes], size: int, deadline: float) -> bytearray:
    """`size` bytes from the worker's pipe before `deadline`, or WorkerFailed.

    Read straight into one buffer: an answer is held once, not twice (its pieces and their join).
    """
    out = bytearray(size)
    _fill(pipe.fileno(), memoryview(out), deadline)
    return out


def _fill(fd: int, view: memoryview, deadline: float) -> None:
    got, size = 0, len(view)
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while got < size:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise WorkerFailed(TIMEOUT)
            count = os.readv(fd, [view[got : got + _PIECE]])
            if not count:
                raise WorkerFailed(DIED)
            got += count


class Stream:
    """A file-like read(n) over the next `size` bytes of the worker's pipe, read as they are
    asked for (Arrow reads a stream's record batches from it one at a time).

    Each read waits at most `wait` seconds: the worker has done its work before it sends, so a
    pause longer than that is a stuck worker; the time the reader spends between reads (writing
    the rows it has) is not counted.

    A STREAMED answer's stream is read up to `size` bytes (its cap) and ends with the last
    answer (`last_answer`); one left before that cannot be drained (`unfinished`).
    """

    def __init__(self, pipe: IO[bytes], size: int, wait: float, *, streamed: bool = False) -> None:
        self.fd, self.left, self.wait = pipe.fileno(), size, wait
        self.closed = False
        self.streamed = streamed

    @property
    def unfinished(self) -> bool:
        """A STREAMED answer whose last answer has not been read."""
        return self.streamed and self.left > 0

    def last_answer(self) -> bytes:
        """The JSON of a STREAMED answer's last answer, read after its rows' stream."""
        if self.left < HEADER.size:
            raise WorkerFailed(DIED)
        text_size, arrow_size = HEADER.unpack(self.read(HEADER.size))
        if arrow_size or text_size > self.left:
            raise WorkerFailed(DIED)
        text = self.read(text_size)
        self.left = 0
        return text

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        out = bytearray(n)
        _fill(self.fd, memoryview(out), time.monotonic() + self.wait)
        self.left -= n
        return bytes(out)

    def read_all(self) -> bytearray:
        """What is left, in one buffer (Arrow reads its rows from it without a copy)."""
        out = bytearray(self.left)
        _fill(self.fd, memoryview(out), time.monotonic() + self.wait)
        self.left = 0
        return out

    def drain(self) -> None:
        """Read what is left and drop it, so the worker can serve the next file."""
        buffer = memoryview(bytearray(min(self.left, _PIECE)))
        while self.left:
            piece = min(self.left, len(buffer))
            _fill(self.fd, buffer[:piece], time.monotonic() + self.wait)
            self.left -= piece

    def close(self) -> None:
        self.closed = True
