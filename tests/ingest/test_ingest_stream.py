"""The rows of a log stream from the reader's worker into the database a record batch at a time
(issue 14: a million rows are never held at once), and the import stays all or nothing."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from cchc.ingest import importer, load, publications, worker
from tests.test_import_e2e import log, state


@pytest.fixture
def fresh_workers():
    worker.shutdown()
    yield
    worker.shutdown()


def test_the_streamed_batches_are_the_rows_the_whole_answer_holds(con, tmp_path, monkeypatch, fresh_workers):
    monkeypatch.setattr(worker, "STREAM_ROWS", 7)  # several batches from a small file
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
    (first,) = worker._idle
    again = worker.read_publication_log(data, "a.xlsx", matcher)
    assert worker._idle == [first] and len(again.rows) == 30


def test_a_streamed_import_writes_the_same_rows_as_a_whole_one(con, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "BATCH_ROWS", 4)
    monkeypatch.setattr(worker, "STREAM_ROWS", 6)  # batches longer than the loader's slices
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
    monkeypatch.setattr(worker, "COMMAND", _dying_worker(tmp_path, meta, stream, first_two))
    monkeypatch.setattr(worker, "WALL_SECONDS", 5.0)
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
    assert not worker._idle


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
        counted = worker._send_rows(pa.MockOutputStream(), rows, 100_000)
        worker._send_rows(sink, rows, 100_000)
    assert counted == path.stat().st_size and counted > 0
    assert pa.ipc.open_stream(path.read_bytes()).read_all().equals(rows)
