"""Pages only draw: no SQL, no groupby, no cchc.db, no st.cache_data of their own, no ui.scope().

They read through ui.cached (which passes the scope to cchc) and write through ui.fresh. Checked
for app.py and every file in pages/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["app.py", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))]
SQL = re.compile(
    r"\b(select\b.+\bfrom|insert\s+into|delete\s+from|update\s+\w+\s+set|create\s+table)\b",
    re.IGNORECASE | re.DOTALL,
)


def offences(source: str) -> list[str]:
    """What a page does that a page must not."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"SQL: {node.value[:60]!r}")
        elif isinstance(node, ast.Attribute) and node.attr == "groupby":
            found.append("groupby")
        elif isinstance(node, ast.Import) and any(a.name.startswith("cchc.db") for a in node.names):
            found.append("import cchc.db")
        elif isinstance(node, ast.ImportFrom) and (
            node.module == "cchc.db" or (node.module == "cchc" and any(a.name == "db" for a in node.names))
        ):
            found.append("from cchc import db")
        elif isinstance(node, ast.Attribute) and ast.unparse(node) == "st.cache_data":
            found.append("st.cache_data")
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in ("ui.scope", "ui.scope_key"):
            found.append(f"{ast.unparse(node.func)}()")
        elif isinstance(node, ast.Expr) and not isinstance(node.value, (ast.Call, ast.Await, ast.Constant)):
            # .streamlit/config.toml turns "magic" off: a bare expression would show nothing
            found.append(f"bare expression: {ast.unparse(node)[:40]}")
    return found


def test_every_page_is_checked() -> None:
    for page in (
        "overview",
        "reminders",
        "report",
        "ward",
        "department",
        "tasks",
        "import",
        "users",
        "plans",
    ):
        assert f"pages/{page}.py" in CHECKED


@pytest.mark.parametrize("page", CHECKED)
def test_page_only_draws(page: str) -> None:
    assert not offences((ROOT / page).read_text(encoding="utf-8")), page


@pytest.mark.parametrize(
    ("source", "offence"),
    [
        ('rows = con.execute("select code, name from units")', "SQL"),
        ("per = frame.groupby('unit')['items'].sum()", "groupby"),
        ("from cchc import auth, db", "from cchc import db"),
        ("import cchc.db", "import cchc.db"),
        ("@st.cache_data\ndef f(x): return x", "st.cache_data"),
        ("allowed = ui.scope()", "ui.scope()"),
        ("key = ui.scope_key()", "ui.scope_key()"),
        ("frame.head()\nframe", "bare expression"),
    ],
)
def test_the_check_finds_what_it_looks_for(source: str, offence: str) -> None:
    assert any(o.startswith(offence) for o in offences(source))


def test_the_check_leaves_page_texts_alone() -> None:
    assert not offences('st.info("Chọn một kế hoạch từ danh sách để xem nhiệm vụ.")\nui.cached(f, 1)')
