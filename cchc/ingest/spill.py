"""A log's good rows gathered sheet by sheet: in memory, or, for a file read in slices, in a
temporary Arrow IPC file, so that the worker holds one slice's rows at a time while it reads."""

from __future__ import annotations

import os
import tempfile
from types import TracebackType

import pyarrow as pa

from cchc.ingest.rows import LOG_FIELDS, ROWS_SCHEMA


class Rows:
    """Tables added in order; `table()` gives them back as one. In memory they are of
    ROWS_SCHEMA; spilled, of LOG_FIELDS (cchc.ingest.publications: no dedup keys)."""

    def __init__(self, *, spill: bool) -> None:
        self.tables: list[pa.Table] = []
        self.path: str | None = None
        self.writer: pa.ipc.RecordBatchFileWriter | None = None
        if spill:
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

    def add(self, table: pa.Table) -> None:
        if self.writer is not None:
            self.writer.write_table(table)
        else:
            self.tables.append(table)

    def table(self) -> pa.Table:
        """Every row added, as one table (read back from the file without a copy: mapped)."""
        if self.writer is None:
            return pa.concat_tables(self.tables) if self.tables else ROWS_SCHEMA.empty_table()
        assert self.path is not None
        self.writer.close()
        self.writer = None
        return pa.ipc.open_file(pa.memory_map(self.path)).read_all()
