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
from dataclasses import asdict
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa

from cchc.ingest.pipes import HEADER, LENGTH
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


def _answer(
    kind: str, args: dict[str, Any], later: _Later | None = None
) -> tuple[dict[str, Any], pa.Table | None]:
    """Run one reader in this (worker) process: (the JSON answer, the rows to send as Arrow)."""
    from cchc.ingest import publications, tasks

    if kind == "log":
        data = args["data"] if "data" in args else read_file(args["path"], args["filename"])
        log = publications.read_publication_log(data, args["filename"], later or args["matcher"])
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
        try:
            meta, rows = _answer(str(request["kind"]), request["args"], later)
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
        batch = int(request["batch"])
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
