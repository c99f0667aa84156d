"""The five seed plans' task tables (data/tasks/*.csv and their .xlsx copies)."""

from __future__ import annotations

import csv
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc.tasks.deadlines import parse_deadline
from cchc.tasks.occurrences import occurrences

TASKS = Path(__file__).resolve().parent.parent / "data" / "tasks"
COLUMNS = ["stt", "task", "lead", "coordinating", "deadline_text", "product"]

# base name -> (row count, parse context)
PLANS: dict[str, tuple[int, dict]] = {
    # Hà Nội 75/KH-UBND of 27/02/2026: the city plan itself.
    "hn-75-2026": (
        21,
        {
            "plan_year": 2026,
            "plan_start": date(2026, 1, 1),
            "plan_end": date(2026, 12, 31),
            "plan_date": date(2026, 2, 27),
            "is_city_plan": True,
        },
    ),
    # Phúc Lợi 2026: own number and date blank in the seed; implements 75/KH-UBND.
    "phuc-loi-2026": (
        7,
        {
            "plan_year": 2026,
            "plan_start": date(2026, 1, 1),
            "plan_end": date(2026, 12, 31),
            "parent_plan_date": date(2026, 2, 27),
        },
    ),
    # Bạch Mai 2025: quotas August-December 2025; implements QĐ 4386/QĐ-UBND of 22/8/2025.
    "bach-mai-2025": (
        9,
        {
            "plan_year": 2025,
            "plan_start": date(2025, 8, 1),
            "plan_end": date(2025, 12, 31),
            "parent_plan_date": date(2025, 8, 22),
        },
    ),
    # Thanh Hà 14/KH-UBND of 14/01/2026 (no table: rows from sections III and IV).
    "thanh-ha-2026": (
        13,
        {
            "plan_year": 2026,
            "plan_start": date(2026, 1, 1),
            "plan_end": date(2026, 12, 31),
            "plan_date": date(2026, 1, 14),
        },
    ),
    # Phú Định 88/KH-UBND of 08/10/2025, second half of 2025 (no table: rows from section III).
    "phu-dinh-2025h2": (
        17,
        {
            "plan_year": 2025,
            "plan_start": date(2025, 7, 1),
            "plan_end": date(2025, 12, 31),
            "plan_date": date(2025, 10, 8),
        },
    ),
}


def rows(base: str) -> list[dict[str, str]]:
    with (TASKS / f"{base}.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.mark.parametrize("base", PLANS)
def test_row_counts_and_shape(base: str) -> None:
    data = rows(base)
    assert len(data) == PLANS[base][0]
    assert [r["stt"] for r in data] == [str(i) for i in range(1, len(data) + 1)]
    for r in data:
        assert r["task"].strip() and r["lead"].strip()
        for value in r.values():
            assert value == unicodedata.normalize("NFC", value)
            assert value == value.strip() and "\n" not in value and "  " not in value


@pytest.mark.parametrize("base", PLANS)
def test_every_deadline_parses(base: str) -> None:
    ctx = PLANS[base][1]
    for r in rows(base):
        d = parse_deadline(r["deadline_text"], **ctx)
        assert d.kind != "unknown", (base, r["stt"], r["deadline_text"], d.note)
        if d.kind in ("date", "window", "recurring", "continuous"):
            assert occurrences(d, ctx["plan_start"], ctx["plan_end"]), (base, r["stt"])


def test_known_deadlines_resolve() -> None:
    def parsed(base: str, stt: int):
        return parse_deadline(rows(base)[stt - 1]["deadline_text"], **PLANS[base][1])

    # the units' own plans are due 10 days after the city plan: 09/03/2026
    assert parsed("hn-75-2026", 1).due == date(2026, 3, 9)
    assert parsed("hn-75-2026", 18).start == date(2026, 4, 1)  # Quý II/III
    assert parsed("hn-75-2026", 18).due == date(2026, 9, 30)
    assert parsed("hn-75-2026", 21).due == date(2026, 12, 31)  # Quý IV
    assert parsed("hn-75-2026", 6).kind == "open"  # Theo chế độ báo cáo CCHC định kỳ
    assert parsed("hn-75-2026", 10).recurrence == "week"
    assert parsed("phuc-loi-2026", 1).due == date(2026, 3, 5)
    assert parsed("phuc-loi-2026", 5).day_of_period == (3, 15)
    assert parsed("phuc-loi-2026", 7).due == date(2026, 9, 30)
    # Bạch Mai's plan is due 20 days after QĐ 4386/QĐ-UBND of 22/8/2025
    assert parsed("bach-mai-2025", 1).due == date(2025, 9, 11)
    assert parsed("bach-mai-2025", 8).due == date(2025, 12, 31)
    assert {parsed("bach-mai-2025", i).kind for i in (6, 7)} == {"open"}
    assert parsed("thanh-ha-2026", 1).kind == "continuous"
    assert parsed("thanh-ha-2026", 11).recurrence == "quarter"
    assert parsed("phu-dinh-2025h2", 1).kind == "continuous"


def test_seed_phrases_from_domain_are_present() -> None:
    texts = {r["deadline_text"] for base in PLANS for r in rows(base)}
    for phrase in (
        "05/3/2026",
        "Tháng 4/2026",
        "Tháng 9/2026",
        "Quý III",
        "Quý II/III",
        "Quý IV",
        "Năm 2026",
        "Trong năm",
        "Thường xuyên",
        "Thường xuyên trong năm 2026",
        "Định kỳ hằng tháng",
        "Định kỳ hằng quý",
        "Định kỳ hằng tuần",
        "15 tháng cuối quý",
        "Theo chế độ báo cáo CCHC định kỳ",
        "Theo lịch của Thành phố",
        "Theo chỉ đạo của Thành phố",
        "Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch",
        "Chậm nhất 20 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch kèm theo Quyết định",
    ):
        assert phrase in texts, phrase


@pytest.mark.parametrize("base", PLANS)
def test_workbook_matches_csv(base: str) -> None:
    path = TASKS / f"{base}.xlsx"
    assert path.exists(), "run scripts/build_task_workbooks.py"
    ws = load_workbook(path, read_only=True).worksheets[0]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(values) if r[1] == "Nhiệm vụ")
    assert header_at >= 2  # a heading above the table, like the printed Phụ lục
    header = values[header_at]
    assert header[0] in ("STT", "TT")
    assert header[2] in ("Cơ quan chủ trì", "Cơ quan, đơn vị chủ trì")
    body = [r for r in values[header_at + 1 :] if any(v is not None for v in r)]
    data = rows(base)
    assert len(body) == len(data)
    for got, want in zip(body, data, strict=True):
        assert str(got[0]).rstrip(".") == want["stt"]
        assert [v or "" for v in got[1:5]] == [
            want["task"],
            want["lead"],
            want["coordinating"],
            want["deadline_text"],
        ]
        if len(got) > 5:
            assert (got[5] or "") == want["product"]
