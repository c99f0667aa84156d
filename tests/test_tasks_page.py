"""AppTest: the Nhiệm vụ page, reached through app.py's st.navigation."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference, tasks
from cchc.setup import init_database
from ui.filters import shown  # options as people see them (without the unaccented tail)

APP = "../app.py"  # AppTest resolves it against this file: the repository's app.py
PAGE = "pages/tasks.py"
STATUS_ORDER = [
    "Quá hạn",
    "Sắp đến hạn",
    "Đang thực hiện",
    "Thường xuyên",
    "Chưa xác định hạn",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
]


@pytest.fixture
def seeded_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "tasks.duckdb"
    init_database(path).close()  # units, plans, rules and the seed task tables; no demo logs
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


SNV = auth.User("snv", "Sở Nội vụ", "city")


def open_page(user: auth.User = SNV) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = user  # signed in (app.py's sign-in is tested with the auth pages)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def frame(at: AppTest, column: str):
    """The table that has this column (AppTest does not expose dataframe keys)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def upload_link(at: AppTest) -> tuple[str, dict[str, str]]:
    """Where the page's one upload link leads: the page file and its query parameters."""
    (link,) = [p for p in at.get("page_link") if "Tải lên bảng nhiệm vụ" in p.proto.label]
    page = link.proto.page.lstrip("/")
    return f"pages/{page}.py" if not page.endswith(".py") else page, dict(parse_qsl(link.proto.query_string))


def test_page_lists_every_plan_overdue_first(seeded_db) -> None:
    at = open_page()
    assert at.title[0].value == "Nhiệm vụ"
    assert list(metrics(at)) == STATUS_ORDER
    # Hà Nội's plans (the province picker's default) of the 67 tasks of the five seed plans
    assert sum(int(v) for v in metrics(at).values()) == 37
    at.selectbox(key="province").set_value("HP")
    at.run()
    assert not at.exception and sum(int(v) for v in metrics(at).values()) == 12  # Xã Thanh Hà's
    assert at.subheader[0].value.startswith("Nhiệm vụ quá hạn")
    assert any("Chọn một kế hoạch" in i.value for i in at.info)  # completions need one plan


def test_one_plan_as_of_a_date(seeded_db) -> None:
    at = open_page()
    at.selectbox(key="tasks_plan").set_value("PL-2026")
    at.date_input(key="tasks_as_of").set_value(date(2026, 4, 15))
    at.run()
    assert not at.exception
    counts = metrics(at)
    assert (counts["Quá hạn"], counts["Đang thực hiện"], counts["Hoàn thành đúng hạn"]) == ("1", "6", "0")
    overdue = frame(at, "Số ngày quá hạn")
    assert list(overdue["Nhiệm vụ"]) == ["Ban hành kế hoạch công tác tuyên truyền"]
    assert list(overdue["Hạn"]) == ["05/03/2026"] and list(overdue["Số ngày quá hạn"]) == [41]
    listing = frame(at, "Cách hiểu thời hạn")
    assert listing["Trạng thái"].iloc[0] == "Quá hạn"  # overdue first
    assert list(listing["Hạn (kỳ hiện tại)"])[:2] == ["05/03/2026", "31/12/2026"]
    assert any(b.label == "Lưu các thay đổi" for b in at.button)  # the completion editor
    # uploads go to the import page's task flow, for the plan shown
    assert upload_link(at) == ("pages/import.py", {"kind": "tasks", "plan": "PL-2026"})


def test_unit_filter_and_status_filter(seeded_db) -> None:
    at = open_page()
    at.selectbox(key="tasks_plan").set_value("PL-2026")
    at.run()
    at.selectbox(key="tasks_unit").set_value("00136-TTVHTTTT")
    at.date_input(key="tasks_as_of").set_value(date(2026, 4, 15))
    at.run()
    assert not at.exception
    assert sum(int(v) for v in metrics(at).values()) == 1
    at.multiselect(key="tasks_status").set_value(["Quá hạn"])
    at.run()
    assert not at.exception
    assert any("Không có nhiệm vụ nào với các trạng thái đã chọn" in i.value for i in at.info)


def test_completion_recorded_elsewhere_shows_on_the_page(seeded_db) -> None:
    con = db.connect(seeded_db)
    tasks.record_completion(con, "PL-2026", 1, date(2026, 3, 4), "Nguyễn Thị A", today=date(2026, 11, 23))
    con.close()
    at = open_page()
    at.selectbox(key="tasks_plan").set_value("PL-2026")
    at.date_input(key="tasks_as_of").set_value(date(2026, 4, 15))
    at.run()
    assert (metrics(at)["Quá hạn"], metrics(at)["Hoàn thành đúng hạn"]) == ("0", "1")
    assert any("Không có nhiệm vụ nào quá hạn" in s.value for s in at.success)
    at.button(key="tasks_save").click().run()
    assert not at.exception
    assert any(s.value == "Không có thay đổi nào để lưu." for s in at.success)


def test_empty_database_says_what_to_do(tmp_path, monkeypatch) -> None:
    path = tmp_path / "empty.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    at = open_page()
    assert any("Chưa có bảng nhiệm vụ nào" in i.value for i in at.info)
    assert not at.metric


def test_a_ward_user_sees_its_own_tasks_only(seeded_db) -> None:
    at = open_page(auth.User("phucloi", "Phường Phúc Lợi", "unit", "00136"))
    assert not at.exception
    # the city's tasks for every commune (HN 1, 2, 3, 4, 6) and the ward's own 7
    assert sum(int(v) for v in metrics(at).values()) == 12
    assert {shown(o) for o in at.selectbox(key="tasks_plan").options} == {
        "Tất cả kế hoạch",
        "75/KH-UBND · Thành phố Hà Nội (HN-75-2026)",
        "Kế hoạch chưa ghi số · Phường Phúc Lợi (PL-2026)",
    }
    assert upload_link(at) == ("pages/import.py", {"kind": "tasks"})


def test_a_viewer_cannot_edit(seeded_db) -> None:
    at = open_page(auth.User("xem", "Người xem", "viewer"))
    assert sum(int(v) for v in metrics(at).values()) == 37  # Hà Nội's, the picker's default
    assert not any(b.label == "Lưu các thay đổi" for b in at.button)
    assert any("Tài khoản chỉ xem" in c.value for c in at.caption)


def test_filters_are_kept_in_the_url_and_read_back(seeded_db) -> None:
    at = open_page()
    at.selectbox(key="tasks_plan").set_value("PL-2026")
    at.multiselect(key="tasks_status").set_value(["Quá hạn", "Đang thực hiện"])
    at.date_input(key="tasks_as_of").set_value(date(2026, 4, 15))
    at.run()
    assert at.query_params["plan"] == "PL-2026"
    assert at.query_params["status"] == ["Quá hạn", "Đang thực hiện"]
    assert at.query_params["as_of"] == "2026-04-15"
    # the same link opened in a new tab shows the same view
    again = AppTest.from_file(APP, default_timeout=90)
    again.session_state["user"] = SNV
    again.run()
    for name, value in (
        ("plan", "PL-2026"),
        ("status", ["Quá hạn", "Đang thực hiện"]),
        ("as_of", "2026-04-15"),
    ):
        again.query_params[name] = value
    again.switch_page(PAGE).run()
    assert not again.exception
    assert again.selectbox(key="tasks_plan").value == "PL-2026"
    assert again.multiselect(key="tasks_status").value == ["Quá hạn", "Đang thực hiện"]
    assert again.date_input(key="tasks_as_of").value == date(2026, 4, 15)
    assert (metrics(again)["Quá hạn"], metrics(again)["Đang thực hiện"]) == ("1", "6")


def test_the_upload_link_opens_the_import_pages_task_flow_for_the_plan(seeded_db) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = SNV
    at.run()
    at.query_params["kind"] = "tasks"
    at.query_params["plan"] = "PL-2026"
    at.switch_page("pages/import.py").run()
    assert not at.exception
    assert at.radio(key="import_kind").value == "tasks"
    assert at.selectbox(key="import_task_plan").value == "PL-2026"
