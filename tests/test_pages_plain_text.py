"""Unit names and other user text are shown as text: no Markdown link, image or markup from data."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference
from ui.formats import plain

APP = "../app.py"
EVIL = "[x](http://evil)![i](http://evil/i.png)"
RENDER = MarkdownIt("commonmark")


def rendered(text: str) -> str:
    return RENDER.render(text)


@pytest.mark.parametrize(
    "text",
    [
        EVIL,
        "**bold** _it_ `code`",
        "<img src=x onerror=alert(1)>",
        "# heading",
        "$x^2$",
        ":red[đỏ]",
        "http://evil",
    ],
)
def test_plain_text_renders_as_the_same_text_without_markup(text):
    html = rendered(plain(text))
    assert "<a" not in html and "<img" not in html and "<strong" not in html and "<h1" not in html
    assert "<code" not in html and "<em" not in html


def test_plain_keeps_ordinary_names_readable():
    assert plain("Phường Phúc Lợi") == "Phường Phúc Lợi"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "plain.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    reference.upsert_units(
        con,
        [
            {"code": code, "name": EVIL, "kind": kind, "parent_code": "HN", "province": "Hà Nội"}
            | {"aliases": None, "lat": None, "lon": None}
            for code, kind in (("EVIL1", "commune"), ("EVIL2", "department"))
        ],
    )
    con.close()
    return path


def markdown_bodies(at: AppTest) -> list[str]:
    """Every Markdown text the page sends: titles, headers, captions, markdown, alerts, expanders."""
    kinds = ["title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"]
    return [str(el.value) for kind in kinds for el in at.get(kind)]


@pytest.mark.parametrize(
    ("page", "unit"), [("pages/ward.py", "EVIL1"), ("pages/ward.py", EVIL), ("pages/department.py", "EVIL2")]
)
def test_a_unit_named_as_a_link_and_image_shows_neither(monkeypatch, db_path, page, unit):
    monkeypatch.setenv("CCHC_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["user"] = auth.DEMO_USER
    at.run()
    at.switch_page(page)
    at.query_params["unit"] = unit
    at.run()
    assert not at.exception, at.exception
    bodies = markdown_bodies(at)
    assert any("evil" in body for body in bodies), bodies  # the name is shown …
    for body in bodies:  # … as text
        html = rendered(body)
        assert "http://evil" not in html or ("<a" not in html and "<img" not in html), body
    if unit.startswith("EVIL"):
        assert rendered(at.title[0].value).strip() == f"<p>{EVIL}</p>"  # the whole name, as text
