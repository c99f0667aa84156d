"""What reading a publication log gives: its rows' schema and the outcome (kept light: the
importing process uses them without loading the Excel reader, which runs in cchc.ingest.worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from cchc.ingest.report import Problem

# What a log row says, read and checked.
LOG_FIELDS = pa.schema(
    [
        ("sheet", pa.string()),
        ("row", pa.int32()),
        ("unit_code", pa.string()),
        ("item_date", pa.date32()),
        ("channel", pa.string()),
        ("item_kind", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("status", pa.string()),
    ]
)
# The reader's rows: those fields and the row's dedup keys (cchc.ingest.keys).
ROWS_SCHEMA = pa.schema([*LOG_FIELDS, ("title_key", pa.string()), ("url_key", pa.string())])


@dataclass
class ParsedLog:
    """The outcome of reading one file: good rows and every problem found."""

    file: str
    sha256: str
    rows: pa.Table
    problems: list[Problem] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[tuple[str, str]] = field(default_factory=list)
    rows_total: int = 0
    # The rows come on the reader's pipe as it reads, and everything above but the file and
    # its SHA-256 is known only once they are all taken (cchc.ingest.worker.publication_log).
    streamed: bool = False
    rejecting: bool = False  # streamed: a row rejected among those read so far
