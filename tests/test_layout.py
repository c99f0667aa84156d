"""The house stays laid out as README's Layout says: small modules, short functions, SQL only in queries/.

Today's exceptions are listed below, each one a debt; an entry that is no longer needed fails the
test too, so the lists can only shrink.
"""

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Known exceptions: none. An entry needs a reason, and the tests fail once it is no longer needed.
LONG_MODULES: set[str] = set()
LONG_FUNCTIONS: set[str] = set()
SQL_OUTSIDE_QUERIES: dict[str, int] = {}  # file → how many SQL strings it still holds

# The first words of an SQL statement. A docstring is prose, so docstrings are not scanned.
SQL = re.compile(
    r"""^\s*(?:
        select\b[\s\S]*?\bfrom\b
      | insert\s+(?:or\s+\w+\s+)?into\b
      | delete\s+from\b
      | update\s+[\w."]+\s+set\b
      | create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:table|view|index|sequence|macro|schema)\b
      | (?:alter|drop)\s+(?:table|view|index|sequence|macro|schema)\b
      | with\s+(?:recursive\s+)?[\w"]+\s+as\s*\(
      | copy\s+[\w."]+\s+(?:to|from)\b
      | pragma\s+\w+
      | (?:begin(?:\s+transaction)?|commit|rollback|checkpoint)\s*;?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# cchc/db.py owns the transaction, so it alone may say these words.
TRANSACTION_VERB = re.compile(r"^\s*(?:begin(?:\s+transaction)?|commit|rollback|checkpoint)\s*;?\s*$", re.I)


def _code_files() -> list[Path]:
    files = [p for d in ("cchc", "ui", "pages") for p in (ROOT / d).rglob("*.py")]
    return sorted(files)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _functions(
    tree: ast.AST, prefix: str = ""
) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method with its dotted name (Class.method, outer.inner)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, prefix + node.name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def _strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """String literals with their line, an f-string as its text with {} for each value; docstrings left out."""
    docstrings: set[int] = set()
    inside_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        elif isinstance(node, ast.JoinedStr):
            inside_fstrings.update(id(v) for v in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node.lineno, text
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings | inside_fstrings
        ):
            yield node.lineno, node.value


def _sql_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for line, text in _strings(tree):
        if not SQL.match(text):
            continue
        if _name(path) == "cchc/db.py" and TRANSACTION_VERB.match(text):
            continue
        found.append(f"{_name(path)}:{line}: {text.strip()[:60]!r}")
    return found


def test_sql_is_recognised_and_prose_is_not():
    for sql in (
        "select code from units where code = $c",
        "\n  SELECT count(*)\n  FROM publications",
        "insert or replace into units select * from t",
        "delete from plans",
        "update tasks set status = $s",
        "create table if not exists meta (key text)",
        "with recent as (select 1)",
        "begin transaction",
        "rollback",
        "checkpoint",
    ):
        assert SQL.match(sql), sql
    for prose in (
        "Chọn đơn vị",
        "checkpoint after every import",
        "Updated settings",
        "selected units",
        "begin with the header",
        "commit message",
    ):
        assert not SQL.match(prose), prose


def test_the_scan_finds_sql_in_code_and_skips_docstrings(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""select a from b in a docstring is prose."""\n'
        "def f(con, t):\n"
        '    """Select the rows from t."""\n'
        '    con.execute(f"select * from {t}")\n'
        '    return con.execute("delete from x")\n',
        encoding="utf-8",
    )
    tree = ast.parse(module.read_text(encoding="utf-8"))
    found = [line for line, text in _strings(tree) if SQL.match(text)]
    assert sorted(found) == [4, 5]


def test_no_module_is_over_400_lines():
    long = {
        _name(p): n
        for p in _code_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    new = {name: n for name, n in long.items() if name not in LONG_MODULES}
    assert not new, f"modules over {MAX_MODULE_LINES} lines; split them: {new}"
    stale = LONG_MODULES - set(long)
    assert not stale, f"now short enough: remove from LONG_MODULES: {sorted(stale)}"


def test_no_function_is_over_60_lines():
    long = {}
    for path in _code_files():
        for name, node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                long[f"{_name(path)}::{name}"] = lines
    new = {name: n for name, n in long.items() if name not in LONG_FUNCTIONS}
    assert not new, f"functions over {MAX_FUNCTION_LINES} lines; split them: {new}"
    stale = LONG_FUNCTIONS - set(long)
    assert not stale, f"now short enough (or gone): remove from LONG_FUNCTIONS: {sorted(stale)}"


def test_sql_lives_only_in_queries():
    found = [hit for path in [*_code_files(), ROOT / "app.py"] for hit in _sql_strings(path)]
    counts = Counter(hit.split(":", 1)[0] for hit in found)
    new = [hit for hit in found if hit.split(":", 1)[0] not in SQL_OUTSIDE_QUERIES]
    assert not new, "SQL belongs in queries/<domain>/*.sql, run through cchc.db:\n" + "\n".join(new)
    changed = {
        name: counts.get(name, 0) for name, allowed in SQL_OUTSIDE_QUERIES.items() if counts[name] != allowed
    }
    assert not changed, (
        f"SQL_OUTSIDE_QUERIES is out of date; set these counts (0: remove the entry): {changed}\n"
        + "\n".join(found)
    )


def test_no_python_modules_at_the_root_but_app():
    """Code lives in cchc/, ui/ and pages/; app.py is the one entry point Streamlit runs."""
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["app.py"]
