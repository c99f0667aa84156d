"""A log read in slices comes from the reader's worker as it is read (issue 14: a million rows'
insert runs while the worker reads on), and the import stays exactly what a whole read gives:
the same rows and counts, all or nothing, nothing written by a file refused at its end."""

from __future__ import annotations

import io
import json
import re
import struct
import sys
import textwrap
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from cchc import db, reference
from cchc.ingest import importer, pool, publications, worker
from cchc.ingest.pipes import STREAMED
from cchc.ingest.rows import LOG_FIELDS
from cchc.ingest.spill import Rows
from tests.ingest.corpus import Sheet, with_openpyxl
from tests.test_import_e2e import HEADER, good_rows, log, state

BAD_DATE = [
    999,
    "UBND phường Phúc Lợi",
    "31/02/2026",
    "Cổng TTĐT",
    "ngày sai",
    "https://phucloi.hanoi.gov.vn/x",
]


@pytest.fixture
def sliced(monkeypatch):
    """Workers that read every workbook in slices of 64 rows (a small file streams)."""
    monkeypatch.setenv("CCHC_SLICE_BYTES", "1")
    monkeypatch.setenv("CCHC_SLICE_ROWS", "64")
    pool.shutdown()
    yield
    pool.shutdown()


def _write(folder: Path, data: bytes, name: str = "a.xlsx") -> Path:
    path = folder / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _other(tmp_path: Path) -> db.duckdb.DuckDBPyConnection:
    con = db.connect(tmp_path / "other.duckdb")
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    return con


def _written(con) -> tuple[list[tuple], list[tuple]]:
    items = con.execute(
        "select unit_code, item_date, channel, item_kind, title, url, status, is_duplicate"
        " from publications order by all"
    ).fetchall()
    batches = con.execute(
        "select file_name, rows_total, rows_added, rows_known, rows_rejected from import_batches order by batch_id"
    ).fetchall()
    return items, batches


def test_a_sliced_log_streams_the_rows_and_report_of_a_whole_read(con, tmp_path, sliced):
    data, matcher = log("s", range(1, 301), BAD_DATE), importer.unit_matcher(con)
    whole = worker.read_publication_log(data, "a.xlsx", matcher)
    with worker.publication_log(_write(tmp_path, data), matcher) as (parsed, batches):
        assert parsed.streamed and parsed.sha256 == whole.sha256
        assert parsed.rows_total == 0 and not parsed.problems  # known once the rows are taken
        got = list(batches)
    assert len(got) == 5, "one record batch per slice of 64 rows"
    assert pa.Table.from_batches(got).equals(whole.rows.select(LOG_FIELDS.names)) and len(whole.rows) == 300
    assert (parsed.rows_total, parsed.problems) == (whole.rows_total, whole.problems) == (301, whole.problems)
    assert [p.row for p in parsed.problems] == [302] and parsed.sheets_read == whole.sheets_read
    assert len(pool._idle) == 1  # the worker serves the next file


def test_a_streamed_import_writes_what_a_whole_one_writes(con, tmp_path, sliced):
    first, second = log("s", range(1, 201)), log("s", range(101, 301), BAD_DATE)
    for data, name in ((first, "a.xlsx"), (second, "b.xlsx")):
        out = importer.import_path(
            con,
            _write(tmp_path, data, name),
            who="t",
            matcher=importer.unit_matcher(con),
            accept_partial=True,
        )
        assert out.parsed is not None and out.parsed.streamed
    other = _other(tmp_path)
    for data, name in ((first, "a.xlsx"), (second, "b.xlsx")):
        out = importer.import_bytes(other, data, name, who="t", accept_partial=True)
        assert out.parsed is not None and not out.parsed.streamed
    assert _written(con) == _written(other)
    assert _written(con)[1] == [("a.xlsx", 200, 200, 0, 0), ("b.xlsx", 201, 100, 100, 1)]
    assert out.result is not None and out.result.outcome == "partial"


def test_a_streamed_file_with_a_bad_row_writes_nothing_unless_partial(con, tmp_path, sliced):
    path = _write(tmp_path, log("s", range(1, 201), BAD_DATE))
    before = state(con, tmp_path)
    out = importer.import_path(con, path, who="t", matcher=importer.unit_matcher(con))
    assert out.result is not None and out.result.outcome == "rejected"
    assert (out.result.rejected, out.result.batch_id, out.result.added) == (1, None, 0)
    assert "1 dòng lỗi; chưa ghi gì" in out.result.message
    assert state(con, tmp_path) == before
    assert (
        importer.import_path(con, path, who="t", matcher=importer.unit_matcher(con)).result.outcome
        == "rejected"
    )


def test_a_streamed_file_of_headers_only_records_no_batch(con, tmp_path, sliced):
    before = state(con, tmp_path)
    out = importer.import_path(
        con, _write(tmp_path, log("s", range(0))), who="t", matcher=importer.unit_matcher(con)
    )
    assert out.fatal is not None and out.fatal.message == importer.NO_DATA_ROWS
    assert state(con, tmp_path) == before


def test_a_file_imported_before_says_so_with_the_counts_of_a_whole_read(con, tmp_path, sliced):
    path = _write(tmp_path, log("s", range(1, 201), BAD_DATE))
    matcher = importer.unit_matcher(con)
    first = importer.import_path(con, path, who="t", matcher=matcher, accept_partial=True)
    assert first.result is not None and first.result.added == 200
    before = state(con, tmp_path)
    run = importer.import_files(con, [path], who="t", accept_partial=True)
    (again,) = run.outcomes
    assert again.result is not None and again.result.outcome == "already_imported"
    assert (again.result.rows_total, again.result.rejected, run.exit_code) == (201, 1, 1)
    assert [p.row for p in again.parsed.problems] == [202]
    assert state(con, tmp_path) == before and len(pool._idle) == 1


def _with_a_comment_before(data: bytes, row: int) -> bytes:
    """The workbook with an XML comment among its rows (slicing refuses it there: CannotSlice)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb'<row r="%d"' % row, rb'<!-- x --><row r="%d"' % row, body)
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_a_file_found_unsliceable_after_its_first_slices_sends_the_rest_of_the_whole_read(
    con, tmp_path, sliced
):
    data = _with_a_comment_before(log("s", range(1, 301)), 250)
    matcher = importer.unit_matcher(con)
    whole = worker.read_publication_log(data, "a.xlsx", matcher)  # (not streamed: read whole)
    with worker.publication_log(_write(tmp_path, data), matcher) as (parsed, batches):
        got = pa.Table.from_batches(list(batches))
    assert parsed.streamed and len(got) == 300 and got.equals(whole.rows.select(LOG_FIELDS.names))
    assert parsed.problems == whole.problems and parsed.rows_total == 300
    # (in this process: the slices before the comment went, then the rest of the whole read)
    sent: list[int] = []

    class Recording:
        sent, last = 0, None

        def write(self, table: pa.Table, *, rejecting: bool = False) -> None:
            sent.append(len(table))
            self.sent += len(table)
            self.last = (table["sheet"][-1].as_py(), table["row"][-1].as_py()) if len(table) else self.last

        def close(self) -> None:
            pass

    publications.read_publication_log(data, "a.xlsx", matcher, slice_rows=64, sink=lambda _: Recording())
    assert len(sent) >= 3 and sum(sent) == 300 and sent[-1] == 300 - sum(sent[:-1]) > 64, sent


class _Sink:
    def __init__(self, table: pa.Table) -> None:
        self.sent, self.last = len(table), (table["sheet"][-1].as_py(), table["row"][-1].as_py())
        self.got: list[pa.Table] = []

    def write(self, table: pa.Table, *, rejecting: bool = False) -> None:
        self.got.append(table)

    def close(self) -> None:
        self.got.append(None)


def _rows(rows: range, sheet: str = "S") -> pa.Table:
    return pa.table(
        {f.name: pa.nulls(len(rows), f.type) for f in LOG_FIELDS}
        | {"sheet": pa.array([sheet] * len(rows)), "row": pa.array(list(rows), pa.int32())}
    ).cast(LOG_FIELDS)


def test_a_whole_read_after_a_started_sink_sends_only_what_it_had_not():
    sink = _Sink(_rows(range(2, 12)))
    with Rows(spill=False, sink=sink) as rows:
        rows.add(_rows(range(2, 40)))
        assert rows.table().num_rows == 0
    assert sink.got[0].equals(_rows(range(12, 40))) and sink.got[1] is None
    wrong = _Sink(_rows(range(3, 13)))  # its rows are not the whole read's first
    with Rows(spill=False, sink=wrong) as rows, pytest.raises(RuntimeError):
        rows.add(_rows(range(2, 40)))
        rows.table()


def _statements(monkeypatch) -> list[str]:
    """The names of the statements the loader runs from now on, in order."""
    names, real = [], importer.loader._q

    def noting(cur, name, params=None):
        names.append(name)
        return real(cur, name, params)

    monkeypatch.setattr(importer.loader, "_q", noting)
    return names


def _fake_worker(tmp_path: Path, rows: pa.Table, last: dict, cut: float | None = None) -> list[str]:
    """A worker that streams `rows` (the first `cut` of their bytes, then dies), then answers `last`."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, LOG_FIELDS) as writer:
        writer.write_table(rows, max_chunksize=10)
    stream = sink.getvalue().to_pybytes()
    first = json.dumps({"file": "a.xlsx", "sha256": "0" * 64, "streamed": True}).encode()
    text = json.dumps(last, ensure_ascii=False).encode()
    body = struct.pack(">QQ", len(first), STREAMED) + first
    body += (
        stream[: int(len(stream) * cut)]
        if cut is not None
        else stream + struct.pack(">QQ", len(text), 0) + text
    )
    (tmp_path / "answer.bin").write_bytes(body)
    script = tmp_path / "fake_worker.py"
    script.write_text(
        textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            sys.stdin.buffer.read(8)
            sys.stdout.buffer.write(Path({str(tmp_path / "answer.bin")!r}).read_bytes())
            sys.stdout.flush()
            time.sleep(0.2)
        """)
    )
    return [sys.executable, str(script)]


@pytest.mark.parametrize(
    ("last", "cut", "said"),
    [
        ({"failed": "MemoryError"}, None, "lỗi không lường trước (MemoryError)"),
        ({"rejected": ["a.xlsx", None, None, None, "Tệp bị hỏng.", "fatal"]}, None, "Tệp bị hỏng."),
        (None, 0.7, "dừng đột ngột"),  # (about two of its three batches)
    ],
    ids=["failed", "rejected", "died"],
)
def test_a_file_the_worker_gives_up_on_after_sending_rows_leaves_nothing_written(
    con, tmp_path, monkeypatch, last, cut, said
):
    data = log("s", range(1, 31))
    rows = worker.read_publication_log(data, "a.xlsx", importer.unit_matcher(con)).rows.select(
        LOG_FIELDS.names
    )
    pool.shutdown()
    monkeypatch.setattr(pool, "COMMAND", _fake_worker(tmp_path, rows, last or {}, cut))
    monkeypatch.setattr(pool, "WALL_SECONDS", 5.0)
    monkeypatch.setattr(importer.loader, "BATCH_ROWS", 10)  # each batch inserted as it comes
    inserted = _statements(monkeypatch)
    before = state(con, tmp_path)
    out = importer.import_path(con, _write(tmp_path, data), who="t", matcher=importer.unit_matcher(con))
    assert out.fatal is not None and said in out.fatal.message, out.fatal
    assert "imports/import_insert" in inserted, "no rows went in before: the test proves nothing"
    assert state(con, tmp_path) == before and not pool._idle
    pool.shutdown()


def test_short_batches_are_gathered_into_the_loaders_slices_as_soon_as_one_is_full(monkeypatch):
    monkeypatch.setattr(importer.loader, "BATCH_ROWS", 10)
    seen: list[int] = []

    def batches():
        for size in (4, 6, 3, 3, 25, 1):
            seen.append(size)
            yield pa.record_batch([pa.array(range(size))], names=["a"])

    got = [(len(t), len(seen)) for t in importer.loader._slices(batches())]
    # (rows in the slice, batches received when it was given out)
    assert got == [(10, 2), (6, 5), (10, 5), (10, 5), (6, 6)]


def test_a_streamed_file_stops_being_written_at_its_first_rejected_row_unless_partial(
    con, tmp_path, monkeypatch, sliced
):
    """The worker marks the batches it sends once it has rejected a row; without
    --accept-partial the import will be refused, so the rest is read for the report only."""
    monkeypatch.setattr(importer.loader, "BATCH_ROWS", 64)  # each slice inserted as it comes
    calls = _statements(monkeypatch)
    rows = [HEADER, *good_rows("s", range(1, 130)), BAD_DATE, *good_rows("s", range(130, 301))]
    path = _write(tmp_path, with_openpyxl(Sheet("Tin bài", rows)))
    before = state(con, tmp_path)
    out = importer.import_path(con, path, who="t", matcher=importer.unit_matcher(con))
    assert out.result is not None and (out.result.outcome, out.result.rejected) == ("rejected", 1)
    assert [p.row for p in out.parsed.problems] == [131] and state(con, tmp_path) == before
    assert calls.count("imports/import_insert") == 2, calls  # the two slices before the bad row's
    calls.clear()
    partial = importer.import_path(
        con, path, who="t", matcher=importer.unit_matcher(con), accept_partial=True
    )
    assert partial.result is not None and (partial.result.added, partial.result.rejected) == (300, 1)
    assert calls.count("imports/import_insert") == 5  # every slice


def test_the_rows_read_so_far_are_told_as_they_come(con, tmp_path, sliced):
    told: list[tuple[str, int]] = []
    paths = [_write(tmp_path, log("s", range(1, 301))), _write(tmp_path, log("t", range(1, 11)), "b.xlsx")]
    run = importer.import_files(con, paths, who="t", on_rows=lambda name, n: told.append((name, n)))
    assert [o.result.added for o in run.outcomes] == [300, 10]
    assert [n for name, n in told if name == "a.xlsx"] == [63, 127, 191, 255, 300]  # a slice at a time
    assert told[-1] == ("b.xlsx", 10)


def test_batches_kept_for_a_write_run_again_come_again_then_the_rest():
    """PostgreSQL may refuse a write and run it again: the batches read the first time come
    again, in order, followed by those the first run did not reach; the source is read once."""
    taken: list[int] = []

    def source():
        for i in range(5):
            taken.append(i)
            yield pa.record_batch([pa.array([i])], names=["a"])

    rows = importer.loader._Replayable(source())
    first = iter(rows)
    assert [next(first)["a"][0].as_py() for _ in range(2)] == [0, 1]  # refused after two
    assert [b["a"][0].as_py() for b in rows] == [0, 1, 2, 3, 4]
    assert [b["a"][0].as_py() for b in rows] == [0, 1, 2, 3, 4] and taken == [0, 1, 2, 3, 4]
