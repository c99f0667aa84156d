"""AppTest: empty cells of the Nhiệm vụ completion editor show empty, never 'None' (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth
from cchc.setup import init_database

APP = "../app.py"
PAGE = "pages/tasks.py"


@pytest.fixture
def seeded_db(tmp_path, monkeypatch):
    path = tmp_path / "tasks.duckdb"
    init_database(path).close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def _editors(node):
    """The data editors in the tree (AppTest has no accessor for them)."""
    proto = getattr(node, "proto", None)
    if proto is not None and getattr(proto, "editing_mode", None):
        yield node
    for child in getattr(node, "children", {}).values():
        yield from _editors(child)


def test_the_completion_editor_shows_empty_cells_empty(seeded_db) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["user"] = auth.User("snv", "Sở Nội vụ", "city")
    at.run()
    at.switch_page(PAGE).run()
    at.selectbox(key="tasks_plan").set_value("PL-2026")
    at.date_input(key="tasks_as_of").set_value(date(2026, 4, 15))
    at.run()
    assert not at.exception
    (editor,) = list(_editors(at._tree))
    assert editor.proto.HasField("placeholder") and editor.proto.placeholder == ""
