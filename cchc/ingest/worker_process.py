"""The reader's worker process (cchc.ingest.worker starts it): limits first, then one file at a
time from its parent, answered as JSON and Arrow IPC on its pipe.

A log's request may come before its unit matcher (`matcher_follows`, cchc.ingest.pool.prefetch):
the file is then checked and read while the parent opens its database, and the matcher, the
next message on the pipe, is read when the rows are to be matched, or dropped unread when the
file was refused before (always read before the answer: the pipe stays in step).
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa

from cchc.ingest.pipes import HEADER, LENGTH, REJECTING, STREAMED
from cchc.ingest.report import FileRejected, Problem
from cchc.ingest.safety import read_file
from cchc.lean import without_pandas

if TYPE_CHECKING:
    from cchc.ingest.units import UnitMatcher

MEMORY_BYTES = int(os.environ.get("CCHC_WORKER_MEMORY_MB", "4096")) * 2**20  # address space, not RSS


class _Later:
    """The unit matcher that follows a request on the pipe, read at most once."""

    def __init__(self, requests: IO[bytes]) -> None:
        self.requests = requests
        self.matcher: UnitMatcher | None = None

    def __call__(self) -> UnitMatcher:
        if self.matcher is None:
            self.matcher = _message(self.requests)
        return self.matcher


def _message(requests: IO[bytes]) -> Any:
    """The next message from the parent (which is trusted); EOFError when it has gone."""
    head = requests.read(LENGTH.size)
    if len(head) < LENGTH.size:
        raise EOFError
    (size,) = LENGTH.unpack(head)
    return pickle.loads(requests.read(size))


def _problems(problems: list[Problem]) -> list[list[object]]:
    return [[p.file, p.sheet, p.row, p.column, p.message, p.severity] for p in problems]


class _Streamed:
    """A log's rows sent to the parent as its slices are checked (the request's `stream`: the
    command line's import of a file read in slices, which the parent writes while the rest is
    read): a first answer, STREAMED, saying which file; the rows as one Arrow IPC stream, in
    record batches of at most `batch` rows; then, once it is closed, the last answer on its own."""

    def __init__(self, answers: IO[bytes], filename: str, batch: int) -> None:
        self.answers, self.batch = answers, batch
        self.first = {"file": filename, "sha256": "", "streamed": True}
        self.writer: pa.ipc.RecordBatchStreamWriter | None = None
        self.sent = 0
        self.last: tuple[str, int] | None = None
        self.closed = False

    @property
    def started(self) -> bool:
        return self.writer is not None

    def of_file(self, sha256: str) -> _Streamed:
        """This stream, for the file whose SHA-256 the reader found (the sink it is given)."""
        self.first["sha256"] = sha256
        return self

    def write(self, table: pa.Table, *, rejecting: bool = False) -> None:
        """`table`'s rows; `rejecting` (a row of the file so far was rejected) goes with them
        as each record batch's metadata (REJECTING), for the parent to stop writing."""
        if self.writer is None:
            text = json.dumps(self.first, ensure_ascii=False).encode()
            self.answers.write(HEADER.pack(len(text), STREAMED) + text)
            self.writer = pa.ipc.new_stream(pa.PythonFile(self.answers, mode="w"), table.schema)
        if len(table):
            for batch in table.to_batches(max_chunksize=self.batch):
                self.writer.write_batch(batch, custom_metadata=REJECTING if rejecting else None)
            self.answers.flush()  # the parent writes these rows while the next are read
            self.sent += len(table)
            self.last = (table["sheet"][-1].as_py(), table["row"][-1].as_py())

    def close(self) -> None:
        """The rows' end (Arrow's end-of-stream marker), once."""
        if self.writer is not None and not self.closed:
            self.writer.close()
            self.closed = True


def _answer(
    kind: str,
    args: dict[str, Any],
    later: _Later | None = None,
    sink: Callable[[str], _Streamed] | None = None,
) -> tuple[dict[str, Any], pa.Table | None]:
    """Run one reader in this (worker) process: (the JSON answer, the rows to send as Arrow;
    a log read in slices sends its rows to `sink` instead, when given)."""
    from cchc.ingest import publications, tasks

    if kind == "log":
        data = args["data"] if "data" in args else read_file(args["path"], args["filename"])
        log = publications.read_publication_log(data, args["filename"], later or args["matcher"], sink=sink)
        del data
        meta = {
            "file": log.file,
            "sha256": log.sha256,
            "problems": _problems(log.problems),
            "sheets_read": log.sheets_read,
            "sheets_skipped": log.sheets_skipped,
            "rows_total": log.rows_total,
        }
        return meta, log.rows
    table = tasks.read_task_table(args["data"], args["filename"], today=args["today"])
    rows = [
        {**asdict(r), "completed_on": r.completed_on.isoformat() if r.completed_on else None}
        for r in table.rows
    ]
    meta = {
        "file": table.file,
        "sha256": table.sha256,
        "rows": rows,
        "problems": _problems(table.problems),
        "sheets_read": table.sheets_read,
        "completion_columns": table.completion_columns,
    }
    return meta, None


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no core file behind
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _limit_cpu(seconds: int) -> None:
    """This job may use `seconds` more CPU seconds; then the kernel kills the worker (SIGXCPU)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds if hard == resource.RLIM_INFINITY else min(used + seconds, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Answer requests until the parent closes the pipe."""
    while True:
        try:
            request = _message(requests)
        except EOFError:
            return
        _limit_cpu(int(request["cpu"]))
        later = _Later(requests) if request.get("matcher_follows") else None
        rows: pa.Table | None = None
        batch = int(request["batch"])
        wants = request["kind"] == "log" and request["args"].get("stream")
        stream = _Streamed(answers, str(request["args"]["filename"]), batch) if wants else None
        try:
            meta, rows = _answer(
                str(request["kind"]), request["args"], later, stream.of_file if stream else None
            )
        except FileRejected as exc:
            meta = {"rejected": _problems([exc.problem])[0]}
        except MemoryError:
            meta = {"failed": "MemoryError"}
        except Exception as exc:  # any other failure is this file's, not the server's
            meta = {"failed": type(exc).__name__}
        if later is not None:  # the matcher of a file refused before its rows were matched: dropped
            try:
                later()
            except EOFError:
                return
        text = json.dumps(meta, ensure_ascii=False).encode()
        if stream is not None and stream.started:  # the rows went already: the last answer alone
            stream.close()
            answers.write(HEADER.pack(len(text), 0) + text)
            answers.flush()
            continue
        answers.write(HEADER.pack(len(text), _send_rows(pa.MockOutputStream(), rows, batch)) + text)
        _send_rows(answers, rows, batch)
        answers.flush()
        del rows


def _send_rows(sink: IO[bytes] | pa.MockOutputStream, rows: pa.Table | None, batch: int) -> int:
    """Write `rows` to `sink` as an Arrow IPC stream, `batch` rows a record batch (nothing for
    None); the bytes written. Written straight to the pipe: no copy of the stream is held, and
    a MockOutputStream counts the bytes first (the same stream, byte for byte)."""
    if rows is None:
        return 0
    if isinstance(sink, pa.MockOutputStream):
        out: pa.NativeFile = sink
    else:
        out = pa.PythonFile(sink, mode="w")
    with pa.ipc.new_stream(out, rows.schema) as writer:
        writer.write_table(rows, max_chunksize=batch)
    return int(sink.size()) if isinstance(sink, pa.MockOutputStream) else 0


def main() -> None:
    """The worker: limits first, then requests on stdin, answers on the original stdout."""
    _limit_memory()
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the answers
    with without_pandas():  # the readers work in Arrow: no pandas to load at every start
        from cchc.ingest import publications, tasks  # noqa: F401  # loaded before the first file arrives

        _serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
