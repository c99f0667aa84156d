"""Timeline status of the seed plans' tasks, against answers computed by hand.

Hand computation (no completion recorded), plan dates from data/plans.csv:
* HN-75-2026 issued 27/02/2026 (the city plan itself); its quotas, and so its recurring
  occurrences, start 01/03/2026. PL-2026 and BM-2025 leave their own date blank.
* "Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch" = 27/02 + 10 = 09/03/2026;
  Bạch Mai's "Chậm nhất 20 ngày ... kèm theo Quyết định" = 22/08/2025 (QĐ 4386) + 20 = 11/09/2025.
* 15/04/2026 is a Wednesday: ISO week 13/04-19/04, due Sunday 19/04 (4 days: 'Sắp đến hạn').
  01/10/2026 is a Thursday: ISO week 28/09-04/10, due 04/10 (3 days: 'Sắp đến hạn').
* A recurring task's row is its current occurrence: the next one due on or after the day.
* Bạch Mai (2025) and Phú Định (second half of 2025) are over by 2026: what is not recorded
  done is 'Quá hạn'; what has no deadline stays 'Chưa xác định hạn'.
"""

from __future__ import annotations

from datetime import date

import pytest

from cchc import db, reference, tasks

D = date
APR = D(2026, 4, 15)
OCT = D(2026, 10, 1)
NO = None

# (plan, stt, deadline phrase, 15/04/2026 (due, status), 01/10/2026 (due, status))
EXPECTED: list[tuple[str, int, str | None, tuple, tuple]] = [
    # relative to the city plan's own date
    ("HN-75-2026", 1, "Trong 10 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch",
     (D(2026, 3, 9), "Quá hạn"), (D(2026, 3, 9), "Quá hạn")),
    # recurring: monthly, quarterly, weekly, two rhythms (the shorter wins)
    ("HN-75-2026", 2, "Định kỳ hằng tháng", (D(2026, 4, 30), "Đang thực hiện"), (D(2026, 10, 31), "Đang thực hiện")),
    ("HN-75-2026", 5, "Định kỳ hằng quý", (D(2026, 6, 30), "Đang thực hiện"), (D(2026, 12, 31), "Đang thực hiện")),
    ("HN-75-2026", 8,
     "Định kỳ hằng tháng đối với tin/bài và định kỳ hằng quý đối với bài viết chuyên sâu, chính luận",
     (D(2026, 4, 30), "Đang thực hiện"), (D(2026, 10, 31), "Đang thực hiện")),
    ("HN-75-2026", 10, "Định kỳ hằng tuần", (D(2026, 4, 19), "Sắp đến hạn"), (D(2026, 10, 4), "Sắp đến hạn")),
    # open: the reporting regime fixes the day, not the plan
    ("HN-75-2026", 6, "Theo chế độ báo cáo CCHC định kỳ", (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
    # a year without a number takes the plan's year
    ("HN-75-2026", 11, "Trong năm", (D(2026, 12, 31), "Đang thực hiện"), (D(2026, 12, 31), "Đang thực hiện")),
    # continuous: judged month by month
    ("HN-75-2026", 13, "Thường xuyên", (D(2026, 4, 30), "Thường xuyên"), (D(2026, 10, 31), "Thường xuyên")),
    # quarters: a span, a quarter not yet begun in April, a later quarter
    ("HN-75-2026", 18, "Quý II/III", (D(2026, 9, 30), "Đang thực hiện"), (D(2026, 9, 30), "Quá hạn")),
    ("HN-75-2026", 19, "Quý III", (D(2026, 9, 30), "Đang thực hiện"), (D(2026, 9, 30), "Quá hạn")),
    ("HN-75-2026", 21, "Quý IV", (D(2026, 12, 31), "Đang thực hiện"), (D(2026, 12, 31), "Đang thực hiện")),
    # Phúc Lợi: a date, a year, a day in the last month of each quarter, months
    ("PL-2026", 1, "05/3/2026", (D(2026, 3, 5), "Quá hạn"), (D(2026, 3, 5), "Quá hạn")),
    ("PL-2026", 2, "Năm 2026", (D(2026, 12, 31), "Đang thực hiện"), (D(2026, 12, 31), "Đang thực hiện")),
    ("PL-2026", 5, "15 tháng cuối quý", (D(2026, 6, 15), "Đang thực hiện"), (D(2026, 12, 15), "Đang thực hiện")),
    ("PL-2026", 6, "Tháng 4/2026", (D(2026, 4, 30), "Đang thực hiện"), (D(2026, 4, 30), "Quá hạn")),
    ("PL-2026", 7, "Tháng 9/2026", (D(2026, 9, 30), "Đang thực hiện"), (D(2026, 9, 30), "Quá hạn")),
    # Bạch Mai 2025: relative to the parent decision, recurring and windows all past; open ones
    ("BM-2025", 1, "Chậm nhất 20 ngày kể từ ngày UBND Thành phố ban hành Kế hoạch kèm theo Quyết định",
     (D(2025, 9, 11), "Quá hạn"), (D(2025, 9, 11), "Quá hạn")),
    ("BM-2025", 3, "Định kỳ hằng tháng (theo lịch phân công sau)",
     (D(2025, 12, 31), "Quá hạn"), (D(2025, 12, 31), "Quá hạn")),
    ("BM-2025", 4, "Định kỳ hằng quý (theo lịch phân công sau)",
     (D(2025, 12, 31), "Quá hạn"), (D(2025, 12, 31), "Quá hạn")),
    ("BM-2025", 5, "Định kỳ theo quy định", (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
    ("BM-2025", 6, "Theo lịch của Thành phố", (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
    ("BM-2025", 7, "Theo chỉ đạo của Thành phố", (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
    ("BM-2025", 8, "Trong năm", (D(2025, 12, 31), "Quá hạn"), (D(2025, 12, 31), "Quá hạn")),
    # Thanh Hà: continuous within a named year, open, quarterly ("hàng quý"), a year, a blank cell
    ("TH-14-2026", 1, "Thường xuyên trong năm 2026",
     (D(2026, 4, 30), "Thường xuyên"), (D(2026, 10, 31), "Thường xuyên")),
    ("TH-14-2026", 10, "Trong báo cáo CCHC định kỳ", (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
    ("TH-14-2026", 11, "Định kỳ hàng quý", (D(2026, 6, 30), "Đang thực hiện"), (D(2026, 12, 31), "Đang thực hiện")),
    ("TH-14-2026", 12, "Trong năm 2026", (D(2026, 12, 31), "Đang thực hiện"), (D(2026, 12, 31), "Đang thực hiện")),
    ("TH-14-2026", 13, None, (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
    # Phú Định, second half of 2025: continuous tasks of a finished plan, a blank deadline
    ("PD-88-2025", 1, "Thường xuyên", (D(2025, 12, 31), "Quá hạn"), (D(2025, 12, 31), "Quá hạn")),
    ("PD-88-2025", 6, None, (NO, "Chưa xác định hạn"), (NO, "Chưa xác định hạn")),
]  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("tasks") / "seeded.duckdb")
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    tasks.load_seed_tasks(con)
    yield con
    con.close()


def rows_by_key(frame) -> dict[tuple[str, int], dict]:
    return {(r["plan"], r["stt"]): r for r in frame.to_dict("records")}


@pytest.mark.parametrize("as_of", [APR, OCT], ids=["2026-04-15", "2026-10-01"])
def test_seed_statuses_match_hand_computed(seeded, as_of: date) -> None:
    got = rows_by_key(tasks.task_status(seeded, as_of))
    for plan, stt, phrase, april, october in EXPECTED:
        row = got[(plan, stt)]
        want_due, want_status = april if as_of == APR else october
        text = row["deadline_text"] if isinstance(row["deadline_text"], str) else None
        assert text == phrase, (plan, stt)
        assert (row["due_date"], row["status"]) == (want_due, want_status), (plan, stt, as_of)


def test_every_deadline_kind_is_covered(seeded) -> None:
    frame = tasks.task_status(seeded, APR)
    kinds = {(r["plan"], r["stt"]): r["deadline_kind"] for r in frame.to_dict("records")}
    covered = {kinds[(plan, stt)] for plan, stt, *_ in EXPECTED}
    assert covered == {"date", "window", "recurring", "continuous", "relative", "open"}


def test_status_counts_over_all_seed_tasks(seeded) -> None:
    frame = tasks.task_status(seeded, APR)
    assert len(frame) == 21 + 7 + 9 + 13 + 17
    counts = dict(tasks.status_counts(frame).itertuples(index=False))
    assert list(counts) == list(tasks.TASK_STATUSES)
    assert sum(counts.values()) == len(frame)
    assert counts["Hoàn thành đúng hạn"] == counts["Hoàn thành quá hạn"] == 0
    # undetermined: HN 6; BM 5, 6, 7; TH 10, 13; PD 6, 7
    assert counts["Chưa xác định hạn"] == 8
    # Sắp đến hạn on 15/04: only the weekly broadcast (due Sunday 19/04)
    assert counts["Sắp đến hạn"] == 1


def test_recurring_occurrences_and_missed_ones(seeded) -> None:
    occ = tasks.occurrence_status(seeded, OCT, plan="PL-2026")
    report = occ[occ["stt"] == 5]
    # 15 tháng cuối quý, from the plan's first quota day 01/03/2026
    assert [(r.occ_start, r.occ_due, r.status) for r in report.itertuples()] == [
        (D(2026, 3, 1), D(2026, 3, 15), "Quá hạn"),
        (D(2026, 4, 1), D(2026, 6, 15), "Quá hạn"),
        (D(2026, 7, 1), D(2026, 9, 15), "Quá hạn"),
        (D(2026, 10, 1), D(2026, 12, 15), "Đang thực hiện"),
    ]
    row = rows_by_key(tasks.task_status(seeded, OCT, plan="PL-2026"))[("PL-2026", 5)]
    assert (row["occurrences_total"], row["occurrences_overdue"]) == (4, 3)


def test_weekly_task_clips_the_first_week_to_the_quota_start(seeded) -> None:
    occ = tasks.occurrence_status(seeded, APR, plan="HN-75-2026")
    weekly = occ[occ["stt"] == 10]
    first, last = weekly.iloc[0], weekly.iloc[-1]
    assert (first["occ_start"], first["occ_due"]) == (D(2026, 3, 1), D(2026, 3, 1))  # Sunday 01/03
    assert (last["occ_start"], last["occ_due"]) == (D(2026, 12, 28), D(2026, 12, 31))  # ISO week 53 clipped
    assert len(weekly) == 45


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (D(2026, 4, 22), "Đang thực hiện"),  # due 30/04 in 8 days
        (D(2026, 4, 23), "Sắp đến hạn"),  # in 7 days
        (D(2026, 4, 30), "Sắp đến hạn"),  # the due day itself
        (D(2026, 5, 1), "Quá hạn"),
    ],
)
def test_due_soon_boundary(seeded, as_of: date, status: str) -> None:
    row = rows_by_key(tasks.task_status(seeded, as_of, plan="PL-2026"))[("PL-2026", 6)]  # Tháng 4/2026
    assert row["status"] == status


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        # a ward: the city's tasks for every commune, and every task of its own offices
        ("00136", {("HN-75-2026", s) for s in (1, 2, 3, 4, 6)} | {("PL-2026", s) for s in range(1, 8)}),
        ("00136-TTVHTTTT", {("PL-2026", 3)}),
        ("HN-SNV", {("HN-75-2026", s) for s in (1, 2, 4, 6, 11, 13, 18, 19, 21)}),
        ("HN-SKHCN", {("HN-75-2026", s) for s in (1, 2, 4, 6, 7)}),
        # units outside the list (Mặt trận, schools) lead 11, 12, 14, 15: not attributed to the ward
        ("27427", {("PD-88-2025", s) for s in (*range(1, 11), 13, 16, 17)}),
        ("27427-KP07", {("PD-88-2025", s) for s in (16, 17)}),
    ],
)
def test_unit_filter(seeded, unit: str, expected: set[tuple[str, int]]) -> None:
    frame = tasks.task_status(seeded, APR, units=[unit])
    assert set(zip(frame["plan"], frame["stt"], strict=True)) == expected


@pytest.mark.parametrize("plan", ["75/KH-UBND", "HN-75-2026", "hn-75-2026", " 75/KH-UBND "])
def test_plan_by_code_or_printed_number(seeded, plan: str) -> None:
    frame = tasks.task_status(seeded, APR, plan=plan)
    assert set(frame["plan"]) == {"HN-75-2026"} and len(frame) == 21


def test_unknown_plan(seeded) -> None:
    with pytest.raises(tasks.UnknownPlan, match="HN-75-2026 \\(75/KH-UBND\\)"):
        tasks.task_status(seeded, APR, plan="76/KH-UBND")


def test_lead_units_for_the_filter(seeded) -> None:
    leads = tasks.lead_units(seeded, "PL-2026")
    # offices that lead a task, and the ward they belong to
    assert {"00136", "00136-VHXH", "00136-TTVHTTTT"} <= set(leads["code"])
    assert "HN-SNV" not in set(leads["code"])


def test_no_units_means_no_tasks(seeded) -> None:
    assert tasks.task_status(seeded, APR, units=[]).empty
    assert len(tasks.task_status(seeded, APR, units=None)) == 67
