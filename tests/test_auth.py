"""Users, roles, scope and the one-time administrator setup."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import BACH_MAI, PHUC_LOI

from cchc import auth, db


def test_unit_user_sees_its_ward_and_everything_under_it_only(con):
    user = auth.create_user(
        con, username="pl.lanhdao", display_name="Lãnh đạo Phúc Lợi", role="unit",
        password="mat-khau-dai-1", unit_code=PHUC_LOI, created_by="t",
    )  # fmt: skip
    allowed = auth.allowed_units(con, user)
    offices = [
        r[0] for r in con.execute("select code from units where parent_code = $p", {"p": PHUC_LOI}).fetchall()
    ]
    assert sorted(allowed) == sorted([PHUC_LOI, *offices])
    assert BACH_MAI not in allowed and not any(code.startswith(BACH_MAI) for code in allowed)


def test_phu_dinh_scope_reaches_its_59_khu_pho(con):
    user = auth.User("pd", "Phú Định", "viewer", "27427")
    allowed = auth.allowed_units(con, user)
    kinds = dict(con.execute("select code, kind from units").fetchall())
    assert sum(kinds[c] == "neighbourhood" for c in allowed) == 59


def test_city_user_sees_everything(con):
    assert auth.allowed_units(con, auth.User("admin", "Quản trị", "city")) is None


def test_passwords_are_hashed_and_checked(con):
    auth.create_user(
        con, username="a.b", display_name="A B", role="city", password="mot-hai-ba-bon", created_by="t"
    )
    stored = con.execute("select password_hash from users where username = 'a.b'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "mot-hai-ba-bon" not in stored
    assert auth.authenticate(con, "A.B ", "mot-hai-ba-bon") == auth.User("a.b", "A B", "city", None)
    assert auth.authenticate(con, "a.b", "sai-mat-khau-roi") is None
    assert auth.authenticate(con, "khong.co", "mot-hai-ba-bon") is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "ab"}, "Tên đăng nhập"),
        ({"password": "ngan"}, "ít nhất"),
        ({"role": "unit", "unit_code": None}, "gắn với một đơn vị"),
        ({"role": "unit", "unit_code": "KHONGCO"}, "Không có đơn vị"),
        ({"role": "boss"}, "Vai trò"),
    ],
)
def test_bad_user_records_are_refused(con, fields, message):
    base = {"username": "nguoi.dung", "display_name": "X", "role": "viewer", "password": "du-dai-roi-day"}
    with pytest.raises(auth.AuthError, match=message):
        auth.create_user(con, **{**base, **fields}, created_by="t")
    assert not auth.has_users(con)


def test_setup_token_works_once(con):
    token = auth.new_setup_token(con)
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.complete_setup(con, "sai", username="quan.tri", display_name="QT", password="mat-khau-quan-tri")
    user = auth.complete_setup(
        con, token, username="quan.tri", display_name="QT", password="mat-khau-quan-tri"
    )
    assert user.role == "city" and auth.has_users(con)
    with pytest.raises(auth.AuthError):
        auth.complete_setup(con, token, username="ke.gian", display_name="X", password="mat-khau-quan-tri")
    stored = db.scalar(con, "meta/meta_get", {"key": "setup_token_sha256"})
    assert token not in (stored or "")
    log = db.run(con, "auth/audit_list", {"limit": 5})
    assert list(log["action"]) == ["setup"]


def test_an_oidc_identity_maps_to_the_account_named_by_its_email(con):
    auth.create_user(
        con, username="vhxh@phucloi.hanoi.gov.vn", display_name="VH-XH Phúc Lợi", role="unit",
        password="khong-dung-den-mat-khau", unit_code=PHUC_LOI, created_by="t",
    )  # fmt: skip
    assert auth.user_for_email(con, "VHXH@phucloi.hanoi.gov.vn") == auth.User(
        "vhxh@phucloi.hanoi.gov.vn", "VH-XH Phúc Lợi", "unit", PHUC_LOI
    )
    assert auth.user_for_email(con, "la@example.vn") is None  # a provider identity without an account
    assert auth.user_for_email(con, None) is None


def test_a_setup_token_is_made_once_and_again_only_when_expired(con):
    token = auth.setup_token_if_needed(con)
    assert token and auth.setup_token_if_needed(con) is None  # still valid: the printed link stands
    expires = auth.setup_token_expiry(con)
    assert expires is not None and 23 * 3600 < (expires - datetime.now()).total_seconds() <= 24 * 3600
    auth.new_setup_token(con, hours=-1)  # as if a day had passed
    assert auth.setup_token_expiry(con) is None
    fresh = auth.setup_token_if_needed(con)
    assert fresh and fresh != token
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.complete_setup(con, token, username="quan.tri", display_name="QT", password="mat-khau-quan-tri")
    auth.complete_setup(con, fresh, username="quan.tri", display_name="QT", password="mat-khau-quan-tri")
    assert auth.setup_token_if_needed(con) is None  # an administrator exists: no link at all


def test_a_disabled_account_signs_in_neither_by_password_nor_by_oidc(con):
    auth.create_user(
        con, username="a@b.vn", display_name="A", role="viewer", password="mot-hai-ba-bon", created_by="t"
    )
    auth.reset_password(con, "A@B.vn", "nam-sau-bay-tam")
    assert auth.authenticate(con, "a@b.vn", "nam-sau-bay-tam") is not None
    auth.disable_user(con, "a@b.vn")
    assert auth.authenticate(con, "a@b.vn", "nam-sau-bay-tam") is None
    assert auth.user_for_email(con, "a@b.vn") is None
    assert auth.has_accounts(con) and not auth.has_users(con)
    with pytest.raises(auth.AuthError, match="Không có tài khoản"):
        auth.disable_user(con, "khong.co")
    with pytest.raises(auth.AuthError, match="ít nhất"):
        auth.reset_password(con, "a@b.vn", "ngan")


def test_the_account_stamp_changes_with_password_role_and_disable_only(con):
    assert auth.account_stamp(con, "khong.co") is None
    auth.create_user(
        con, username="b.c", display_name="B", role="viewer", password="mot-hai-ba-bon", created_by="t"
    )
    first = auth.account_stamp(con, "B.C")
    assert first and first == auth.account_stamp(con, "b.c")  # reading it twice changes nothing
    auth.audit(con, "b.c", "sign_in")
    assert auth.account_stamp(con, "b.c") == first  # using the account is no change of it
    stamps = {first}
    for change in (
        lambda: auth.reset_password(con, "b.c", "nam-sau-bay-tam"),
        lambda: auth.create_user(
            con, username="b.c", display_name="B", role="city", password="nam-sau-bay-tam", created_by="t"
        ),
        lambda: auth.disable_user(con, "b.c"),
    ):
        change()
        stamps.add(auth.account_stamp(con, "b.c"))
    assert len(stamps) == 4


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def test_five_failures_in_fifteen_minutes_lock_the_account_for_fifteen():
    clock = FakeClock()
    throttle = auth.SignInThrottle(clock)
    for _ in range(4):
        assert throttle.failed("Phuong") is None
        clock.advance(minutes=3)
    assert throttle.locked_until("phuong") is None
    assert throttle.failed("phuong ") == datetime(2026, 11, 29, 9, 27)  # the 5th, at 9:12
    assert throttle.locked_until("PHUONG") == datetime(2026, 11, 29, 9, 27)
    assert throttle.locked_until("khac") is None  # other accounts are not touched
    clock.advance(minutes=14, seconds=59)
    assert throttle.locked_until("phuong") is not None
    clock.advance(seconds=1)
    assert throttle.locked_until("phuong") is None
    assert throttle.failed("phuong") is None  # the lockout started its count afresh
    assert "09:27 ngày 29/11/2026" in auth.locked_message(datetime(2026, 11, 29, 9, 27))


def test_failures_spread_beyond_the_window_and_a_success_do_not_lock():
    clock = FakeClock()
    throttle = auth.SignInThrottle(clock)
    for _ in range(10):  # one failure every 4 minutes: never 5 within 15 minutes
        assert throttle.failed("a.b") is None
        clock.advance(minutes=4)
    assert throttle.locked_until("a.b") is None
    clock.advance(minutes=15)
    for _ in range(4):
        throttle.failed("a.b")
    throttle.succeeded("A.B")
    assert throttle.failed("a.b") is None


def test_an_address_trying_many_names_is_locked_after_twenty_failures():
    clock = FakeClock()
    throttle = auth.SignInThrottle(clock)
    for i in range(19):
        assert throttle.failed(f"ten{i}", "10.0.0.9") is None
    assert throttle.failed("ten19", "10.0.0.9") == datetime(2026, 11, 29, 9, 15)
    assert throttle.locked_until("ai.do", "10.0.0.9") is not None  # any name from that address
    assert throttle.locked_until("ai.do", "10.0.0.10") is None  # another address may try
    assert throttle.locked_until("ai.do") is None
