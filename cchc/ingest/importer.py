"""Read → validate → load, for one or many files: the path shared by the CLI, the page and init."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cchc import db, provinces
from cchc.ingest import load as loader
from cchc.ingest import pool, worker
from cchc.ingest.report import FileRejected, Problem
from cchc.ingest.rows import ParsedLog
from cchc.ingest.units import UnitMatcher

NO_DATA_ROWS = (
    "Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề cột): điền mỗi tin/bài một dòng dưới dòng tiêu đề "
    "rồi tải lên lại."
)


# The sheets of the report workbook this app exports (cchc/exports/report.py).
OWN_REPORT_SHEETS = {
    "Theo loại đơn vị",
    "Theo đơn vị",
    "Chi tiết định mức",
    "Tin bài theo kênh",
    "Tin trùng lặp",
}
OWN_REPORT = (
    "Đây là tệp báo cáo do ứng dụng xuất ra, không phải nhật ký tin bài; "
    "hãy tải lên nhật ký tin/bài của đơn vị (theo mẫu trên trang Nhập dữ liệu)."
)


@dataclass
class FileOutcome:
    file: str
    parsed: ParsedLog | None
    result: loader.ImportResult | None
    fatal: Problem | None = None

    @property
    def problems(self) -> list[Problem]:
        if self.fatal is not None:
            return [self.fatal]
        return [] if self.parsed is None else list(self.parsed.problems)


@dataclass
class ImportRun:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def results(self) -> list[loader.ImportResult]:
        return [o.result for o in self.outcomes if o.result is not None]

    @property
    def exit_code(self) -> int:
        """0 all rows in (or already known); 1 rows rejected; 2 a file could not be read."""
        if any(o.fatal for o in self.outcomes):
            return 2
        if any(o.result and o.result.rejected for o in self.outcomes):
            return 1
        return 0


def unit_matcher(con: duckdb.DuckDBPyConnection, allowed: Iterable[str] | None = None) -> UnitMatcher:
    """A matcher over the units in the database (optionally only those a user may import for)."""
    cur = con.cursor()
    try:
        rows = db.execute(cur, "units/unit_match_rows")
    finally:
        cur.close()
    if allowed is not None:
        keep = set(allowed)
        rows = [r for r in rows if r[0] in keep]
        return UnitMatcher(rows)
    # Every unit of the country: a name shared with another province means the home province's.
    return UnitMatcher(rows, preferred=provinces.home_units(con))


def rejected_rows(parsed: ParsedLog) -> int:
    return len({(p.sheet, p.row) for p in parsed.problems if p.severity == "error" and p.row is not None})


def restrict_to_scope(parsed: ParsedLog, allowed: Iterable[str], names: dict[str, str]) -> None:
    """Reject, row by row, the rows of units outside the importing user's scope."""
    allowed_array = pa.array(sorted(set(allowed)), pa.string())
    inside = pc.fill_null(pc.is_in(parsed.rows["unit_code"], value_set=allowed_array), False)
    outside = parsed.rows.filter(pc.invert(inside))
    for sheet, row, code in zip(
        outside["sheet"].to_pylist(),
        outside["row"].to_pylist(),
        outside["unit_code"].to_pylist(),
        strict=True,
    ):
        parsed.problems.append(
            Problem(
                parsed.file,
                sheet,
                row,
                "Đơn vị",
                f"'{names.get(code, code)}' nằm ngoài phạm vi tài khoản của bạn; dòng này không được nhập.",
            )
        )
    parsed.rows = parsed.rows.filter(inside)


def import_bytes(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    *,
    who: str,
    matcher: UnitMatcher | None = None,
    accept_partial: bool = False,
    dry_run: bool = False,
    allowed: Iterable[str] | None = None,
) -> FileOutcome:
    """Read, validate and load one file; `allowed` limits the units a user may import for."""
    matcher = matcher or unit_matcher(con)
    try:
        parsed = worker.read_publication_log(data, name, matcher)  # a hostile file kills only the worker
    except FileRejected as exc:
        return FileOutcome(name, None, None, exc.problem)
    if allowed is not None:
        names = dict(db.run(con, "units/unit_names").itertuples(index=False, name=None))
        restrict_to_scope(parsed, allowed, names)
    parsed.sha256 = parsed.sha256 or hashlib.sha256(data).hexdigest()
    return _load(con, name, who, accept_partial, dry_run, parsed, parsed.rows)


def import_path(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    who: str,
    matcher: UnitMatcher,
    accept_partial: bool = False,
    dry_run: bool = False,
    on_rows: Callable[[int], None] | None = None,
) -> FileOutcome:
    """import_bytes for a file on disk, as the command line imports one: the reader's worker
    reads it, and its rows come into the database a record batch at a time (this process
    never holds the file, nor its rows at once); the outcome's `parsed.rows` stays empty.
    `on_rows(rows so far)` after each of those batches."""
    try:
        with worker.publication_log(path, matcher) as (parsed, batches):
            rows = batches if on_rows is None else _told(batches, on_rows)
            return _load(con, path.name, who, accept_partial, dry_run, parsed, rows)
    except FileRejected as exc:  # unreadable, or the worker failed while sending the rows
        return FileOutcome(path.name, None, None, exc.problem)


def _load(
    con: duckdb.DuckDBPyConnection,
    name: str,
    who: str,
    accept_partial: bool,
    dry_run: bool,
    parsed: ParsedLog,
    rows: pa.Table | Iterable[pa.RecordBatch],
) -> FileOutcome:
    """Load a file's checked rows, unless the file as a whole is not a log to import (known
    for rows that stream in as the file is read only once they are in, and then undone)."""
    refused = None if parsed.streamed else _not_a_log(name, parsed)
    if refused is not None:
        return refused
    # The workbook's columns are freed by now; hand their memory back before DuckDB needs its own
    # (Arrow's allocator keeps it otherwise: about 50 MB per 100k rows off the peak).
    pa.default_memory_pool().release_unused()

    def counted() -> tuple[int, int]:
        """After streamed rows: their counts, or _NotALog when the file was not one to import."""
        late = _not_a_log(name, parsed)
        if late is not None:
            raise _NotALog(late)
        return parsed.rows_total, rejected_rows(parsed)

    try:
        result = loader.import_rows(
            con,
            _until_rejected(rows, parsed) if parsed.streamed and not accept_partial else rows,
            file_name=name,
            sha256=parsed.sha256,
            rows_total=parsed.rows_total,
            rows_rejected=rejected_rows(parsed),
            who=who,
            accept_partial=accept_partial,
            dry_run=dry_run,
            counted=counted if parsed.streamed else None,
        )
    except _NotALog as exc:  # (its rows undone with the transaction)
        return exc.outcome
    except loader.ImportFailed as exc:  # the database refused: nothing was written
        return FileOutcome(name, parsed, None, Problem(name, None, None, None, str(exc), "fatal"))
    return FileOutcome(name, parsed, result)


def _told(rows: Iterable[pa.RecordBatch], on_rows: Callable[[int], None]) -> Iterator[pa.RecordBatch]:
    """`rows` as they come, telling `on_rows` how many have come so far."""
    count = 0
    for batch in rows:
        count += len(batch)
        on_rows(count)
        yield batch


def _until_rejected(rows: Iterable[pa.RecordBatch], parsed: ParsedLog) -> Iterator[pa.RecordBatch]:
    """Streamed rows up to the first batch the reader sent once it had rejected a row: the
    import will be refused, so the rest are read through for the report, not written."""
    for batch in rows:
        if parsed.rejecting:
            for _ in rows:
                pass
            return
        yield batch


class _NotALog(Exception):
    """A streamed file turned out not to be a log to import, once its rows were in."""

    def __init__(self, outcome: FileOutcome) -> None:
        self.outcome = outcome


def _not_a_log(name: str, parsed: ParsedLog) -> FileOutcome | None:
    """The outcome of a file that, as a whole, is not a log to import; None for a log."""
    sheets = set(parsed.sheets_read) | {s for s, _ in parsed.sheets_skipped}
    if len(sheets & OWN_REPORT_SHEETS) >= 3:  # its tables have log-like columns: never import them
        return FileOutcome(name, None, None, Problem(name, None, None, None, OWN_REPORT, "fatal"))
    if not parsed.rows_total:  # headers only: nothing to import, and no empty batch to record
        # a sheet was read (its header found): other sheets skipped (the template's own
        # instructions) are no news to someone who just forgot to fill the log in
        return FileOutcome(name, None, None, Problem(name, None, None, None, NO_DATA_ROWS, "fatal"))
    return None


def import_files(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | Path],
    *,
    who: str,
    accept_partial: bool = False,
    dry_run: bool = False,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_rows: Callable[[str, int], None] | None = None,
) -> ImportRun:
    """Import each file in its own transaction (import_path); a bad file never stops the others.
    `on_rows(file name, rows so far)` after each record batch of good rows the reader sends."""
    run = ImportRun()
    pool.warm()  # the reader's worker starts while the units are read
    matcher = unit_matcher(con)
    for path in paths:
        counted = functools.partial(on_rows, Path(path).name) if on_rows is not None else None
        outcome = import_path(
            con,
            Path(path),
            who=who,
            matcher=matcher,
            accept_partial=accept_partial,
            dry_run=dry_run,
            on_rows=counted,
        )
        run.outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return run
