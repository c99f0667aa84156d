"""A long import shows the rows read so far on a terminal, and nothing anywhere else."""

from __future__ import annotations

import io

from cchc.cli_progress import rows_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_is_rewritten_in_place_and_cleared_before_the_outcome():
    out = Terminal()
    progress = rows_progress(out)
    assert progress is not None
    progress.rows("lon.xlsx", 50_000)
    progress.rows("lon.xlsx", 1_000_000)
    progress.clear()
    progress.clear()  # (nothing shown: nothing to clear)
    assert out.getvalue() == (
        "\rlon.xlsx: đã đọc và kiểm tra 50.000 dòng hợp lệ…"
        "\rlon.xlsx: đã đọc và kiểm tra 1.000.000 dòng hợp lệ…"
        "\r\033[K"
    )


def test_no_progress_where_standard_error_is_not_a_terminal():
    assert rows_progress(io.StringIO()) is None


def test_a_comma_in_the_file_name_stays_a_comma():
    out = Terminal()
    progress = rows_progress(out)
    assert progress is not None
    progress.rows("Nhật ký T1,T2.xlsx", 12_345)
    assert out.getvalue() == "\rNhật ký T1,T2.xlsx: đã đọc và kiểm tra 12.345 dòng hợp lệ…"
