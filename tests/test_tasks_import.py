"""Importing task tables and recording completions: idempotent, atomic, versioned, undoable."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from cchc import db, reference, tasks
from cchc.ingest import load
from cchc.tasks import store as task_store
from tests.ingest.corpus import Sheet, with_openpyxl

D = date
APR, OCT = D(2026, 4, 15), D(2026, 10, 1)
TODAY = D(2026, 11, 23)
PL_SCOPE = ["00136", "00136-VHXH", "00136-TTVHTTTT"]  # phường Phúc Lợi and (some of) its offices
BM_SCOPE = ["00292", "00292-VHXH"]  # phường Bạch Mai
HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]
DONE = ["Ngày hoàn thành", "Minh chứng", "Ghi chú"]
PL = [
    [1, "Ban hành kế hoạch công tác tuyên truyền", "Phòng Văn hóa-Xã hội", None, "05/3/2026", "Kế hoạch"],
    [2, "Tuyên truyền kết quả CCHC trên Cổng thông tin điện tử phường 02 tin bài/tháng", "Phòng Văn hóa-Xã hội",
     "Các phòng, ban, đơn vị phường", "Năm 2026", "Tin bài"],
]  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The reference data and the seed task tables, loaded once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "seeded.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    results = tasks.load_seed_tasks(con)
    assert [r.outcome for r in results] == ["imported"] * 5
    con.close()
    return path


@pytest.fixture
def seeded(template: Path, tmp_path: Path):
    path = tmp_path / "seeded.duckdb"
    shutil.copyfile(template, path)
    con = db.connect(path)
    yield con
    con.close()


def snapshot(con: duckdb.DuckDBPyConnection) -> tuple:
    counts = con.execute(
        "select (select count(*) from plan_tasks), (select count(*) from task_occurrences),"
        " (select count(*) from task_units), (select count(*) from task_completions),"
        " (select count(*) from import_batches)"
    ).fetchall()[0]
    status = tasks.task_status(con, OCT)[tasks.CSV_COLUMNS].to_csv(index=False)
    return counts, status


def status_of(con, as_of: date, plan: str, stt: int, units: list[str] | None = None) -> tuple:
    row = tasks.task_status(con, as_of, plan=plan, units=units).set_index("stt").loc[stt]
    return row["due_date"], row["status"]


def workbook(rows: list[list[object]], header: list[str] = HEADER) -> bytes:
    return with_openpyxl(Sheet("Phụ lục", [["PHỤ LỤC NHIỆM VỤ"], [], header, *rows]))


def test_seed_load_is_idempotent(seeded) -> None:
    before = snapshot(seeded)
    assert before[0][0] == 67
    again = tasks.load_seed_tasks(seeded)
    assert [r.outcome for r in again] == ["already_imported"] * 5
    assert all(r.rows_added == 0 for r in again)
    assert snapshot(seeded) == before


def test_same_tasks_in_another_file_add_nothing(seeded) -> None:
    before = snapshot(seeded)
    result = tasks.import_task_table(seeded, workbook(PL), "phuc-loi-ban-sao.xlsx", "PL-2026", "test")
    assert (result.outcome, result.known, result.rows_added) == ("nothing_new", 2, 0)
    assert snapshot(seeded) == before


def test_updated_table_adds_versions_and_completions_and_undo_restores(seeded) -> None:
    before = snapshot(seeded)
    rows = [
        [*PL[0], D(2026, 3, 4), "https://phucloi.hanoi.gov.vn/kh", "Kế hoạch số 12/KH-UBND"],
        [5, "Báo cáo công tác thông tin tuyên truyền hàng quý", "Phòng Văn hoá – Xã hội",
         "Các phòng, ban, đơn vị phường", "15 tháng cuối quý", "Báo cáo", "20/06/2026", None, None],
        [7, "Tổ chức tọa đàm về công tác CCHC tại các trường học", "Phòng Văn hóa – Xã hội", "Các trường học",
         "Tháng 10/2026", "Kế hoạch, Hội nghị"],  # moved from Tháng 9
        [8, "Tổng kết công tác tuyên truyền năm 2026", "Phòng Văn hóa-Xã hội", None, "Tháng 12/2026", "Báo cáo"],
    ]  # fmt: skip
    data = workbook(rows, HEADER + DONE)
    result = tasks.import_task_table(seeded, data, "cap-nhat.xlsx", "PL-2026", "Nguyễn Thị A", today=TODAY)
    assert (result.outcome, result.added, result.changed, result.known, result.completions) == (
        "imported",
        1,
        1,
        2,
        2,
    )
    assert "đã thêm 1 nhiệm vụ mới, 1 nhiệm vụ sửa đổi, 2 lần hoàn thành" in result.message
    assert status_of(seeded, OCT, "PL-2026", 1) == (D(2026, 3, 5), "Hoàn thành đúng hạn")
    assert status_of(seeded, OCT, "PL-2026", 7) == (D(2026, 10, 31), "Đang thực hiện")
    assert status_of(seeded, OCT, "PL-2026", 8) == (D(2026, 12, 31), "Đang thực hiện")
    # 20/06 lies after the Q2 due day (15/06) and before Q3 begins: it completes Q2, late
    occ = tasks.occurrence_status(seeded, OCT, plan="PL-2026").set_index(["stt", "occurrence_key"])
    assert occ.loc[(5, "2026-04-01"), "status"] == "Hoàn thành quá hạn"
    assert occ.loc[(1, "once"), "recorded_by"] == "Nguyễn Thị A"
    assert occ.loc[(1, "once"), "evidence"] == "https://phucloi.hanoi.gov.vn/kh"
    # the same file again: nothing (and a copy with other bytes: nothing new)
    again = tasks.import_task_table(seeded, data, "cap-nhat.xlsx", "PL-2026", "B", today=TODAY)
    assert again.outcome == "already_imported"
    copy = tasks.import_task_table(
        seeded, workbook(rows, HEADER + DONE), "ban-sao.xlsx", "PL-2026", "B", today=TODAY
    )
    assert copy.outcome in ("already_imported", "nothing_new") and copy.rows_added == 0
    # undo the batch: the table as it was
    assert load.undo_batch(seeded, result.batch_id, "test") == 0  # no publications in a task batch
    assert status_of(seeded, OCT, "PL-2026", 7) == (D(2026, 9, 30), "Quá hạn")
    assert status_of(seeded, OCT, "PL-2026", 1) == (D(2026, 3, 5), "Quá hạn")
    assert snapshot(seeded)[1] == before[1]


def test_file_with_a_bad_row_changes_nothing(seeded) -> None:
    before = snapshot(seeded)
    rows = [
        [1, "Ban hành kế hoạch", "Phòng Văn hóa-Xã hội", None, "05/3/2026", None],
        [1, "Trùng số thứ tự", "Phòng Văn hóa-Xã hội", None, "Tháng 6/2026", None],
        [9, "Nhiệm vụ mới", "Phòng Văn hóa-Xã hội", None, "Tháng 6/2026", None],
    ]
    result = tasks.import_task_table(seeded, workbook(rows), "loi.xlsx", "PL-2026", "test")
    assert (result.outcome, result.rejected, result.batch_id) == ("rejected", 1, None)
    assert "chưa ghi gì" in result.message
    assert snapshot(seeded) == before
    # accepting the valid rows writes them, and says how many were left out
    partial = tasks.import_task_table(
        seeded, workbook(rows), "loi.xlsx", "PL-2026", "test", accept_partial=True
    )
    assert (partial.outcome, partial.added, partial.changed, partial.rejected) == ("partial", 1, 1, 1)
    assert status_of(seeded, OCT, "PL-2026", 9) == (D(2026, 6, 30), "Quá hạn")


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 broken", with_openpyxl(Sheet("Tin bài", [["Đơn vị", "Ngày", "Tiêu đề"]]))]
)
def test_unreadable_file_changes_nothing(seeded, data: bytes) -> None:
    before = snapshot(seeded)
    result = tasks.import_task_table(seeded, data, "hong.xlsx", "PL-2026", "test")
    assert result.outcome == "rejected"
    assert [p.severity for p in result.problems] == ["fatal"]
    assert result.message.startswith("hong.xlsx: không nhập được; không ghi gì.")
    assert snapshot(seeded) == before


def test_dry_run_writes_nothing(seeded) -> None:
    before = snapshot(seeded)
    rows = [[8, "Tổng kết", "Phòng Văn hóa-Xã hội", None, "Tháng 12/2026", None]]
    result = tasks.import_task_table(seeded, workbook(rows), "thu.xlsx", "PL-2026", "test", dry_run=True)
    assert (result.outcome, result.added, result.batch_id) == ("dry_run", 1, None)
    assert result.message == "thu.xlsx: sẽ thêm 1 nhiệm vụ mới."
    assert snapshot(seeded) == before


def test_database_error_mid_import_rolls_back(seeded, monkeypatch) -> None:
    before = snapshot(seeded)
    real = task_store.db.execute

    def failing(cur, name, params=None):
        if name == "tasks/task_insert_units":
            raise duckdb.ConstraintException("giả lập lỗi")
        return real(cur, name, params)

    monkeypatch.setattr(task_store.db, "execute", failing)
    rows = [[8, "Tổng kết", "Phòng Văn hóa-Xã hội", None, "Tháng 12/2026", None]]
    with pytest.raises(load.ImportFailed):
        tasks.import_task_table(seeded, workbook(rows), "x.xlsx", "PL-2026", "test")
    monkeypatch.undo()
    assert snapshot(seeded) == before


def test_unknown_plan_is_refused(seeded) -> None:
    with pytest.raises(tasks.UnknownPlan):
        tasks.import_task_table(seeded, workbook(PL), "x.xlsx", "99/KH-UBND", "test")


def test_warnings_for_unknown_units_and_deadlines(seeded) -> None:
    rows = [[9, "Phối hợp", "Hội Cựu chiến binh phường", None, "Khi nào xong", None]]
    result = tasks.import_task_table(seeded, workbook(rows), "canh-bao.xlsx", "PL-2026", "test")
    assert result.outcome == "imported"
    assert sorted((p.column, p.severity) for p in result.problems) == [
        ("Cơ quan chủ trì", "warning"),
        ("Thời gian thực hiện", "warning"),
    ]
    assert status_of(seeded, OCT, "PL-2026", 9) == (None, "Chưa xác định hạn")


# --------------------------------------------------------------------------- completions


def test_completion_statuses(seeded) -> None:
    # HN 1 (due 09/03/2026) done late on 20/03: overdue until then, late after
    assert tasks.record_completion(seeded, "75/KH-UBND", 1, D(2026, 3, 20), "Sở Nội vụ", today=TODAY) == 1
    assert status_of(seeded, D(2026, 3, 15), "HN-75-2026", 1) == (D(2026, 3, 9), "Quá hạn")
    assert status_of(seeded, APR, "HN-75-2026", 1) == (D(2026, 3, 9), "Hoàn thành quá hạn")
    # PL 6 (Tháng 4/2026) done 02/05: still running as of 15/04, late as of 01/10
    tasks.record_completion(seeded, "PL-2026", 6, D(2026, 5, 2), "A", today=TODAY)
    assert status_of(seeded, APR, "PL-2026", 6) == (D(2026, 4, 30), "Đang thực hiện")
    assert status_of(seeded, OCT, "PL-2026", 6) == (D(2026, 4, 30), "Hoàn thành quá hạn")
    # PL 1 done before its day
    tasks.record_completion(seeded, "PL-2026", 1, D(2026, 3, 4), "A", evidence="https://x.vn/kh", today=TODAY)
    assert status_of(seeded, APR, "PL-2026", 1) == (D(2026, 3, 5), "Hoàn thành đúng hạn")
    # an open deadline ("Theo chỉ đạo") that was done: on time, and still no due date
    tasks.record_completion(seeded, "BM-2025", 7, D(2025, 11, 10), "B", today=TODAY)
    assert status_of(seeded, APR, "BM-2025", 7) == (None, "Hoàn thành đúng hạn")
    # a continuous task: April's occurrence done; October's is running again
    tasks.record_completion(
        seeded, "HN-75-2026", 13, D(2026, 4, 10), "C", occurrence_key="2026-04-01", today=TODAY
    )
    assert status_of(seeded, APR, "HN-75-2026", 13) == (D(2026, 4, 30), "Hoàn thành đúng hạn")
    assert status_of(seeded, OCT, "HN-75-2026", 13) == (D(2026, 10, 31), "Thường xuyên")
    occ = tasks.occurrence_status(seeded, OCT, plan="HN-75-2026").set_index(["stt", "occurrence_key"])
    assert occ.loc[(13, "2026-04-01"), "status"] == "Hoàn thành đúng hạn"
    assert occ.loc[(13, "2026-05-01"), "status"] == "Quá hạn"
    assert occ.loc[(13, "2026-04-01"), "recorded_by"] == "C"


def test_record_completions_edits_clears_and_skips_unchanged(seeded) -> None:
    edit = tasks.CompletionEdit("PL-2026", 7, "once", D(2026, 9, 20), " https://x.vn/td ", "")
    assert tasks.record_completions(seeded, [edit], "A", today=TODAY) == 1
    assert tasks.record_completions(seeded, [edit], "A", today=TODAY) == 0  # nothing changed
    row = tasks.task_status(seeded, OCT, plan="PL-2026").set_index("stt").loc[7]
    assert (row["status"], row["evidence"], row["recorded_by"]) == (
        "Hoàn thành đúng hạn",
        "https://x.vn/td",
        "A",
    )
    cleared = tasks.CompletionEdit("PL-2026", 7, "once", None)
    assert tasks.record_completions(seeded, [cleared], "B", today=TODAY) == 1
    assert status_of(seeded, OCT, "PL-2026", 7) == (D(2026, 9, 30), "Quá hạn")
    # clearing what was never recorded writes nothing
    assert (
        tasks.record_completions(seeded, [tasks.CompletionEdit("PL-2026", 2, "once", None)], "B", today=TODAY)
        == 0
    )


@pytest.mark.parametrize(
    ("edit", "who", "words"),
    [
        (tasks.CompletionEdit("PL-2026", 7, "once", D(2026, 11, 24)), "A", "sau hôm nay"),
        (tasks.CompletionEdit("PL-2026", 99, "once", D(2026, 9, 1)), "A", "không có nhiệm vụ 99"),
        (tasks.CompletionEdit("PL-2026", 5, "once", D(2026, 9, 1)), "A", "kỳ once"),  # 5 recurs
        (tasks.CompletionEdit("PL-2026", 7, "once", D(2026, 9, 1)), "  ", "tên người cập nhật"),
    ],
)
def test_bad_completions_write_nothing(seeded, edit, who: str, words: str) -> None:
    before = snapshot(seeded)
    good = tasks.CompletionEdit("PL-2026", 6, "once", D(2026, 4, 20))
    with pytest.raises(ValueError, match=words):
        tasks.record_completions(seeded, [good, edit], who, today=TODAY)
    assert snapshot(seeded) == before


# --------------------------------------------------------------------------- export, re-parse


def test_download_reads_back_as_the_same_table(seeded) -> None:
    tasks.record_completion(
        seeded, "PL-2026", 1, D(2026, 3, 4), "A", evidence='=HYPERLINK("http://x")', today=TODAY
    )
    frame = tasks.task_status(seeded, OCT, plan="PL-2026")
    data = tasks.to_xlsx(frame, tasks.occurrence_status(seeded, OCT, plan="PL-2026"), title="Tiến độ")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Nhiệm vụ"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"  # text, never a formula
    before = snapshot(seeded)
    result = tasks.import_task_table(seeded, data, "tai-ve.xlsx", "PL-2026", "A", today=TODAY)
    assert (result.outcome, result.known) == ("nothing_new", 7)
    assert snapshot(seeded) == before


def test_timeline_figure_draws_dated_occurrences(seeded) -> None:
    occ = tasks.occurrence_status(seeded, APR, plan="PL-2026")
    fig = tasks.timeline_figure(occ, APR, "Phúc Lợi")
    assert sum(len(t.y) for t in fig.data) == int(occ["occ_due"].notna().sum())
    assert {t.name for t in fig.data} <= set(tasks.TASK_STATUSES)


def test_refresh_follows_a_changed_plan_date(seeded) -> None:
    seeded.execute("update plans set issued_on = date '2026-03-02' where plan_code = 'HN-75-2026'").fetchall()
    assert status_of(seeded, APR, "HN-75-2026", 1)[0] == D(2026, 3, 9)  # stored until re-parsed
    assert tasks.refresh_deadlines(seeded) == 67
    assert status_of(seeded, APR, "HN-75-2026", 1)[0] == D(2026, 3, 12)


# --------------------------------------------------------------------------- scope, editor


def test_a_unit_completes_only_tasks_it_leads(seeded) -> None:
    ward = ["00136", "00136-VHXH", "00136-TTVHTTTT"]
    own = tasks.CompletionEdit("PL-2026", 1, "once", D(2026, 3, 4))
    city_for_communes = tasks.CompletionEdit("HN-75-2026", 1, "once", D(2026, 3, 8))
    assert tasks.record_completions(seeded, [own, city_for_communes], "phucloi", today=TODAY, units=ward) == 2
    # the city's task led by 'UBND các xã, phường' is each ward's own duty: done for Phúc Lợi only
    assert status_of(seeded, APR, "HN-75-2026", 1, ward) == (D(2026, 3, 9), "Hoàn thành đúng hạn")
    assert status_of(seeded, APR, "HN-75-2026", 1, BM_SCOPE) == (D(2026, 3, 9), "Quá hạn")
    assert status_of(seeded, APR, "HN-75-2026", 1) == (D(2026, 3, 9), "Quá hạn")
    # a task its own office leads is recorded for the task as a whole: the city sees it done
    assert status_of(seeded, APR, "PL-2026", 1) == (D(2026, 3, 5), "Hoàn thành đúng hạn")
    before = snapshot(seeded)
    department_task = tasks.CompletionEdit("HN-75-2026", 11, "once", D(2026, 3, 8))  # Sở Nội vụ leads it
    with pytest.raises(ValueError, match="không do đơn vị của bạn chủ trì"):
        tasks.record_completions(seeded, [department_task], "phucloi", today=TODAY, units=ward)
    assert snapshot(seeded) == before


def test_wards_complete_a_shared_task_each_for_itself(seeded) -> None:
    """HN-75-2026 task 1 (due 09/03/2026) is led by 'UBND các xã, phường': each ward's own duty."""
    shared = ("HN-75-2026", 1, "once")
    pl = tasks.CompletionEdit(*shared, D(2026, 3, 8), "https://pl.vn/kh", "PL note")
    bm = tasks.CompletionEdit(*shared, D(2026, 3, 12), "https://bm.vn/kh", "BM note")
    assert tasks.record_completions(seeded, [pl], "phucloi", today=TODAY, units=PL_SCOPE) == 1
    assert tasks.record_completions(seeded, [bm], "bachmai", today=TODAY, units=BM_SCOPE) == 1
    stored = seeded.execute(
        "select unit_code, completed_on from task_completions where plan_code = 'HN-75-2026' order by 1"
    ).fetchall()
    assert stored == [("00136", D(2026, 3, 8)), ("00292", D(2026, 3, 12))]
    seen = {}
    for name, scope in (("pl", PL_SCOPE), ("bm", BM_SCOPE)):
        row = tasks.task_status(seeded, APR, plan="HN-75-2026", units=scope).set_index("stt").loc[1]
        seen[name] = (row["status"], row["completed_on"], row["evidence"], row["note"], row["recorded_by"])
    assert seen == {
        "pl": ("Hoàn thành đúng hạn", D(2026, 3, 8), "https://pl.vn/kh", "PL note", "phucloi"),
        "bm": ("Hoàn thành quá hạn", D(2026, 3, 12), "https://bm.vn/kh", "BM note", "bachmai"),
    }
    # a ward's editor rows and export hold its own record only
    occ = tasks.occurrence_status(seeded, APR, plan="HN-75-2026", units=PL_SCOPE)
    rows = tasks.editor_rows(occ, APR)
    assert "bm.vn" not in rows.to_csv() and "phucloi" in rows.to_csv()
    # the same values again from the ward's editor are no change; a new note is the ward's own
    assert tasks.record_completions(seeded, [pl], "phucloi", today=TODAY, units=PL_SCOPE) == 0
    # the city's view: not done for everyone until recorded for the task as a whole
    assert status_of(seeded, APR, "HN-75-2026", 1) == (D(2026, 3, 9), "Quá hạn")
    city = tasks.CompletionEdit(*shared, D(2026, 3, 9), "https://hanoi.vn/kh")
    assert tasks.record_completions(seeded, [city], "snv", today=TODAY) == 1
    assert status_of(seeded, APR, "HN-75-2026", 1) == (D(2026, 3, 9), "Hoàn thành đúng hạn")
    # a record for the task as a whole counts for every ward; the newest record a ward sees wins
    assert status_of(seeded, APR, "HN-75-2026", 1, BM_SCOPE) == (D(2026, 3, 9), "Hoàn thành đúng hạn")
    unit_code = "select unit_code from task_completions where recorded_by = 'snv'"
    assert seeded.execute(unit_code).fetchall() == [(None,)]


def test_undoing_a_wards_completion_of_a_shared_task(seeded) -> None:
    shared = ("HN-75-2026", 1, "once")
    first = tasks.CompletionEdit(*shared, D(2026, 3, 8))
    later = tasks.CompletionEdit(*shared, D(2026, 3, 20), None, "sửa")
    assert tasks.record_completions(seeded, [first], "phucloi", today=TODAY, units=PL_SCOPE) == 1
    assert tasks.record_completions(seeded, [later], "phucloi", today=TODAY, units=PL_SCOPE) == 1
    assert status_of(seeded, APR, "HN-75-2026", 1, PL_SCOPE) == (D(2026, 3, 9), "Hoàn thành quá hạn")
    newest = seeded.execute("select max(batch_id) from task_completions").fetchone()[0]
    load.undo_batch(seeded, newest, "phucloi")
    assert status_of(seeded, APR, "HN-75-2026", 1, PL_SCOPE) == (D(2026, 3, 9), "Hoàn thành đúng hạn")
    assert status_of(seeded, APR, "HN-75-2026", 1, BM_SCOPE) == (D(2026, 3, 9), "Quá hạn")


def test_an_old_database_gets_the_unit_column(tmp_path: Path) -> None:
    """A database made before per-unit completions: migrate adds unit_code, old records stay
    records for the task as a whole."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create sequence completion_seq start 1")
    con.execute(  # the table as schema.sql created it before unit_code
        """create table task_completions (
            completion_id bigint primary key default nextval('completion_seq'),
            plan_code varchar not null, stt integer not null,
            occurrence_key varchar not null, completed_on date, evidence varchar, note varchar,
            batch_id bigint not null, recorded_at timestamp not null, recorded_by varchar not null)"""
    )
    con.execute(
        "insert into task_completions (plan_code, stt, occurrence_key, completed_on, batch_id, recorded_at,"
        " recorded_by) values ('X', 1, 'once', '2026-03-01', 999, now(), 'cu')"
    )
    con.close()
    con = db.connect(path)  # migrates
    try:
        columns = [r[0] for r in con.execute("describe task_completions").fetchall()]
        assert columns[-1] == "unit_code"
        assert con.execute("select unit_code, recorded_by from task_completions").fetchall() == [(None, "cu")]
        db.migrate(con)  # a second time: nothing to do
        reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
        reference.load_plans_and_rules(con)
        tasks.load_seed_tasks(con)
        done = tasks.CompletionEdit("HN-75-2026", 1, "once", D(2026, 3, 8))
        assert tasks.record_completions(con, [done], "phucloi", today=TODAY, units=PL_SCOPE) == 1
        assert status_of(con, APR, "HN-75-2026", 1, PL_SCOPE) == (D(2026, 3, 9), "Hoàn thành đúng hạn")
        assert status_of(con, APR, "HN-75-2026", 1) == (D(2026, 3, 9), "Quá hạn")
    finally:
        con.close()


def test_a_unit_uploads_only_its_own_plans_table(seeded) -> None:
    before = snapshot(seeded)
    result = tasks.import_task_table(seeded, workbook(PL), "bm.xlsx", "BM-2025", "phucloi", units=["00136"])
    assert result.outcome == "rejected" and "không được nhập" in result.problems[0].message
    assert snapshot(seeded) == before
    ok = tasks.import_task_table(seeded, workbook(PL), "pl.xlsx", "PL-2026", "phucloi", units=["00136"])
    assert ok.outcome == "nothing_new"


def test_editor_rows_and_edits(seeded) -> None:
    occ = tasks.occurrence_status(seeded, APR, plan="PL-2026")
    rows = tasks.editor_rows(occ, APR)
    # single tasks, and the quarterly report's occurrences begun by 15/04 (Q1 clipped, Q2)
    assert list(zip(rows["stt"], rows["period"], strict=True)) == [
        (1, "05/03/2026"),
        (2, "31/12/2026"),
        (3, "31/12/2026"),
        (4, "31/12/2026"),
        (5, "01/03/2026–15/03/2026"),
        (5, "01/04/2026–15/06/2026"),
        (6, "30/04/2026"),
        (7, "30/09/2026"),
    ]
    edited = rows.copy()
    edited.loc[0, "completed_on"] = D(2026, 3, 4)
    edited.loc[5, "evidence"] = "https://x.vn/bc"
    edited.loc[6, "note"] = ""  # an emptied cell is no change
    assert tasks.completion_edits(rows, edited) == [
        tasks.CompletionEdit("PL-2026", 1, "once", D(2026, 3, 4)),
        tasks.CompletionEdit("PL-2026", 5, "2026-04-01", None, "https://x.vn/bc"),
    ]


@pytest.mark.parametrize(
    ("start", "due", "key", "label"),
    [
        (D(2026, 4, 1), D(2026, 4, 30), "2026-04-01", "01/04/2026–30/04/2026"),
        (D(2026, 7, 1), D(2026, 9, 30), "once", "30/09/2026"),
        (None, None, "once", "—"),
    ],
)
def test_period_label(start, due, key, label) -> None:
    assert tasks.period_label(start, due, key) == label
