"""A log's good rows gathered sheet by sheet: in memory, or, for a file read in slices, in a
temporary Arrow IPC file, so that the worker holds one slice's rows at a time while it reads;
or sent on as they come (`sink`: the command line's import, cchc.ingest.worker_process)."""

from __future__ import annotations

import os
import tempfile
from types import TracebackType
from typing import Protocol

import pyarrow as pa

from cchc.ingest.rows import LOG_FIELDS, ROWS_SCHEMA


class RowSink(Protocol):
    """Where a sliced read's rows go as each slice is checked (LOG_FIELDS, in file order)."""

    sent: int  # rows written so far
    last: tuple[str, int] | None  # (sheet, row) of the last of them

    def write(self, table: pa.Table, *, rejecting: bool = False) -> None:
        """`rejecting`: a row of the file so far was rejected (the importer may stop writing)."""

    def close(self) -> None: ...


class Rows:
    """Tables added in order; `table()` gives them back as one. In memory they are of
    ROWS_SCHEMA; spilled, of LOG_FIELDS (cchc.ingest.publications: no dedup keys).

    With a `sink`, a sliced read's tables go there as they come, and `table()` gives none back.
    A whole read after the sink was written to (the file turned out not to be sliceable past
    its first slices) sends there what the sink has not had yet, the rows after its `sent`
    first: a sliced read's rows are the whole read's, slice by slice."""

    def __init__(self, *, spill: bool, sink: RowSink | None = None) -> None:
        self.tables: list[pa.Table] = []
        self.path: str | None = None
        self.writer: pa.ipc.RecordBatchFileWriter | None = None
        self.sink = sink if spill or (sink is not None and sink.sent) else None
        self.sending = spill and sink is not None
        if spill and sink is None:
            fd, self.path = tempfile.mkstemp(prefix="cchc-rows-", suffix=".arrow")
            os.close(fd)
            self.writer = pa.ipc.new_file(self.path, LOG_FIELDS)

    def __enter__(self) -> Rows:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if self.path is not None:
            os.unlink(self.path)  # (a table mapped from it stays readable: the mapping holds the file)
            self.path = None

    def add(self, table: pa.Table, *, rejecting: bool = False) -> None:
        """`rejecting`: a row of the file so far was rejected (told to a sink)."""
        if self.sending:
            assert self.sink is not None
            self.sink.write(table, rejecting=rejecting)
        elif self.writer is not None:
            self.writer.write_table(table)
        else:
            self.tables.append(table)

    def table(self) -> pa.Table:
        """Every row added, as one table (read back from the file without a copy: mapped);
        with a sink, none (they went there)."""
        if self.sink is not None:
            if not self.sending:
                self._catch_up(self.sink)
            self.sink.close()
            return LOG_FIELDS.empty_table()
        if self.writer is None:
            return pa.concat_tables(self.tables) if self.tables else ROWS_SCHEMA.empty_table()
        assert self.path is not None
        self.writer.close()
        self.writer = None
        return pa.ipc.open_file(pa.memory_map(self.path)).read_all()

    def _catch_up(self, sink: RowSink) -> None:
        """The whole read's rows the sink has not had: those after the ones it was sent."""
        whole = (
            pa.concat_tables(self.tables).select(LOG_FIELDS.names)
            if self.tables
            else LOG_FIELDS.empty_table()
        )
        if sink.sent > len(whole) or (
            sink.last is not None
            and (whole["sheet"][sink.sent - 1].as_py(), whole["row"][sink.sent - 1].as_py()) != sink.last
        ):
            raise RuntimeError("the sliced read's rows are not the whole read's first rows")
        sink.write(whole.slice(sink.sent))
