"""Users, roles, scoping and the audit trail; works offline on one machine.

Roles: `city` manages users, units and plans of its province (the account's unit is the
province's `city` unit; an account tied to no unit, as made before provinces, sees every
unit); `national` (Bộ Nội vụ) reads every province and adds units; `unit` sees one unit and the
units under it (a ward's offices, khu phố), imports its own logs and completes its tasks;
`viewer` only reads (everything, or one unit's tree when it has a unit). Scoping is enforced
where data is read: every page passes `allowed_units()` to its queries.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cchc import db
from cchc.clock import now as vietnam_now
from cchc.roles import ROLES as ROLES

MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9._@-]{3,80}$")  # '@': accounts signed in by OIDC are e-mails
_hasher = PasswordHasher()


class AuthError(ValueError):
    """A user record that cannot be created or a sign-in that cannot proceed (Vietnamese text)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    unit_code: str | None = None

    @property
    def can_import(self) -> bool:
        return self.role in ("city", "unit")

    @property
    def can_manage(self) -> bool:
        return self.role == "city"

    @property
    def can_manage_units(self) -> bool:
        """Whether the user may add departments and offices (page Đơn vị)."""
        return self.role in ("city", "national")


DEMO_USER = User("demo", "Người dùng minh họa", "city")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    con: duckdb.DuckDBPyConnection,
    *,
    username: str,
    display_name: str,
    role: str,
    password: str,
    unit_code: str | None = None,
    created_by: str,
) -> User:
    """Create (or replace) a user after checking every field."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AuthError(
            "Tên đăng nhập gồm 3–80 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, @ (địa chỉ thư)."
        )
    if role not in ROLES:
        raise AuthError(f"Vai trò không hợp lệ: {role}.")
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    if role == "unit" and not unit_code:
        raise AuthError("Người dùng của đơn vị phải gắn với một đơn vị.")
    _check_unit(con, role, unit_code)
    params = {
        "username": username,
        "display_name": display_name.strip() or username,
        "role": role,
        "unit_code": unit_code or None,
        "password_hash": hash_password(password),
        "created_by": created_by,
        "disabled": False,
    }
    cur = con.cursor()
    try:  # one statement, run again if PostgreSQL refuses it for a concurrent write
        db.retrying(lambda: db.execute(cur, "auth/auth_user_upsert", params))
    finally:
        cur.close()
    return User(username, display_name.strip() or username, role, unit_code or None)


def _check_unit(con: duckdb.DuckDBPyConnection, role: str, unit_code: str | None) -> None:
    """A city account is tied to its province (or to nothing), a national one to nothing."""
    if not unit_code:
        return
    kind = db.scalar(con, "units/unit_kind", {"code": unit_code})
    if kind is None:
        raise AuthError(f"Không có đơn vị mã {unit_code}.")
    if role == "national":
        raise AuthError("Tài khoản Bộ Nội vụ xem mọi tỉnh, thành phố: không gắn với đơn vị (bỏ đơn vị).")
    if role == "city" and kind != "city":
        raise AuthError(
            f"Tài khoản cấp thành phố chỉ gắn với tỉnh, thành phố của mình (đơn vị loại Thành phố, như HN),"
            f" không gắn với đơn vị {unit_code}."
        )


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str) -> User | None:
    """The user when the password matches and the account is enabled; else None."""
    cur = con.cursor()
    try:
        rows = db.execute(cur, "auth/auth_user_get", {"username": username.strip().lower()})
    finally:
        cur.close()
    if not rows:
        _verify(_dummy_hash(), password)  # same work either way: no user enumeration by timing
        return None
    name, display, role, unit, stored, disabled = rows[0]
    if disabled or not _verify(stored, password):
        return None
    return User(name, display, role, unit)


@functools.cache
def _dummy_hash() -> str:
    """Made when first needed: hashing takes 0.2 s, which every command would pay at start."""
    return _hasher.hash("không-phải-mật-khẩu-nào")


def user_for_email(con: duckdb.DuckDBPyConnection, email: str | None) -> User | None:
    """The account of someone signed in by OIDC (st.login): the user whose login name is
    their e-mail address. Identity comes from the provider; roles and scope from us."""
    if not email:
        return None
    cur = con.cursor()
    try:
        rows = db.execute(cur, "auth/auth_user_get", {"username": email.strip().lower()})
    finally:
        cur.close()
    if not rows or rows[0][5]:
        return None
    name, display, role, unit, _hash, _disabled = rows[0]
    return User(name, display, role, unit)


def account_stamp(con: duckdb.DuckDBPyConnection, username: str) -> str | None:
    """A fingerprint of what a session was granted: password hash, role, unit, name and disabled
    flag. A session remembers it at sign-in and ends when it changes (None: no such account)."""
    cur = con.cursor()
    try:
        rows = db.execute(cur, "auth/auth_user_get", {"username": username.strip().lower()})
    finally:
        cur.close()
    if not rows:
        return None
    return hashlib.sha256(repr(tuple(rows[0])).encode()).hexdigest()


class SignInThrottle:
    """Failed sign-ins per account and per client address, in this server process.

    `ACCOUNT_FAILURES` failures of one login name (existing or not: no enumeration) within
    `WINDOW` lock that name for `LOCKOUT`; an address gets more (`ADDRESS_FAILURES`: offices
    share one address) before it is locked. While locked, no password is checked at all.
    """

    ACCOUNT_FAILURES = 5
    ADDRESS_FAILURES = 20
    WINDOW = timedelta(minutes=15)
    LOCKOUT = timedelta(minutes=15)

    # Hà Nội time: the lockout's end is shown to the person signing in («thử lại sau 04:53 …»).
    def __init__(self, clock: Callable[[], datetime] = vietnam_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, list[datetime]] = {}
        self._locked: dict[str, datetime] = {}

    @staticmethod
    def _keys(username: str, address: str | None) -> list[tuple[str, int]]:
        keys = [("user:" + username.strip().lower(), SignInThrottle.ACCOUNT_FAILURES)]
        if address:
            keys.append(("addr:" + address, SignInThrottle.ADDRESS_FAILURES))
        return keys

    def locked_until(self, username: str, address: str | None = None) -> datetime | None:
        """When a locked account or address may try again; None when it may try now."""
        now = self._clock()
        with self._lock:
            ends = [
                self._locked[k] for k, _ in self._keys(username, address) if self._locked.get(k, now) > now
            ]
        return max(ends, default=None)

    def failed(self, username: str, address: str | None = None) -> datetime | None:
        """Record a failure; when it locks the account or address, until when."""
        now = self._clock()
        with self._lock:
            if len(self._failures) > 10_000:  # a flood of made-up names: forget the stale ones
                self._failures = {k: v for k, v in self._failures.items() if v and v[-1] > now - self.WINDOW}
            for key, limit in self._keys(username, address):
                recent = [t for t in self._failures.get(key, []) if t > now - self.WINDOW] + [now]
                self._failures[key] = recent
                if len(recent) >= limit:
                    self._locked[key] = now + self.LOCKOUT
                    self._failures[key] = []
        return self.locked_until(username, address)

    def succeeded(self, username: str) -> None:
        """A right password clears the account's failures (not its address's)."""
        with self._lock:
            self._failures.pop("user:" + username.strip().lower(), None)


def locked_message(until: datetime) -> str:
    return (
        f"Đăng nhập sai quá nhiều lần nên tạm bị khóa; hãy thử lại sau {until:%H:%M} ngày {until:%d/%m/%Y}."
    )


def has_users(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(db.scalar(con, "auth/auth_user_count"))


def has_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any account exists, disabled ones included (a production database)."""
    return bool(db.scalar(con, "auth/auth_account_count"))


def _one(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object]) -> bool:
    """Run an update of one account; whether it matched an account (the count of rows
    updated: DuckDB cannot UPDATE … RETURNING on a PostgreSQL table)."""
    cur = con.cursor()
    try:  # one statement, run again if PostgreSQL refuses it for a concurrent write
        rows = db.retrying(lambda: db.execute(cur, name, params))
        return bool(rows and rows[0][0])
    finally:
        cur.close()


def reset_password(con: duckdb.DuckDBPyConnection, username: str, password: str) -> None:
    """Give an existing account a new password (AuthError if unknown or too short)."""
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    params = {"username": username.strip().lower(), "password_hash": hash_password(password)}
    if not _one(con, "auth/auth_user_set_password", params):
        raise AuthError(f"Không có tài khoản {username}.")


def disable_user(con: duckdb.DuckDBPyConnection, username: str) -> None:
    """Disable an account: it can no longer sign in (AuthError if unknown)."""
    if not _one(con, "auth/auth_user_disable", {"username": username.strip().lower()}):
        raise AuthError(f"Không có tài khoản {username}.")


def account_unit(con: duckdb.DuckDBPyConnection, username: str) -> str | bool | None:
    """The unit an existing account is tied to (None: no unit); False when there is no account."""
    cur = con.cursor()
    try:
        rows = db.execute(cur, "auth/auth_user_get", {"username": username.strip().lower()})
    finally:
        cur.close()
    return rows[0][3] if rows else False


def user_exists(con: duckdb.DuckDBPyConnection, username: str) -> bool:
    cur = con.cursor()
    try:
        return bool(db.execute(cur, "auth/auth_user_get", {"username": username.strip().lower()}))
    finally:
        cur.close()


def allowed_units(con: duckdb.DuckDBPyConnection, user: User) -> list[str] | None:
    """Unit codes the user may see; None means every unit."""
    if user.unit_code is None:
        return None
    return db.run(con, "auth/auth_scope_units", {"unit": user.unit_code})["code"].tolist()


def audit(con: duckdb.DuckDBPyConnection, user: User | str, action: str, detail: str = "") -> None:
    name = user.username if isinstance(user, User) else user
    cur = con.cursor()
    try:
        db.execute(cur, "auth/audit_insert", {"username": name, "action": action, "detail": detail})
    finally:
        cur.close()


def _meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    return db.scalar(con, "meta/meta_get", {"key": key})


def _set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    cur = con.cursor()
    try:
        db.execute(cur, "meta/meta_set", {"key": key, "value": value})
    finally:
        cur.close()


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """A database created with demo data: the app signs in a demo city user and says so."""
    return _meta(con, "demo") == "1"


def mark_demo(con: duckdb.DuckDBPyConnection) -> None:
    _set_meta(con, "demo", "1")


SETUP_TOKEN_HOURS = 24


def _setup_token_valid(con: duckdb.DuckDBPyConnection, now: datetime) -> bool:
    expires = _meta(con, "setup_token_expires")
    return (
        bool(_meta(con, "setup_token_sha256"))
        and bool(expires)
        and now < datetime.fromisoformat(str(expires))
    )


def setup_token_expiry(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the current setup token expires; None when there is no valid one."""
    now = datetime.now()
    return (
        datetime.fromisoformat(str(_meta(con, "setup_token_expires")))
        if _setup_token_valid(con, now)
        else None
    )


def new_setup_token(con: duckdb.DuckDBPyConnection, *, hours: float = SETUP_TOKEN_HOURS) -> str:
    """A one-time token for creating the first administrator (only its hash and expiry are stored)."""
    token = secrets.token_urlsafe(24)
    _set_meta(con, "setup_token_sha256", hashlib.sha256(token.encode()).hexdigest())
    _set_meta(con, "setup_token_expires", (datetime.now() + timedelta(hours=hours)).isoformat())
    return token


def setup_token_if_needed(con: duckdb.DuckDBPyConnection) -> str | None:
    """A new setup token when the database needs its first administrator and no token is valid.

    None when one is still valid (its link was printed when it was made): the setup form's own
    submit, a reload or another visitor never replace a link the installer is using.
    """
    with db.WRITE_LOCK:  # two first visitors at once make one token, not two
        if is_demo(con) or has_users(con) or _setup_token_valid(con, datetime.now()):
            return None
        return new_setup_token(con)


def complete_setup(
    con: duckdb.DuckDBPyConnection, token: str, *, username: str, display_name: str, password: str
) -> User:
    """Create the first city administrator with the one-time token, then void the token."""
    expected = _meta(con, "setup_token_sha256")
    if has_users(con) or not expected:
        raise AuthError("Đã có tài khoản quản trị; liên hệ quản trị viên để được cấp tài khoản.")
    digest = hashlib.sha256(token.encode()).hexdigest()
    if not secrets.compare_digest(digest, expected) or not _setup_token_valid(con, datetime.now()):
        raise AuthError("Mã thiết lập không đúng hoặc đã hết hiệu lực.")
    user = create_user(
        con, username=username, display_name=display_name, role="city", password=password, created_by="setup"
    )
    _set_meta(con, "setup_token_sha256", "")
    _set_meta(con, "setup_token_expires", "")
    audit(con, user, "setup", "tạo tài khoản quản trị đầu tiên")
    return user
