"""Parse untrusted uploads in a separate, limited process, so a hostile file can only kill that process.

The parsers (the Rust Excel reader above all) can abort the whole process on a crafted file, or
spend minutes and gigabytes on it. Here they run in a warm worker (`python -m cchc.ingest.worker_process`)
that limits its own address space (RLIMIT_AS) and CPU time per job (RLIMIT_CPU); the parent
adds a wall-time limit and a cap on the answer's size. Only validated rows cross back (Arrow IPC
for a log's rows, JSON for everything else; the parent never unpickles what the worker sends).
A worker that dies, overruns a limit or answers nonsense is killed and the file gets a clear
per-file error; the caller, and the other files of the same upload, carry on.
"""

from __future__ import annotations

import json
import pickle
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cchc.ingest import pool
from cchc.ingest.pipes import DIED, REJECTING, STREAMED, TIMEOUT, Stream, WorkerFailed
from cchc.ingest.report import FileRejected, Problem, reject
from cchc.ingest.rows import LOG_FIELDS, ROWS_SCHEMA, ParsedLog
from cchc.ingest.safety import SAVE_AS_XLSX

if TYPE_CHECKING:  # the readers themselves are imported by the worker process only
    from cchc.ingest.tasks import TaskTable
    from cchc.ingest.units import UnitMatcher

UNSAFE = (
    "Không đọc được tệp một cách an toàn: việc đọc tệp bị dừng vì {why}. Tệp có thể bị hỏng hoặc được "
    f"tạo để gây hại; {SAVE_AS_XLSX}."
)
_DIED, _TIMEOUT = DIED, TIMEOUT
_FAILED = "lỗi không lường trước ({name})"


# --------------------------------------------------------------------------- parent side


def run(kind: str, args: dict[str, Any], filename: str) -> tuple[dict[str, Any], bytearray]:
    """Run reader `kind` on `args` in a worker: (its JSON answer, Arrow IPC bytes).

    Raises FileRejected: the reader's own rejection, or UNSAFE when the worker failed.
    """
    with _asked(kind, args, filename) as (answer, stream):
        return answer, stream.read_all()


@contextmanager
def _asked(kind: str, args: dict[str, Any], filename: str) -> Iterator[tuple[dict[str, Any], Stream]]:
    """Run reader `kind` in a worker: its JSON answer and the Arrow IPC stream that follows it
    on the worker's pipe, to be read inside the block (what is left unread is dropped after it).

    Raises FileRejected: the reader's own rejection, or UNSAFE when the worker failed (also
    while the stream is read: the caller's writes are then rolled back by the exception).
    """
    with pool.SLOTS:
        sent = pool.sent_ahead(str(args["path"])) if kind == "log" and "path" in args else None
        if sent is not None:  # the file went ahead: its matcher now
            worker, message = sent, pickle.dumps(args["matcher"], protocol=5)
        else:  # (the request, a copy of the file, is not kept while the rows are read and written)
            worker, message = pool.take(), pool.request(kind, args)
        answer, stream = _exchange(worker, message, filename)
        try:
            yield answer, stream
            if stream.unfinished:  # rows left coming as the file is read: not drained, the worker ends
                worker.kill()
                return
            stream.drain()
        except WorkerFailed as exc:
            worker.kill()
            raise reject(filename, UNSAFE.format(why=exc.why)) from None
        except BaseException:
            worker.kill()  # an interrupted exchange leaves the pipes in an unknown state
            raise
        pool.give_back(worker)


def _exchange(worker: pool.Worker, request: bytes, filename: str) -> tuple[dict[str, Any], Stream]:
    """One request to `worker`: its answer and the stream of rows that follows, or FileRejected
    (the worker is then given back, or killed when it failed)."""
    try:
        text, arrow_size = worker.ask(request, pool.WALL_SECONDS)
        answer = json.loads(text)
        if not isinstance(answer, dict):
            raise WorkerFailed(_DIED)
    except (WorkerFailed, ValueError, struct.error) as exc:
        worker.kill()
        why = exc.why if isinstance(exc, WorkerFailed) else _DIED
        raise reject(filename, UNSAFE.format(why=why)) from None
    except BaseException:
        worker.kill()
        raise
    refused = _refusal(answer, filename)
    if refused is not None:
        # after an unexpected error, or running out of memory, start afresh; nothing follows a
        # rejection from a worker that works as it should
        if "failed" in answer or arrow_size:
            worker.kill()
        else:
            pool.give_back(worker)
        raise refused
    assert worker.proc.stdout is not None
    streamed = arrow_size == STREAMED
    size = pool.MAX_OUTPUT if streamed else arrow_size
    return answer, Stream(worker.proc.stdout, size, pool.WALL_SECONDS, streamed=streamed)


def _refusal(answer: dict[str, Any], filename: str) -> FileRejected | None:
    """What a worker's answer refuses the file with: the reader's own rejection, or UNSAFE when
    the worker failed (or says so in a form it cannot have meant); None for an answer."""
    if "failed" in answer:
        return reject(filename, UNSAFE.format(why=_FAILED.format(name=answer["failed"])))
    if "rejected" not in answer:
        return None
    try:
        return FileRejected(Problem(*answer["rejected"]))
    except TypeError:
        return reject(filename, UNSAFE.format(why=_DIED))


# --------------------------------------------------------------------------- readers, both sides


def read_publication_log(data: bytes, filename: str, matcher: UnitMatcher) -> ParsedLog:
    """cchc.ingest.publications.read_publication_log, in a worker."""
    answer, arrow = run("log", {"data": data, "filename": filename, "matcher": matcher}, filename)
    try:
        return _parsed(answer, pa.ipc.open_stream(pa.py_buffer(arrow)).read_all())
    except (pa.ArrowInvalid, KeyError, TypeError, ValueError):
        raise reject(filename, UNSAFE.format(why=_DIED)) from None


@contextmanager
def publication_log(path: Path, matcher: UnitMatcher) -> Iterator[tuple[ParsedLog, Iterator[pa.RecordBatch]]]:
    """read_publication_log of the file at `path`, read by the worker, with the rows still on
    the worker's pipe: the log (its `rows` empty) and its good rows, record batch by record
    batch, to be taken inside the block.

    The parent then never holds the file, nor its rows at once (a million rows: a 43 MB file,
    about 210 MB of Arrow). FileRejected as read_publication_log (also when the file cannot be
    read), and from the batches when the worker fails.

    A file read in slices comes as it is read (`parsed.streamed`): its rows first, while the
    worker reads on, then what `parsed` says besides its file and SHA-256, filled in once the
    batches are all taken (FileRejected from them when the worker refused the file after all).
    """
    filename = path.name
    args = {"path": str(path), "filename": filename, "matcher": matcher, "stream": True}
    with _asked("log", args, filename) as (answer, stream):
        try:
            if stream.streamed:
                parsed = ParsedLog(str(answer["file"]), str(answer["sha256"]), LOG_FIELDS.empty_table())
                parsed.streamed = True
            else:
                parsed = _parsed(answer, ROWS_SCHEMA.empty_table())
        except (KeyError, TypeError, ValueError):
            raise reject(filename, UNSAFE.format(why=_DIED)) from None
        rows = _streamed_batches(stream, filename, parsed) if stream.streamed else _batches(stream, filename)
        yield parsed, rows


def _batches(stream: Stream, filename: str) -> Iterator[pa.RecordBatch]:
    """The record batches of the worker's Arrow IPC stream, as they come."""
    try:
        reader = pa.ipc.open_stream(stream)
        # with the reader's dedup keys, or without them (a log read in slices)
        if not any(reader.schema.equals(schema) for schema in (ROWS_SCHEMA, LOG_FIELDS)):
            raise reject(filename, UNSAFE.format(why=_DIED))
        yield from reader
    except pa.ArrowInvalid:
        raise reject(filename, UNSAFE.format(why=_DIED)) from None


def _streamed_batches(stream: Stream, filename: str, parsed: ParsedLog) -> Iterator[pa.RecordBatch]:
    """A STREAMED answer's record batches as the worker reads them; then its last answer, into
    `parsed` (or FileRejected: the worker refused the file, or failed, after sending rows)."""
    try:
        reader = pa.ipc.open_stream(stream)
        if not reader.schema.equals(LOG_FIELDS):
            raise reject(filename, UNSAFE.format(why=_DIED))
        while (got := _next_batch(reader)) is not None:
            parsed.rejecting = parsed.rejecting or got.custom_metadata == REJECTING
            yield got.batch
        last = json.loads(stream.last_answer())
    except (pa.ArrowInvalid, ValueError):
        raise reject(filename, UNSAFE.format(why=_DIED)) from None
    if not isinstance(last, dict):
        raise reject(filename, UNSAFE.format(why=_DIED))
    refused = _refusal(last, filename)  # (the caller's block ends the worker)
    if refused is not None:
        raise refused
    try:
        done = _parsed(last, parsed.rows)
    except (KeyError, TypeError, ValueError):
        raise reject(filename, UNSAFE.format(why=_DIED)) from None
    parsed.problems, parsed.sheets_read = done.problems, done.sheets_read
    parsed.sheets_skipped, parsed.rows_total = done.sheets_skipped, done.rows_total


def _next_batch(reader: pa.ipc.RecordBatchStreamReader) -> Any:
    """The stream's next record batch with its metadata, None at its end."""
    try:
        return reader.read_next_batch_with_custom_metadata()
    except StopIteration:
        return None


def _parsed(answer: dict[str, Any], rows: pa.Table) -> ParsedLog:
    return ParsedLog(
        file=str(answer["file"]),
        sha256=str(answer["sha256"]),
        rows=rows,
        problems=[Problem(*p) for p in answer["problems"]],
        sheets_read=[str(s) for s in answer["sheets_read"]],
        sheets_skipped=[(str(s), str(w)) for s, w in answer["sheets_skipped"]],
        rows_total=int(answer["rows_total"]),
    )


def read_task_table(data: bytes, filename: str, *, today: date | None = None) -> TaskTable:
    """cchc.ingest.tasks.read_task_table, in a worker."""
    from cchc.ingest.tasks import TaskRow, TaskTable

    answer, _ = run("tasks", {"data": data, "filename": filename, "today": today}, filename)
    try:
        rows = [
            TaskRow(
                **{**r, "completed_on": date.fromisoformat(r["completed_on"]) if r["completed_on"] else None}
            )
            for r in answer["rows"]
        ]
        return TaskTable(
            file=str(answer["file"]),
            sha256=str(answer["sha256"]),
            rows=rows,
            problems=[Problem(*p) for p in answer["problems"]],
            sheets_read=[str(s) for s in answer["sheets_read"]],
            completion_columns=bool(answer["completion_columns"]),
        )
    except (KeyError, TypeError, ValueError):
        raise reject(filename, UNSAFE.format(why=_DIED)) from None
