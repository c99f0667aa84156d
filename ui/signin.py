"""Sign-in, first administrator setup and the demo banner (Streamlit only)."""

from __future__ import annotations

import sys

import duckdb
import streamlit as st

import ui
from cchc import auth


@st.cache_resource(show_spinner=False)
def _local_url() -> str:
    """This server's address as seen from its own machine (port and base path as configured)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://localhost:{st.get_option('server.port')}" + (f"/{base}" if base else "")


def _announce_setup() -> str | None:
    """On a database with no user and no valid setup token, make one and print its link on the
    server console, once: reruns, the setup form's own submit and other visitors reuse it."""
    con = ui.connection()
    token = auth.setup_token_if_needed(con)
    if token is None:
        expires = auth.setup_token_expiry(con)
        if expires is not None and not auth.has_users(con):
            _remind_link(f"{expires:%Y-%m-%d %H:%M}")
        return None
    print(
        "\ncchc-monitor: chưa có tài khoản quản trị. Mở liên kết sau (một lần) để tạo:\n"
        f"    {_local_url()}/?setup={token}\n",
        file=sys.stderr,
        flush=True,
    )
    return token


@st.cache_resource(show_spinner=False)
def _remind_link(expires: str) -> None:
    """Once per server process (a restart): the link printed before is still the one to use."""
    print(
        "\ncchc-monitor: chưa có tài khoản quản trị. Liên kết thiết lập đã in trước đây còn hiệu lực "
        f"đến {expires}; hoặc tạo tài khoản bằng:\n"
        "    python -m cchc user add TEN --role city --db DUONG_DAN\n",
        file=sys.stderr,
        flush=True,
    )


def ensure_signed_in() -> auth.User:
    """Return the user; otherwise draw the sign-in (or setup) form and stop the script."""
    con = ui.connection()
    if "user" in st.session_state and _account_unchanged(con):
        return st.session_state["user"]
    if auth.is_demo(con):
        _refuse_demo_with_accounts(con)
        st.session_state["user"] = auth.DEMO_USER
        return auth.DEMO_USER
    _announce_setup()
    form = _setup_form if not auth.has_users(con) else _sign_in_form
    # A navigation of one hidden page: no menu of pages one cannot open yet.
    st.navigation(
        [st.Page(lambda: form(con), title="Đăng nhập", url_path="dang-nhap")], position="hidden"
    ).run()
    st.stop()


_STAMP = "account_stamp"
CHANGED = (
    "Tài khoản của bạn vừa được thay đổi (mật khẩu, vai trò, đơn vị hoặc bị khóa); phiên làm việc "
    "đã kết thúc. Hãy đăng nhập lại."
)


def _signed_in(con: duckdb.DuckDBPyConnection, user: auth.User) -> None:
    """Start the session of an account, remembering what it was granted."""
    st.session_state["user"] = user
    st.session_state[_STAMP] = auth.account_stamp(con, user.username)


def _account_unchanged(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the signed-in account is as it was at sign-in; if not, sign the tab out (at its
    next rerun: a reset password, a new role or unit, or a disabled account end open sessions)."""
    if _STAMP not in st.session_state:
        return True  # the demo user, or a user a test put in the session: no account to follow
    user: auth.User = st.session_state["user"]
    if auth.account_stamp(con, user.username) == st.session_state[_STAMP]:
        return True
    auth.audit(con, user, "session_ended", "tài khoản đã thay đổi")
    sign_out()
    st.session_state["signed_out_because"] = CHANGED
    return False


def _refuse_demo_with_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """A demo database signs every visitor in as a city administrator: never on one with accounts."""
    if not auth.has_accounts(con):
        return
    st.error(
        "Cơ sở dữ liệu này vừa có tài khoản người dùng vừa được đánh dấu là dữ liệu minh họa; "
        "ứng dụng không mở ở chế độ minh họa (mọi người vào với quyền quản trị). "
        "Người quản trị hãy khôi phục cơ sở dữ liệu từ bản sao lưu."
    )
    st.stop()


def _setup_form(con: duckdb.DuckDBPyConnection) -> None:
    st.title("Thiết lập tài khoản quản trị")
    token = st.query_params.get("setup", "")
    if not token:
        st.info(
            "Cơ sở dữ liệu chưa có tài khoản nào. Người cài đặt hãy mở liên kết thiết lập được in ra "
            "trên cửa sổ dòng lệnh khi khởi động ứng dụng."
        )
        return
    with st.form("setup"):
        username = st.text_input("Tên đăng nhập", placeholder="vd. snv.quantri")
        display = st.text_input("Họ tên")
        password = st.text_input(f"Mật khẩu (ít nhất {auth.MIN_PASSWORD} ký tự)", type="password")
        again = st.text_input("Nhập lại mật khẩu", type="password")
        if st.form_submit_button("Tạo tài khoản quản trị", type="primary"):
            if password != again:
                st.error("Hai lần nhập mật khẩu không khớp.")
                return
            try:
                created = auth.complete_setup(
                    con, token, username=username, display_name=display, password=password
                )
            except auth.AuthError as exc:
                st.error(str(exc))
                return
            st.query_params.pop("setup", None)
            _signed_in(con, created)
            st.rerun()


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):  # no secrets.toml at all
        return False


def _oidc_sign_in(con: duckdb.DuckDBPyConnection) -> None:
    """Sign in through the organisation's identity provider when secrets.toml configures one."""
    if not _oidc_configured():
        return
    if getattr(st.user, "is_logged_in", False):
        email = st.user.get("email")
        signed = auth.user_for_email(con, email if isinstance(email, str) else None)
        if signed is None:
            st.error(
                f"Tài khoản {ui.plain(st.user.get('email'))} chưa được cấp quyền trong hệ thống; "
                "đề nghị quản trị viên tạo người dùng có tên đăng nhập là địa chỉ thư này."
            )
            st.button("Đăng xuất tài khoản tổ chức", on_click=st.logout)
            return
        auth.audit(con, signed, "sign_in", "OIDC")
        _signed_in(con, signed)
        st.rerun()
    st.button("Đăng nhập bằng tài khoản của tổ chức", on_click=st.login, type="primary")
    st.caption("hoặc bằng tên đăng nhập và mật khẩu:")


def _sign_in_form(con: duckdb.DuckDBPyConnection) -> None:
    st.title("Đăng nhập")
    st.caption("Theo dõi thông tin, tuyên truyền cải cách hành chính")
    if reason := st.session_state.pop("signed_out_because", None):
        st.warning(reason)
    _oidc_sign_in(con)
    with st.form("sign_in"):
        username = st.text_input("Tên đăng nhập")
        password = st.text_input("Mật khẩu", type="password")
        if st.form_submit_button("Đăng nhập", type="primary"):
            _try_sign_in(con, username, password)


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.SignInThrottle:
    """One record of failed sign-ins for the whole server process (every session, every tab)."""
    return auth.SignInThrottle()


def _client_address() -> str | None:
    """The browser's address (None from localhost; behind a reverse proxy, the proxy's)."""
    try:
        return st.context.ip_address
    except AttributeError:  # a Streamlit without st.context.ip_address
        return None


def _try_sign_in(con: duckdb.DuckDBPyConnection, username: str, password: str) -> None:
    """Check the password unless the account or address is locked; audit every failure."""
    throttle, address = _throttle(), _client_address()
    if until := throttle.locked_until(username, address):
        st.error(auth.locked_message(until))
        return
    signed = auth.authenticate(con, username, password)
    if signed is None:
        until = throttle.failed(username, address)
        locked = f"; tạm khóa đến {until:%Y-%m-%d %H:%M}" if until else ""
        name = username.strip().lower()[:80] or "(trống)"
        auth.audit(con, name, "signin_failed", f"từ {address or 'máy chủ'}{locked}")
        st.error(auth.locked_message(until) if until else "Sai tên đăng nhập hoặc mật khẩu.")
        return
    throttle.succeeded(username)
    auth.audit(con, signed, "sign_in")
    _signed_in(con, signed)
    st.rerun()


def sidebar_identity(user: auth.User) -> None:
    con = ui.connection()
    with st.sidebar:
        if auth.is_demo(con):
            st.warning(
                "**Chế độ minh họa**: số liệu do hệ thống tạo ra, không phải số liệu thật; các trang "
                f"tính đến ngày {ui.today():%d/%m/%Y}, ngày cuối của số liệu minh họa.",
                icon=":material/science:",
            )
            return
        st.caption(f"Đăng nhập: **{ui.plain(user.display_name)}** ({user.role})")
        if st.button("Đăng xuất", key="sign_out"):
            sign_out()
            if _oidc_configured() and getattr(st.user, "is_logged_in", False):
                st.logout()  # else the provider's sign-in would sign the same person straight back in
            st.rerun()


# Kept on sign-out: app.py's own bookkeeping, not anything a user saw or chose.
_KEEP_ON_SIGN_OUT = frozenset({"_entry_ran"})


def sign_out() -> None:
    """Forget everything this tab held for the user (import results, pickers, links), so whoever
    signs in next in the same tab starts clean."""
    for key in list(st.session_state):
        if key not in _KEEP_ON_SIGN_OUT:
            del st.session_state[key]
