"""Hostile files (issue 11: D1, D2, D9) are refused per file, and the reader's worker process
can die, hang or babble without the caller noticing more than a per-file error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from cchc import tasks
from cchc.ingest import importer, pool
from tests.ingest import hostile_corpus as hostile
from tests.test_import_e2e import state

PLAN = "PL-2026"


@pytest.fixture
def db_dir(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> tuple[duckdb.DuckDBPyConnection, Path]:
    con.execute("checkpoint")
    return con, tmp_path


@pytest.fixture
def fresh_workers():
    """Workers started for this test only (it may change how they are started)."""
    pool.shutdown()
    yield
    pool.shutdown()


@pytest.mark.parametrize("name", list(hostile.HOSTILE))
def test_hostile_file_is_refused_with_its_message_and_changes_nothing(db_dir, name):
    con, folder = db_dir
    paths = hostile.write_corpus(folder / "in")
    before = state(con, folder)
    run = importer.import_files(con, [paths[name]], who="t")
    (outcome,) = run.outcomes
    assert outcome.fatal is not None and outcome.result is None
    assert hostile.HOSTILE[name][1] in outcome.fatal.message
    assert outcome.fatal.file == name and run.exit_code == 2
    assert state(con, folder) == before


@pytest.mark.parametrize("name", list(hostile.HOSTILE))
def test_hostile_task_table_is_refused_too(con, name):
    build, message = hostile.HOSTILE[name]
    result = tasks.import_task_table(con, build(), name, PLAN, "t")
    assert result.outcome == "rejected"
    assert message in result.problems[0].message


@pytest.mark.parametrize(
    "build", [hostile.good, lambda: hostile.workbook([hostile.sheet_xml(hostile.GOOD_ROWS)], ext="dat")]
)
def test_the_hand_made_workbook_without_its_trap_is_read(con, build):
    """The corpus's files are refused for their trap, not for being hand-made."""
    outcome = importer.import_bytes(con, build(), "tot.xlsx", who="t")
    assert outcome.fatal is None and outcome.result is not None and outcome.result.added == 1


def test_one_hostile_file_does_not_stop_the_good_one(db_dir):
    con, folder = db_dir
    paths = hostile.write_corpus(folder / "in")
    good = folder / "in" / "tot.xlsx"
    good.write_bytes(hostile.good())
    run = importer.import_files(con, [*paths.values(), good], who="t")
    assert [o.fatal is not None for o in run.outcomes] == [True] * len(paths) + [False]
    assert run.outcomes[-1].result.outcome == "imported" and run.outcomes[-1].result.added == 1


def test_the_unique_count_file_really_aborts_the_reader(tmp_path):
    """Without the checks, D1 kills the process that reads it (why the reader lives in a worker)."""
    path = tmp_path / "d1.xlsx"
    path.write_bytes(hostile.unique_count())
    code = f"import fastexcel; r = fastexcel.read_excel(open({str(path)!r}, 'rb').read()); r.load_sheet(0)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert done.returncode < 0 or done.returncode == 134, done.stderr[-500:]


def _script(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "fake_worker.py"
    path.write_text(textwrap.dedent(body))
    return [sys.executable, str(path)]


FAKE_WORKERS = [
    ("aborts", "import os, sys\nsys.stdin.buffer.read(8)\nos.abort()\n", "dừng đột ngột"),
    ("exits", "import sys\nsys.exit(0)\n", "dừng đột ngột"),
    ("hangs", "import sys, time\nsys.stdin.buffer.read(8)\ntime.sleep(60)\n", "đọc quá lâu"),
    (
        "babbles",
        "import struct, sys\nsys.stdin.buffer.read(8)\nsys.stdout.buffer.write(struct.pack('>QQ', 2**40, 0))\n"
        "sys.stdout.flush()\nimport time; time.sleep(60)\n",
        "kết quả quá lớn",
    ),
    (
        "answers nonsense",
        "import struct, sys\nsys.stdin.buffer.read(8)\nsys.stdout.buffer.write(struct.pack('>QQ', 3, 0) + b'[1]')\n"
        "sys.stdout.flush()\nimport time; time.sleep(60)\n",
        "dừng đột ngột",
    ),
]


@pytest.mark.parametrize(("body", "why"), [f[1:] for f in FAKE_WORKERS], ids=[f[0] for f in FAKE_WORKERS])
def test_a_failing_worker_is_a_per_file_error_and_the_next_file_is_read(
    con, tmp_path, monkeypatch, fresh_workers, body, why
):
    monkeypatch.setattr(pool, "COMMAND", _script(tmp_path, body))
    monkeypatch.setattr(pool, "WALL_SECONDS", 2.0)
    outcome = importer.import_bytes(con, hostile.good(), "tot.xlsx", who="t")
    assert outcome.result is None and outcome.fatal is not None
    assert (
        outcome.fatal.message.startswith("Không đọc được tệp một cách an toàn")
        and why in outcome.fatal.message
    )
    assert not pool._idle  # the failed worker is not reused
    monkeypatch.undo()
    again = importer.import_bytes(con, hostile.good(), "tot.xlsx", who="t")
    assert again.fatal is None and again.result.added == 1


def test_the_worker_runs_under_its_memory_limit(con, monkeypatch, fresh_workers):
    """With 64 MB of address space the worker cannot even start its reader: a per-file error."""
    monkeypatch.setenv("CCHC_WORKER_MEMORY_MB", "64")
    outcome = importer.import_bytes(con, hostile.good(), "tot.xlsx", who="t")
    assert outcome.fatal is not None and "Không đọc được tệp một cách an toàn" in outcome.fatal.message


def test_a_warm_worker_is_reused(con, fresh_workers):
    importer.import_bytes(con, hostile.good(), "a.xlsx", who="t", dry_run=True)
    (first,) = pool._idle
    importer.import_bytes(con, hostile.good(), "b.xlsx", who="t", dry_run=True)
    assert pool._idle == [first] and first.proc.poll() is None


def test_the_worker_cpu_limit_kills_a_job_that_spins(tmp_path):
    code = "from cchc.ingest import worker_process as worker\nworker._limit_cpu(1)\nwhile True:\n    pass\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, cwd=Path.cwd())
    assert done.returncode == -signal.SIGXCPU


def test_the_worker_memory_limit_stops_a_large_allocation(tmp_path):
    code = (
        "from cchc.ingest import worker_process as worker\nworker._limit_memory()\n"
        "try:\n    bytearray(2**30)\nexcept MemoryError:\n    print('refused')\n"
    )
    env = {**os.environ, "CCHC_WORKER_MEMORY_MB": "900"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, env=env, text=True)
    assert done.stdout.strip() == "refused", done.stderr[-500:]


def test_a_malformed_rejection_from_the_worker_is_a_per_file_error(con, tmp_path, monkeypatch, fresh_workers):
    body = (
        "import struct, sys\nsys.stdin.buffer.read(8)\n"
        "sys.stdout.buffer.write(struct.pack('>QQ', 17, 0) + b'{\"rejected\": [1]}')\n"
        "sys.stdout.flush()\nimport time; time.sleep(60)\n"
    )
    monkeypatch.setattr(pool, "COMMAND", _script(tmp_path, body))
    outcome = importer.import_bytes(con, hostile.good(), "tot.xlsx", who="t")
    assert outcome.fatal is not None and "dừng đột ngột" in outcome.fatal.message
