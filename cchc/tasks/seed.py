"""The seed plans' task tables (data/tasks/*.xlsx), imported at first start like any upload."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cchc import reference
from cchc.tasks.outcome import TaskImportResult
from cchc.tasks.plans import plan_contexts
from cchc.tasks.store import import_task_table, refresh_deadlines

TASKS_DIR = reference.DATA_DIR / "tasks"
SEED_TABLES: dict[str, str] = {
    "hn-75-2026.xlsx": "HN-75-2026",
    "phuc-loi-2026.xlsx": "PL-2026",
    "bach-mai-2025.xlsx": "BM-2025",
    "thanh-ha-2026.xlsx": "TH-14-2026",
    "phu-dinh-2025h2.xlsx": "PD-88-2025",
}


def load_seed_tasks(con: duckdb.DuckDBPyConnection, tasks_dir: Path = TASKS_DIR) -> list[TaskImportResult]:
    """Import the seed plans' task tables (data/tasks/*.xlsx); a second run adds nothing."""
    known = {p.plan_code for p in plan_contexts(con)}
    results = []
    for name, plan in SEED_TABLES.items():
        path = tasks_dir / name
        if plan in known and path.exists():
            results.append(import_task_table(con, path.read_bytes(), name, plan, who="init"))
    refresh_deadlines(con)
    return results
