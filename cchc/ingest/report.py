"""What went wrong while reading a publication log, in words a clerk understands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

SEVERITIES = ("fatal", "error", "warning")


@dataclass(frozen=True)
class Problem:
    """One problem: a rejected row ('error'), a kept row or skipped sheet ('warning'), or an unreadable file ('fatal').

    `row` is the Excel 1-based row number; `column` is the header text as in the file,
    or the Excel column letter when the column has no header.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"trang «{self.sheet}»" if self.sheet else "",
                f"dòng {self.row}" if self.row else "",
                f"cột «{self.column}»" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}"


class FileRejected(Exception):
    """The whole file cannot be read; `problem` (severity 'fatal') says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def reject(file: str, message: str, sheet: str | None = None) -> FileRejected:
    """Build the exception for an unreadable file (raise the result)."""
    return FileRejected(Problem(file, sheet, None, None, message, "fatal"))


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quote(value: object, limit: int = 60) -> str:
    """«value», shortened for messages."""
    text = str(value)
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


@dataclass
class RowProblems:
    """Problems of one sheet's data rows, added a whole column at a time (boolean masks).

    Python runs once per *problem*, not per row; `rejected` ORs every error mask.
    """

    file: str
    sheet: str
    rows: np.ndarray  # Excel row number of each data row
    rejected: np.ndarray = field(init=False)
    items: list[tuple[int, int, Problem]] = field(default_factory=list)  # (row, column order, problem)

    def __post_init__(self) -> None:
        self.rejected = np.zeros(len(self.rows), dtype=bool)

    def add(
        self,
        mask: np.ndarray,
        column: str | None,
        message: str | Callable[[int], str],
        *,
        order: int = 0,
        severity: str = "error",
    ) -> None:
        """One problem for every True in `mask`; `message(i)` gets the data-row index."""
        hits = np.flatnonzero(mask)
        if not len(hits):
            return
        if severity == "error":
            self.rejected |= mask
        for i in hits.tolist():
            row = int(self.rows[i])
            text = message(i) if callable(message) else message
            self.items.append((row, order, Problem(self.file, self.sheet, row, column, text, severity)))

    def sorted(self) -> list[Problem]:
        """Problems by row, then by column order."""
        return [p for _, _, p in sorted(self.items, key=lambda item: (item[0], item[1]))]
