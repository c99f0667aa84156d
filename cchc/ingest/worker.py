"""Parse untrusted uploads in a separate, limited process, so a hostile file can only kill that process.

The parsers (the Rust Excel reader above all) can abort the whole process on a crafted file, or
spend minutes and gigabytes on it. Here they run in a warm worker (`python -m cchc.ingest.worker`)
that limits its own address space (RLIMIT_AS) and CPU time per job (RLIMIT_CPU); the parent
adds a wall-time limit and a cap on the answer's size. Only validated rows cross back (Arrow IPC
for a log's rows, JSON for everything else; the parent never unpickles what the worker sends).
A worker that dies, overruns a limit or answers nonsense is killed and the file gets a clear
per-file error; the caller, and the other files of the same upload, carry on.
"""

from __future__ import annotations

import atexit
import json
import os
import pickle
import resource
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa

from cchc.ingest.pipes import DIED, TIMEOUT, Stream, WorkerFailed, read_exactly, write_all
from cchc.ingest.report import FileRejected, Problem, reject
from cchc.ingest.rows import ROWS_SCHEMA, ParsedLog
from cchc.ingest.safety import SAVE_AS_XLSX, read_file
from cchc.lean import without_pandas

if TYPE_CHECKING:  # the readers themselves are imported by the worker process only
    from cchc.ingest.tasks import TaskTable
    from cchc.ingest.units import UnitMatcher

MEMORY_BYTES = int(os.environ.get("CCHC_WORKER_MEMORY_MB", "4096")) * 2**20  # address space, not RSS
CPU_SECONDS = 120  # per file; a 100k-row log takes about 1, a million rows (43 MB) about 12
# Per file, measured by the parent (a stuck worker uses no CPU; a busy machine is slow: a
# million rows took 3 minutes on two cores shared with a dozen other processes).
WALL_SECONDS = 600.0
MAX_OUTPUT = 1024 * 2**20  # the answer's size; a million rows (a 43 MB log) make about 210 MB
STREAM_ROWS = 100_000  # rows per record batch of a log's answer (the loader writes them as they come)
IDLE_WORKERS = 2  # warm workers kept between files (the product runs on two cores)
# Files read at once; more uploads wait their turn (12 sessions must not hold 12 × 4 GB).
_SLOTS = threading.BoundedSemaphore(int(os.environ.get("CCHC_WORKERS", "3")))
COMMAND: Sequence[str] = (sys.executable, "-m", "cchc.ingest.worker")

UNSAFE = (
    "Không đọc được tệp một cách an toàn: việc đọc tệp bị dừng vì {why}. Tệp có thể bị hỏng hoặc được "
    f"tạo để gây hại; {SAVE_AS_XLSX}."
)
_DIED, _TIMEOUT = DIED, TIMEOUT
_TOO_BIG = "kết quả quá lớn"
_FAILED = "lỗi không lường trước ({name})"
_HEADER = struct.Struct(">QQ")  # worker → parent: JSON length, Arrow IPC length
_LENGTH = struct.Struct(">Q")  # parent → worker: request length


# --------------------------------------------------------------------------- parent side


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, command: Sequence[str]) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.proc = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True
        )
        assert self.proc.stdin is not None
        os.set_blocking(self.proc.stdin.fileno(), False)  # writes wait on the deadline, not forever

    def ask(self, request: bytes, wall: float) -> tuple[bytearray, int]:
        """Send one request; the answer's JSON bytes and the size of the Arrow IPC stream that
        follows them on the pipe (read by the caller), or WorkerFailed."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        deadline = time.monotonic() + wall
        write_all(self.proc.stdin, _LENGTH.pack(len(request)), deadline)
        write_all(self.proc.stdin, request, deadline)
        header = read_exactly(self.proc.stdout, _HEADER.size, deadline)
        text_size, arrow_size = _HEADER.unpack(header)
        if text_size + arrow_size > MAX_OUTPUT:
            raise WorkerFailed(_TOO_BIG)
        return read_exactly(self.proc.stdout, text_size, deadline), arrow_size

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


_idle: list[_Worker] = []
_lock = threading.Lock()


def _take() -> _Worker:
    with _lock:
        while _idle:
            worker = _idle.pop()
            if worker.proc.poll() is None:
                return worker
            worker.kill()
    return _Worker(COMMAND)


def _give_back(worker: _Worker) -> None:
    with _lock:
        if len(_idle) < IDLE_WORKERS:
            _idle.append(worker)
            return
    worker.kill()


def warm() -> None:
    """Start a worker now (it imports its libraries while the caller does something else)."""
    _give_back(_take())


def shutdown() -> None:
    """Stop the idle workers (they also end by themselves when this process closes their pipe)."""
    with _lock:
        workers, _idle[:] = list(_idle), []
    for worker in workers:
        worker.kill()


atexit.register(shutdown)


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
    with _SLOTS:
        worker = _take()
        # (the request, a copy of the file, is not kept while the rows are read and written)
        request = {"kind": kind, "args": args, "cpu": CPU_SECONDS, "batch": STREAM_ROWS}
        answer, stream = _exchange(worker, pickle.dumps(request, protocol=5), filename)
        try:
            yield answer, stream
            stream.drain()
        except WorkerFailed as exc:
            worker.kill()
            raise reject(filename, UNSAFE.format(why=exc.why)) from None
        except BaseException:
            worker.kill()  # an interrupted exchange leaves the pipes in an unknown state
            raise
        _give_back(worker)


def _exchange(worker: _Worker, request: bytes, filename: str) -> tuple[dict[str, Any], Stream]:
    """One request to `worker`: its answer and the stream of rows that follows, or FileRejected
    (the worker is then given back, or killed when it failed)."""
    try:
        text, arrow_size = worker.ask(request, WALL_SECONDS)
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
    if "failed" in answer:
        worker.kill()  # after an unexpected error, or running out of memory, start afresh
        raise reject(filename, UNSAFE.format(why=_FAILED.format(name=answer["failed"])))
    assert worker.proc.stdout is not None
    stream = Stream(worker.proc.stdout, arrow_size, WALL_SECONDS)
    if "rejected" in answer:
        if arrow_size:  # nothing follows a rejection from a worker that works as it should
            worker.kill()
        else:
            _give_back(worker)
        try:
            problem = Problem(*answer["rejected"])
        except TypeError:
            raise reject(filename, UNSAFE.format(why=_DIED)) from None
        raise FileRejected(problem)
    return answer, stream


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
    """
    filename = path.name
    args = {"path": str(path), "filename": filename, "matcher": matcher}
    with _asked("log", args, filename) as (answer, stream):
        try:
            parsed = _parsed(answer, ROWS_SCHEMA.empty_table())
        except (KeyError, TypeError, ValueError):
            raise reject(filename, UNSAFE.format(why=_DIED)) from None
        yield parsed, _batches(stream, filename)


def _batches(stream: Stream, filename: str) -> Iterator[pa.RecordBatch]:
    """The record batches of the worker's Arrow IPC stream, as they come."""
    try:
        reader = pa.ipc.open_stream(stream)
        if not reader.schema.equals(ROWS_SCHEMA):
            raise reject(filename, UNSAFE.format(why=_DIED))
        yield from reader
    except pa.ArrowInvalid:
        raise reject(filename, UNSAFE.format(why=_DIED)) from None


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


def _problems(problems: list[Problem]) -> list[list[object]]:
    return [[p.file, p.sheet, p.row, p.column, p.message, p.severity] for p in problems]


def _answer(kind: str, args: dict[str, Any]) -> tuple[dict[str, Any], pa.Table | None]:
    """Run one reader in this (worker) process: (the JSON answer, the rows to send as Arrow)."""
    from cchc.ingest import publications, tasks

    if kind == "log":
        data = args["data"] if "data" in args else read_file(args["path"], args["filename"])
        log = publications.read_publication_log(data, args["filename"], args["matcher"])
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


# --------------------------------------------------------------------------- worker side


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
    while head := requests.read(_LENGTH.size):
        (size,) = _LENGTH.unpack(head)
        request = pickle.loads(requests.read(size))  # from the parent, which is trusted
        _limit_cpu(int(request["cpu"]))
        rows: pa.Table | None = None
        try:
            meta, rows = _answer(str(request["kind"]), request["args"])
        except FileRejected as exc:
            meta = {"rejected": _problems([exc.problem])[0]}
        except MemoryError:
            meta = {"failed": "MemoryError"}
        except Exception as exc:  # any other failure is this file's, not the server's
            meta = {"failed": type(exc).__name__}
        text = json.dumps(meta, ensure_ascii=False).encode()
        batch = int(request["batch"])
        answers.write(_HEADER.pack(len(text), _send_rows(pa.MockOutputStream(), rows, batch)) + text)
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
