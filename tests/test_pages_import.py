"""AppTest: the Nhập dữ liệu page offers task tables next to publication logs (?kind=tasks)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference, tasks
from ui.filters import shown  # options as people see them (without the unaccented tail)

APP = "../app.py"  # AppTest resolves it against this file: the repository's app.py
PAGE = "pages/import.py"
SNV = auth.User("snv", "Sở Nội vụ", "city")


@pytest.fixture
def seeded_db(tmp_path, monkeypatch) -> dict[str, str]:
    """A database with the seed plans' task tables; returns the plan picker's expected labels."""
    path = tmp_path / "import.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    tasks.load_seed_tasks(con)
    labels = tasks.upload_targets(con, None)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return labels


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = SNV
    at.run()
    at.switch_page(PAGE)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def test_publication_logs_by_default(seeded_db) -> None:
    at = open_page()
    assert at.title[0].value == "Nhập dữ liệu"
    assert at.radio(key="import_kind").value == "publications"
    assert "kind" not in at.query_params
    assert not any(s.key == "import_task_plan" for s in at.selectbox)
    assert any("nhật ký tin/bài" in c.value for c in at.caption)


def test_task_tables_through_the_query_param(seeded_db) -> None:
    at = open_page({"kind": "tasks"})
    assert at.radio(key="import_kind").value == "tasks"
    picker = at.selectbox(key="import_task_plan")
    options = [shown(o) for o in picker.options]
    assert options == list(seeded_db.values())  # every plan, for the city
    assert "75/KH-UBND · Thành phố Hà Nội (HN-75-2026)" in options
    assert (
        "75 kh ubnd thanh pho ha noi hn 75 2026"
        in picker.options[options.index("75/KH-UBND · Thành phố Hà Nội (HN-75-2026)")]
    )
    uploader = at.get("file_uploader")
    assert len(uploader) == 1 and uploader[0].proto.label.startswith("Chọn hoặc kéo thả bảng nhiệm vụ")
    assert any("Chưa có tệp nào" in i.value for i in at.info)
    assert not any(b.label == "Nhập" for b in at.button)  # nothing to import without a file


def test_switching_kind_keeps_it_in_the_url(seeded_db) -> None:
    at = open_page()
    at.radio(key="import_kind").set_value("tasks").run()
    assert not at.exception
    assert at.query_params["kind"] in ("tasks", ["tasks"])
    assert at.selectbox(key="import_task_plan").value in seeded_db
