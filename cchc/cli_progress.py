"""A long import's progress on the terminal: the rows read so far, one line rewritten in place.

Written only when standard error is a terminal: automation that reads the command's output
(stdout and stderr, the contract) never sees it."""

from __future__ import annotations

from typing import TextIO


class RowsProgress:
    """`rows(name, count)` after each record batch a file's reader sends; `clear()` before
    anything else is printed (the file's outcome and problems)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def rows(self, name: str, count: int) -> None:
        rows = f"{count:,}".replace(",", ".")  # the number alone: a file's name may hold a comma
        self.stream.write(f"\r{name}: đã đọc và kiểm tra {rows} dòng hợp lệ…")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def rows_progress(stream: TextIO) -> RowsProgress | None:
    """A progress line on `stream` if it is a terminal, else None."""
    return RowsProgress(stream) if stream.isatty() else None
