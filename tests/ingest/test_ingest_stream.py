"""The rows of a log stream from the reader's worker into the database a record batch at a time
(issue 14: a million rows are never held at once), and the import stays all or nothing."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from cchc.ingest import importer, load, pool, publications, worker, worker_process
from cchc.ingest.report import FileRejected
from tests.test_import_e2e import log, state


@pytest.fixture
def fresh_workers():
    pool.shutdown()
    yield
    pool.shutdown()


def test_the_streamed_batches_are_the_rows_the_whole_answer_holds(con, tmp_path, monkeypatch, fresh_workers):
    monkeypatch.setattr(pool, "STREAM_ROWS", 7)  # several batches from a small file
    data, matcher = log("s", range(1, 31)), importer.unit_matcher(con)
    whole = worker.read_publication_log(data, "a.xlsx", matcher)
    with worker.publication_log(_write(tmp_path, data), matcher) as (parsed, batches):
        got = list(batches)
    assert [len(b) for b in got] == [7, 7, 7, 7, 2]
    assert pa.Table.from_batches(got).equals(whole.rows) and len(whole.rows) == 30
    assert parsed.rows.num_rows == 0 and parsed.rows_total == whole.rows_total
    assert parsed.problems == whole.problems and parsed.sha256 == whole.sha256


def test_a_stream_left_unread_is_drained_and_the_worker_serves_the_next_file(con, tmp_path, fresh_workers):
    data, matcher = log("s", range(1, 31)), importer.unit_matcher(con)
    with worker.publication_log(_write(tmp_path, data), matcher) as (_, batches):
        next(batches)  # one batch taken, the rest left on the pipe
    (first,) = pool._idle
    again = worker.read_publication_log(data, "a.xlsx", matcher)
    assert pool._idle == [first] and len(again.rows) == 30


def test_a_streamed_import_writes_the_same_rows_as_a_whole_one(con, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "BATCH_ROWS", 4)
    monkeypatch.setattr(pool, "STREAM_ROWS", 6)  # batches longer than the loader's slices
    matcher = importer.unit_matcher(con)
    first = importer.import_path(con, _write(tmp_path, log("s", range(1, 21))), who="t", matcher=matcher)
    assert first.result is not None and first.result.added == 20
    assert first.parsed is not None and first.parsed.rows.num_rows == 0
    path = _write(tmp_path, log("s", range(1, 26)), "b.xlsx")
    again = importer.import_path(con, path, who="t", matcher=matcher)
    assert (again.result.added, again.result.known) == (5, 20)  # known rows found across batches
    whole = importer.import_bytes(con, log("s", range(1, 27)), "c.xlsx", who="t", dry_run=True)
    assert (whole.result.added, whole.result.known, len(whole.parsed.rows)) == (1, 25, 26)


def test_a_file_the_worker_cannot_read_or_too_large_is_refused_with_its_reason(con, tmp_path, monkeypatch):
    from cchc.ingest import safety

    matcher = importer.unit_matcher(con)
    missing = importer.import_path(con, tmp_path / "khong-co.xlsx", who="t", matcher=matcher)
    assert missing.fatal.message == "Không đọc được tệp: không tìm thấy tệp hoặc thư mục."
    big = _write(tmp_path, log("s", range(1, 3)))
    large = importer.import_path(con, big, who="t", matcher=matcher)
    assert large.fatal is None  # read whole when it is not too large
    with big.open("ab") as grow:
        grow.truncate(safety.MAX_BYTES + 1)  # a sparse file: nothing of it is read
    refused = importer.import_path(con, big, who="t", matcher=matcher)
    assert refused.fatal.message.startswith("Tệp quá lớn (128.0 MB)"), refused.fatal


def _dying_worker(tmp_path: Path, meta: dict, stream: bytes, cut: int) -> list[str]:
    """A worker that answers `meta`, promises all of `stream`, sends its first `cut` bytes, dies."""
    (tmp_path / "stream.bin").write_bytes(stream[:cut])
    (tmp_path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False))
    body = f"""
        import struct, sys
        from pathlib import Path
        sys.stdin.buffer.read(8)
        text = Path({str(tmp_path / "meta.json")!r}).read_bytes()
        part = Path({str(tmp_path / "stream.bin")!r}).read_bytes()
        sys.stdout.buffer.write(struct.pack(">QQ", len(text), {len(stream)}) + text + part)
        sys.stdout.flush()
    """
    path = tmp_path / "dying_worker.py"
    path.write_text(textwrap.dedent(body))
    return [sys.executable, str(path)]


def test_a_worker_dying_after_the_first_batches_leaves_nothing_written(
    con, tmp_path, monkeypatch, fresh_workers
):
    """Batches already inserted are rolled back with the file's one transaction."""
    data = log("s", range(1, 31))
    good = publications.read_publication_log(data, "a.xlsx", importer.unit_matcher(con))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, good.rows.schema) as writer:
        writer.write_table(good.rows, max_chunksize=10)
    stream = sink.getvalue().to_pybytes()
    first_two = len(stream) * 2 // 3  # the schema and about two of the three batches
    meta = {
        "file": "a.xlsx",
        "sha256": good.sha256,
        "problems": [],
        "sheets_read": good.sheets_read,
        "sheets_skipped": [],
        "rows_total": good.rows_total,
    }
    monkeypatch.setattr(pool, "COMMAND", _dying_worker(tmp_path, meta, stream, first_two))
    monkeypatch.setattr(pool, "WALL_SECONDS", 5.0)
    monkeypatch.setattr(load, "BATCH_ROWS", 10)  # each batch inserted as it comes
    inserted = []
    real_insert = load._q

    def noting(cur, name, params=None):
        if name == "imports/import_insert":
            inserted.append(name)
        return real_insert(cur, name, params)

    monkeypatch.setattr(load, "_q", noting)
    before = state(con, tmp_path)
    run = importer.import_files(con, [_write(tmp_path, data)], who="t")
    (outcome,) = run.outcomes
    assert outcome.fatal is not None and "dừng đột ngột" in outcome.fatal.message, outcome.fatal
    assert inserted, "no batch was inserted before the worker died: the test proves nothing"
    assert run.exit_code == 2 and state(con, tmp_path) == before
    assert not pool._idle


def _write(folder: Path, data: bytes, name: str = "a.xlsx") -> Path:
    path = folder / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_answer_header_counts_the_stream_the_worker_writes(tmp_path):
    """The size sent first is the size of the stream written after it, byte for byte."""
    rows = pa.table({"a": pa.array(range(250_001))})
    path = tmp_path / "out.bin"
    with path.open("wb") as sink:
        counted = worker_process._send_rows(pa.MockOutputStream(), rows, 100_000)
        worker_process._send_rows(sink, rows, 100_000)
    assert counted == path.stat().st_size and counted > 0
    assert pa.ipc.open_stream(path.read_bytes()).read_all().equals(rows)


def test_a_file_sent_ahead_of_its_matcher_reads_as_one_sent_with_it(con, tmp_path, fresh_workers):
    """pool.prefetch (the CLI's import): the worker reads the file while the matcher is still to
    come; the answer is the same, and the same worker serves the next file."""
    data, matcher = log("s", range(1, 31)), importer.unit_matcher(con)
    path = _write(tmp_path, data)
    pool.prefetch(path)
    (sent,) = pool.prefetched.values()
    with worker.publication_log(path, matcher) as (parsed, batches):
        ahead = pa.Table.from_batches(list(batches))
    assert pool._idle == [sent] and not pool.prefetched
    whole = worker.read_publication_log(data, "a.xlsx", matcher)
    assert ahead.equals(whole.rows) and len(ahead) == 30 and parsed.problems == whole.problems
    assert pool._idle == [sent]  # one worker for both files


def test_a_refused_file_sent_ahead_keeps_the_pipe_in_step(con, tmp_path, fresh_workers):
    """The matcher of a file refused before its rows were matched is read and dropped by the worker,
    not taken for the next request."""
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    matcher = importer.unit_matcher(con)
    pool.prefetch(bad)
    with pytest.raises(FileRejected, match="bị hỏng"), worker.publication_log(bad, matcher):
        pass
    (sent,) = pool._idle
    again = worker.read_publication_log(log("s", range(1, 4)), "a.xlsx", matcher)
    assert len(again.rows) == 3 and pool._idle == [sent] and sent.proc.poll() is None


def test_a_file_sent_ahead_and_never_asked_for_ends_with_its_worker(tmp_path, fresh_workers):
    path = _write(tmp_path, log("s", range(1, 4)))
    pool.prefetch(path)
    (sent,) = pool.prefetched.values()
    pool.shutdown()
    assert sent.proc.poll() is not None and not pool.prefetched
