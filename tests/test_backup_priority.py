"""The automatic backup is exported by a separate low-priority process from a copy of the file."""

from __future__ import annotations

import shutil
from datetime import date

from cchc import backup, db
from tests.conftest import PHUC_LOI, add_items, item


def test_a_low_priority_backup_is_whole_and_leaves_no_copy(con, tmp_path) -> None:
    add_items(con, [item(PHUC_LOI, date(2026, 6, day)) for day in (1, 2, 3)])
    folder = tmp_path / "backups"
    made = backup.low_priority_backup(con, folder)
    assert [p.name for p in folder.iterdir()] == [made.name]  # no snapshot, no partial folder left
    restored = db.connect(backup.restore(made, tmp_path / "r.duckdb"))
    for table in ("publications", "item_counts", "kept_fulfillment", "units"):
        # table names are this test's literals
        want = con.execute(f"select * from {table} order by all").fetchall()
        assert restored.execute(f"select * from {table} order by all").fetchall() == want, table
    restored.close()


def test_the_export_runs_at_the_lowest_priority() -> None:
    prefix = backup._lowest_priority()
    if shutil.which("nice"):
        assert prefix[-3:] == ["nice", "-n", "19"]
    if shutil.which("ionice"):
        assert prefix[:3] == ["ionice", "-c", "3"]
