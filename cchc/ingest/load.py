"""Atomic, idempotent loading of parsed publication logs into DuckDB.

One file is one transaction (cchc.db.transaction, which turns DuckDB's silent rollback after a
failed statement, and a key violation surfacing only at COMMIT, into errors); the rows are
re-counted after the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cchc import db
from cchc.ingest import keys
from cchc.ingest.rows import ROWS_SCHEMA
from cchc.parallel import in_halves, one_batch_per_core
from cchc.quotas import counts
from cchc.unit_runs import bounds, unit_runs

if TYPE_CHECKING:
    import pandas as pd

# The reader's output is the loader's input: one schema, defined by the reader.
INCOMING_SCHEMA = ROWS_SCHEMA
# A slice as imports/import_insert reads it: the rows, keyed, and their positions in the file.
KEYED_SCHEMA = pa.schema([*INCOMING_SCHEMA, ("ord", pa.int64())])
BATCH_ROWS = 100_000  # rows keyed and inserted at a time


class ImportFailed(RuntimeError):
    """The database refused the import; nothing was written."""


class _Replayable:
    """Record batches taken from `source` as they come and kept, so that a write run again
    whole (PostgreSQL refusing it for a concurrent write) reads them again, then the rest.
    The first run writes each as it comes, while the reader reads on (a file read in slices)."""

    def __init__(self, source: Iterable[pa.RecordBatch]) -> None:
        self.source = iter(source)
        self.kept: list[pa.RecordBatch] = []

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        yield from list(self.kept)
        for batch in self.source:
            self.kept.append(batch)
            yield batch


class _RejectedRows(Exception):
    """Rows came in before the reader found rejected ones, and the import is not partial: undone."""


@dataclass
class ImportResult:
    file: str
    outcome: str  # imported | partial | already_imported | nothing_new | rejected | dry_run
    batch_id: int | None = None
    rows_total: int = 0
    added: int = 0
    known: int = 0
    rejected: int = 0
    duplicates: int = 0
    units: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """One Vietnamese sentence for people."""
        if self.outcome == "already_imported":
            return f"{self.file}: tệp này đã được nhập trước đây (lô {self.batch_id}); không thêm gì."
        if self.outcome == "rejected":
            return (
                f"{self.file}: {self.rejected} dòng lỗi; chưa ghi gì vào cơ sở dữ liệu"
                " (sửa lỗi hoặc chọn 'chỉ nhập các dòng hợp lệ')."
            )
        if self.outcome == "nothing_new":
            return f"{self.file}: {self.known} dòng đã có sẵn; không có dòng mới."
        verb = "sẽ thêm" if self.outcome == "dry_run" else "đã thêm"
        text = f"{self.file}: {verb} {self.added} dòng"
        if self.known:
            text += f", {self.known} dòng đã có sẵn"
        if self.duplicates:
            text += f", {self.duplicates} tin/bài gửi lại (không tính lần hai)"
        if self.rejected:
            text += f", bỏ qua {self.rejected} dòng lỗi"
        return text + "."


def with_keys(rows: pa.Table, *, first: int = 0) -> pa.Table:
    """`rows` with their dedup keys and `ord`, the row's position in the file (`rows` starting
    at `first`). The reader makes the keys (cchc.ingest.keys); rows that come without them
    (a table built by hand) are keyed here, each half of a long table on its own core."""
    if not {"title_key", "url_key"} <= set(rows.column_names):
        text = pa.schema([("title", pa.string()), ("url", pa.string())])  # (a column of None is typed null)
        parts = in_halves(_keys, rows.select(text.names).cast(text))
        # (pa.chunked_array over ChunkedArrays would walk them value by value)
        title_key = pa.chunked_array([c for p in parts for c in p[0].chunks], pa.string())
        url_key = pa.chunked_array([c for p in parts for c in p[1].chunks], pa.string())
        rows = rows.append_column("title_key", title_key).append_column("url_key", url_key)
    return rows.append_column("ord", pa.array(np.arange(first, first + len(rows), dtype=np.int64)))


def _keys(rows: pa.Table) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    return keys.title_keys(rows["title"]), keys.url_keys(rows["url"])


def _q(cur: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> list[tuple]:
    return db.execute(cur, name, params)


def import_rows(
    con: duckdb.DuckDBPyConnection,
    rows: pa.Table | Iterable[pa.RecordBatch],
    *,
    file_name: str,
    sha256: str,
    rows_total: int,
    rows_rejected: int,
    who: str,
    accept_partial: bool = False,
    dry_run: bool = False,
    kind: str = "publications",
    counted: Callable[[], tuple[int, int]] | None = None,
) -> ImportResult:
    """Write the good rows of one file in one transaction (or nothing).

    `rows` may come as record batches (each written as it comes: the rows of a million-row file
    are never held at once); they are then read once, so on PostgreSQL, where a write may be
    refused and run again, they are also kept as they come (_Replayable).

    `counted`, for batches that come while the file is still read: called once they are all
    in, it gives `rows_total` and `rows_rejected` (the ones passed are then not known yet), or
    raises to undo them; rejected rows without `accept_partial` undo them too.
    """
    result = ImportResult(file=file_name, outcome="imported", rows_total=rows_total, rejected=rows_rejected)
    with db.WRITE_LOCK:
        cur = con.cursor()
        try:
            existing = _q(cur, "imports/import_find_batch", {"sha256": sha256, "kind": kind})
        finally:
            cur.close()
        if existing:
            result.outcome, result.batch_id = "already_imported", int(existing[0][0])
            if counted is not None:  # its rows read through, for the counts a whole read gives
                for _ in rows:
                    pass
                result.rows_total, result.rejected = counted()
            return result
        if rows_rejected and not accept_partial:
            result.outcome = "rejected"
            return result
        if not isinstance(rows, pa.Table) and db.is_server(con):
            rows = _Replayable(rows)  # written as they come, kept for a write run again
        try:
            _write(con, rows, result, sha256, who, kind, dry_run, counted, accept_partial)
        except _RejectedRows:
            result.outcome, result.batch_id, result.added, result.known = "rejected", None, 0, 0
            return result
        if dry_run:
            result.outcome, result.batch_id = "dry_run", None
            return result
        stored = int(db.scalar(con, "imports/batch_rows_count", {"batch_id": result.batch_id}))
        if stored != result.added:
            raise ImportFailed(f"Sau khi ghi chỉ thấy {stored}/{result.added} dòng của lô {result.batch_id}.")
    if result.added == 0:
        result.outcome = "nothing_new"
    elif result.rejected:
        result.outcome = "partial"
    return result


def _write(
    con: duckdb.DuckDBPyConnection,
    rows: pa.Table | Iterable[pa.RecordBatch],
    result: ImportResult,
    sha256: str,
    who: str,
    kind: str,
    dry_run: bool,
    counted: Callable[[], tuple[int, int]] | None = None,
    accept_partial: bool = False,
) -> None:
    """Stage, insert and refresh derived tables in one transaction (rolled back on a dry run),
    run again whole when PostgreSQL refuses it for a concurrent write (SQLSTATE 40001)."""

    def attempt() -> None:
        with db.transaction(con, commit=not dry_run, checkpoint=True) as cur:
            _insert(cur, rows, result, sha256, who, kind, counted, accept_partial)

    try:
        db.retrying(attempt)
    except db.CommitRefused as exc:
        raise ImportFailed(f"Cơ sở dữ liệu từ chối lô nhập: {exc}") from exc
    except duckdb.Error as exc:
        raise ImportFailed(f"Không ghi được vào cơ sở dữ liệu: {exc}") from exc


def _insert(
    cur: duckdb.DuckDBPyConnection,
    rows: pa.Table | Iterable[pa.RecordBatch],
    result: ImportResult,
    sha256: str,
    who: str,
    kind: str,
    counted: Callable[[], tuple[int, int]] | None = None,
    accept_partial: bool = False,
) -> None:
    result.batch_id = int(db.execute(cur, "imports/next_batch_id")[0][0])
    _q(
        cur,
        "imports/import_insert_batch",
        {
            "batch_id": result.batch_id,
            "kind": kind,
            "file_name": result.file,
            "sha256": sha256,
            "who": who,
            "rows_total": result.rows_total,
            "rows_rejected": result.rejected,
        },
    )
    staged = (
        not isinstance(rows, pa.Table | _Replayable)  # (PostgreSQL's rows are kept anyway)
        and (counted is not None or result.rows_total > BATCH_ROWS)
    )
    written = _insert_rows(cur, rows, result.batch_id, staged=staged)
    if counted is not None:  # rows that came while the file was read: now counted
        result.rows_total, result.rejected = counted()
        if result.rejected and not accept_partial:
            raise _RejectedRows
        _q(
            cur,
            "imports/import_batch_counts",
            {"batch_id": result.batch_id, "rows_total": result.rows_total, "rows_rejected": result.rejected},
        )
    result.added = int(_q(cur, "imports/batch_rows_count", {"batch_id": result.batch_id})[0][0])
    # rows_total counts every good row; repeats inside the file are 'known' too.
    result.known = written - result.added
    _q(
        cur,
        "imports/import_finish_batch",
        {"batch_id": result.batch_id, "added": result.added, "known": result.known},
    )
    result.units = [r[0] for r in _q(cur, "imports/batch_units", {"batch_id": result.batch_id})]
    counts.refresh(cur, result.units)
    result.duplicates = int(_q(cur, "imports/batch_duplicates_count", {"batch_id": result.batch_id})[0][0])


def _insert_rows(
    cur: duckdb.DuckDBPyConnection,
    rows: pa.Table | Iterable[pa.RecordBatch],
    batch_id: int,
    *,
    staged: bool = False,
) -> int:
    """Insert the new rows a slice at a time, inside the caller's transaction: the memory an
    import takes is bounded by the slice, not by the file (a province's year: a million rows).
    Returns how many rows were offered.

    The same rows go in as in one statement: a row repeated inside the file is found, in a
    later slice, among the rows the earlier slices inserted (with the same date, so inside the
    window the query compares), and the first copy in file order is the one kept. Rows that
    come as record batches, more than a slice of them (`staged`), are copied into DuckDB slice
    by slice (imports/incoming_copy), so the transaction does not keep every slice's Arrow
    memory alive to its end; a file of one slice, most files, is not copied.
    """
    first = 0
    for part in _slices(rows):
        keyed = one_batch_per_core(with_keys(part, first=first).select(KEYED_SCHEMA.names).cast(KEYED_SCHEMA))
        if not staged:
            cur.register("incoming_rows", keyed)
            try:
                _insert_slice(cur, keyed, batch_id)
            finally:
                cur.unregister("incoming_rows")
        else:
            _stage(cur, keyed)
            try:
                _insert_slice(cur, keyed, batch_id)
            finally:
                _q(cur, "imports/incoming_drop")
        first += len(part)
    return first


def _insert_slice(cur: duckdb.DuckDBPyConnection, keyed: pa.Table, batch_id: int) -> None:
    """The slice in incoming_rows, inserted: the rows known already are found within the slice's
    days. On a file they are found first, by their position (imports/known_ords), and left out
    (the temporary table goes with a rollback); on PostgreSQL a statement per run of nearby
    units finds them itself, each reading only their rows."""
    if not db.is_server(cur):
        _q(cur, "imports/known_ords")
        _q(cur, "imports/import_insert", {"batch_id": batch_id})
        _q(cur, "imports/known_ords_drop")
        return
    days = pc.min_max(keyed["item_date"])
    params = {"batch_id": batch_id, "first_day": days["min"].as_py(), "last_day": days["max"].as_py()}
    for run in unit_runs(cur, pc.unique(keyed["unit_code"]).to_pylist()):
        _q(cur, "imports/import_insert", {**params, "units": bounds(cur, run)})


def _stage(cur: duckdb.DuckDBPyConnection, keyed: pa.Table) -> None:
    """`keyed` as the temporary table incoming_rows, read from a one-pass stream (what DuckDB
    keeps of it until the transaction ends is an exhausted reader, not the rows)."""

    def batches() -> Iterator[pa.RecordBatch]:
        yield from keyed.to_batches()

    cur.register("incoming_batch", pa.RecordBatchReader.from_batches(keyed.schema, batches()))
    try:
        _q(cur, "imports/incoming_copy")
    finally:
        cur.unregister("incoming_batch")


def _slices(rows: pa.Table | Iterable[pa.RecordBatch]) -> Iterator[pa.Table]:
    """`rows` BATCH_ROWS rows at a time: record batches as they come, the shorter ones (a file
    read in slices sends each as it is read) gathered up to BATCH_ROWS."""
    if isinstance(rows, pa.Table):
        for first in range(0, len(rows), BATCH_ROWS):
            yield rows.slice(first, BATCH_ROWS)
        return
    gathered: list[pa.RecordBatch] = []
    size = 0  # rows gathered
    for batch in rows:
        for first in range(0, len(batch), BATCH_ROWS):
            piece = batch.slice(first, BATCH_ROWS)
            if size + len(piece) > BATCH_ROWS:
                yield pa.Table.from_batches(gathered)
                gathered, size = [], 0
            gathered.append(piece)
            size += len(piece)
            if size == BATCH_ROWS:  # full: written now, not when the next batch comes
                yield pa.Table.from_batches(gathered)
                gathered, size = [], 0
    if gathered:
        yield pa.Table.from_batches(gathered)


def undo_batch(con: duckdb.DuckDBPyConnection, batch_id: int, who: str) -> int:
    """Remove a batch's rows and recount; returns how many rows were removed (run again whole
    on a serialization failure, as an import is)."""

    def attempt() -> int:
        with db.transaction(con, checkpoint=True) as cur:
            units = [r[0] for r in _q(cur, "imports/batch_units", {"batch_id": batch_id})]
            removed = int(_q(cur, "imports/batch_rows_count", {"batch_id": batch_id})[0][0])
            _q(cur, "imports/undo_batch_delete", {"batch_id": batch_id})
            _q(cur, "imports/undo_batch_mark", {"batch_id": batch_id, "who": who})
            counts.refresh(cur, units)
        return removed

    return db.retrying(attempt)


def list_batches(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    """Import history, newest first (a DataFrame)."""
    return db.run(con, "imports/import_batches_list", {"limit": limit})
