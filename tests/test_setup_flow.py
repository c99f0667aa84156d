"""AppTest: the first administrator is created from the link printed once; a demo database with
accounts and a mistyped CCHC_DB never open the app to anonymous visitors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cchc import auth, db, reference

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PASSWORD = "mat-khau-quan-tri-1"


@pytest.fixture
def empty_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "prod.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def _links(text: str) -> list[str]:
    return re.findall(r"/\?setup=(\S+)", text)


def _meta(path: Path, key: str) -> str | None:
    con = db.connect(path)
    try:
        return db.scalar(con, "meta/meta_get", {"key": key})
    finally:
        con.close()


def test_the_printed_setup_link_survives_reloads_and_its_own_form(empty_db, capsys):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    (token,) = _links(capsys.readouterr().err)
    stored = _meta(empty_db, "setup_token_sha256")
    for _ in range(2):  # a reload, another visitor: no new link, nothing rewritten
        AppTest.from_file(APP, default_timeout=60).run()
        assert _links(capsys.readouterr().err) == []
        assert _meta(empty_db, "setup_token_sha256") == stored

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["setup"] = token
    at.run()
    fields = at.text_input
    fields[0].input("quan.tri")
    fields[1].input("Quản trị")
    fields[2].input(PASSWORD)
    fields[3].input("khong-khop-nhau-1")
    at.button[0].click().run()  # a first submit that fails: the link must still work after it
    assert [e.value for e in at.error] == ["Hai lần nhập mật khẩu không khớp."]
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert not [e.value for e in at.error]
    assert at.session_state["user"] == auth.User("quan.tri", "Quản trị", "city", None)
    assert _links(capsys.readouterr().err) == []
    con = db.connect(empty_db)
    try:
        assert auth.authenticate(con, "quan.tri", PASSWORD) is not None
        assert [r[2] for r in db.execute(con.cursor(), "auth/audit_list", {"limit": 5})] == ["setup"]
    finally:
        con.close()
    assert _meta(empty_db, "setup_token_sha256") == ""  # used: void


def test_an_expired_link_is_replaced_by_a_new_one(empty_db, capsys):
    con = db.connect(empty_db)
    old = auth.new_setup_token(con, hours=-1)
    con.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["setup"] = old
    at.run()
    (new,) = _links(capsys.readouterr().err)
    assert new != old
    at.text_input[0].input("quan.tri")
    at.text_input[2].input(PASSWORD)
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Mã thiết lập không đúng hoặc đã hết hiệu lực."]
    assert "user" not in at.session_state


def test_a_demo_database_with_accounts_does_not_open(empty_db):
    con = db.connect(empty_db)
    auth.create_user(
        con, username="snv.admin", display_name="QT", role="city", password=PASSWORD, created_by="t"
    )
    auth.mark_demo(con)
    con.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert any("không mở ở chế độ minh họa" in e.value for e in at.error)
    assert "user" not in at.session_state
    assert not at.metric  # no page ran


def test_a_mistyped_cchc_db_is_not_created(tmp_path, monkeypatch):
    typo = tmp_path / "cchc-prod.duckbd"
    monkeypatch.setenv("CCHC_DB", str(typo))
    monkeypatch.delenv("CCHC_CREATE_DEMO", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert any(f"python -m cchc init --db {typo}" in e.value for e in at.error)
    assert not typo.exists() and not list(tmp_path.iterdir())
    assert "user" not in at.session_state


def test_the_console_says_at_start_whether_the_database_is_a_demo(empty_db, capsys):
    from cchc import first_start

    con = db.connect(empty_db)
    try:
        first_start.announce_mode(con, str(empty_db))
        assert "chế độ vận hành: phải đăng nhập" in capsys.readouterr().err
        auth.mark_demo(con)
        first_start.announce_mode(con, str(empty_db))
        assert "CHẾ ĐỘ MINH HỌA" in capsys.readouterr().err
        auth.create_user(
            con, username="a.b", display_name="A", role="viewer", password=PASSWORD, created_by="t"
        )
        first_start.announce_mode(con, str(empty_db))
        assert "ứng dụng không mở" in capsys.readouterr().err
    finally:
        con.close()


def test_only_the_default_path_or_an_opt_in_may_build_the_demo(tmp_path, monkeypatch):
    from cchc import first_start

    monkeypatch.delenv("CCHC_CREATE_DEMO", raising=False)
    assert first_start.may_create(db.DEFAULT_DB)
    assert not first_start.may_create(tmp_path / "cchc.duckdb")
    monkeypatch.setenv("CCHC_CREATE_DEMO", "1")
    assert first_start.may_create(tmp_path / "cchc.duckdb")
