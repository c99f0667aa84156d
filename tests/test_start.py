"""Processes start with what they use (issue 14): `python -m cchc --help` loads no data library,
and an import (the CLI's process and the reader's worker) works in Arrow without pandas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ingest import corpus

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"pandas", "pyarrow", "duckdb", "numpy", "openpyxl", "plotly", "fastexcel", "xlsxwriter", "argon2"}
# Runs the CLI in this interpreter and says, at exit, which heavy modules it loaded.
RUN = (
    "import atexit, runpy, sys\n"
    f"heavy = {sorted(HEAVY)!r}\n"
    "atexit.register(lambda: print('LOADED', sorted(m for m in heavy if m in sys.modules), file=sys.stderr))\n"
    "sys.argv = ['cchc', *sys.argv[1:]]\n"
    "runpy.run_module('cchc', run_name='__main__', alter_sys=True)\n"
)


# Says which code first imported pandas: DuckDB 1.5.5 (pinned for server mode) imports it itself
# when it binds a query's parameters; no module of cchc may.
WHO_IMPORTS_PANDAS = (
    "import sys, traceback\n"
    "class _Who:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name == 'pandas':\n"
    "            frames = [f for f in traceback.extract_stack()[:-1] if 'importlib' not in f.filename]\n"
    "            files = [f'{f.filename} :: {f.line}' for f in frames]\n"
    "            print('PANDAS FROM', files[-1], file=sys.stderr)\n"
    "            sys.meta_path.remove(self)\n"
    "sys.meta_path.insert(0, _Who())\n"
)


def loaded(*args: str) -> tuple[subprocess.CompletedProcess, str]:
    out = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    line = [x for x in out.stderr.splitlines() if x.startswith("LOADED")]
    return out, line[-1] if line else out.stderr


def test_help_loads_no_data_library() -> None:
    out, line = loaded("--help")
    assert "import" in out.stdout and line == "LOADED []", line
    out, line = loaded("user", "add", "--help")
    assert "city" in out.stdout and line == "LOADED []", line  # the roles, without cchc.auth


def test_an_import_from_the_command_line_loads_no_pandas(tmp_path: Path) -> None:
    database = tmp_path / "d.duckdb"
    assert (
        subprocess.run([sys.executable, "-m", "cchc", "init", "--db", str(database)], cwd=ROOT).returncode
        == 0
    )
    log = tmp_path / "nhat-ky.xlsx"
    log.write_bytes(corpus.small_xlsx())
    out = subprocess.run(
        [sys.executable, "-c", WHO_IMPORTS_PANDAS + RUN, "import", str(log), "--db", str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0 and "đã thêm 1 dòng" in out.stdout, out.stderr
    first = [x for x in out.stderr.splitlines() if x.startswith("PANDAS FROM")]
    # none at all, or DuckDB's own (a call into duckdb from cchc/db.py), never a cchc import
    if first:
        where, _, line = first[0].removeprefix("PANDAS FROM ").partition(" :: ")
        assert where.endswith("cchc/db.py") and "import" not in line and "execute" in line, first


def test_the_readers_work_without_pandas() -> None:
    """What the worker process runs, with pandas impossible to import (cchc.lean.without_pandas)."""
    code = (
        "import sys\n"
        "from cchc.lean import without_pandas\n"
        "from tests.ingest import corpus\n"
        "with without_pandas():\n"
        "    from cchc.ingest import worker_process as worker\n"
        "    meta, arrow = worker._answer('log', {'data': corpus.messy_log(), 'filename': 'a.xlsx',\n"
        "                                         'matcher': corpus.matcher()})\n"
        "    assert len(arrow) > 0 and meta['rows_total'] > 0, meta\n"
        "    table = corpus.with_openpyxl(corpus.Sheet('Phụ lục', [['STT', 'Nhiệm vụ', 'Cơ quan chủ trì',\n"
        "        'Thời gian thực hiện'], [1, 'Tuyên truyền', 'Sở Nội vụ', 'Quý I/2026']]))\n"
        "    meta, _ = worker._answer('tasks', {'data': table, 'filename': 'a.xlsx', 'today': None})\n"
        "    assert len(meta['rows']) == 1, meta\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False"
