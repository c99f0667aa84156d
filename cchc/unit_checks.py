"""Checks on one row of a units file: codes safe to put in file names and URLs, coordinates on Earth."""

from __future__ import annotations

import re

from cchc.vocab import UNIT_KINDS

CODE_MAX = 32
# Codes end up in file names (letters.zip), URLs and HTML: letters, digits, '-' and '_' only.
CODE_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{1,{CODE_MAX}}}")
BOUNDS = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}


def valid_code(code: str | None) -> bool:
    return bool(code) and CODE_PATTERN.fullmatch(code or "") is not None


def _coordinate_problem(column: str, value: str | None) -> str | None:
    if value is None:
        return None
    low, high = BOUNDS[column]
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return f"{column} '{value}' không phải số."
    if not low <= number <= high:  # also rejects nan
        return f"{column} = {value} ngoài khoảng [{low:g}, {high:g}]."
    return None


def unit_row_problems(row: dict[str, str | None]) -> list[str]:
    """What is wrong with one units-file row (empty when it can be stored)."""
    problems = []
    code = row.get("code")
    if not code or not row.get("name"):
        problems.append("thiếu mã hoặc tên đơn vị.")
    elif not valid_code(code):
        problems.append(
            f"mã đơn vị '{code[:40]}' không hợp lệ: chỉ dùng chữ cái không dấu, chữ số, '-' và '_',"
            f" tối đa {CODE_MAX} ký tự."
        )
    if row.get("kind") not in UNIT_KINDS:
        problems.append(
            f"loại đơn vị '{row.get('kind')}' không hợp lệ; dùng một trong: {', '.join(UNIT_KINDS)}."
        )
    parent = row.get("parent_code")
    if parent and not valid_code(parent):
        problems.append(f"mã đơn vị cha '{parent[:40]}' không hợp lệ.")
    for column in ("lat", "lon"):
        problem = _coordinate_problem(column, row.get(column))
        if problem:
            problems.append(problem)
    return problems
