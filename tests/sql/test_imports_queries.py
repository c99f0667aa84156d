"""Given → expected cases for queries/imports/*.sql."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cchc.ingest.load import KEYED_SCHEMA
from tests.sql.sqlcase import SqlCase
from tests.sql.staged import NOW, UNITS, D, StagedCase, batch, item, run, table_rows

BATCHES = [batch(1), batch(2, file_name="lo-2.xlsx", sha256="same"), batch(3, sha256="same", undone_at=NOW)]
ITEMS = [
    item(1, 1, "00136", D(2026, 3, 2), "Tin một"),
    item(2, 1, "HN-STP", D(2026, 3, 3), "Tin hai"),
    item(3, 2, "00136", D(2026, 3, 9), "Tin một", is_duplicate=True, dup_of=1),
    item(4, 2, "00136", D(2026, 3, 10), "Tin ba", is_duplicate=True, dup_of=1),
]
GIVEN = {"units": UNITS, "import_batches": BATCHES, "publications": ITEMS}

INCOMING = KEYED_SCHEMA  # a slice as the loader hands it to imports/import_insert


def incoming(ord_: int, unit: str, day, title: str, url: str | None = None) -> dict:
    return {
        "sheet": "Tin bài",
        "row": ord_ + 2,
        "unit_code": unit,
        "item_date": day,
        "channel": "own_portal",
        "item_kind": "news",
        "title": title,
        "url": url,
        "status": "published",
        "title_key": title.lower(),
        "url_key": url,
        "ord": ord_,
    }


def _inserted(con) -> None:
    rows = table_rows(
        con, "publications", "batch_id, unit_code, title, source_row, ever_published", "item_id"
    )
    # Tin một of 02/03 is known (batch 1); the second 'Tin mới' repeats the first in the file.
    assert rows == [
        (9, "00136", "Tin mới", 3, True),
        (9, "HN-STP", "Tin hai", 5, True),
        (1, "00136", "Tin một", None, False),
    ]


def _known(cur, ords: list[int]) -> None:
    assert sorted(r[0] for r in cur.execute("select ord from known_ords").fetchall()) == ords


def _dropped(cur, table: str) -> None:
    with pytest.raises(duckdb.CatalogException):
        cur.execute(f"select * from {table}")  # (the test's own literal name)


def _batch_added(con) -> None:
    assert table_rows(
        con, "import_batches", "kind, file_name, sha256, imported_by, rows_total, rows_rejected", "batch_id"
    )[-1] == ("tasks", "phu-luc.xlsx", "abc", "an", 10, 2)


def _finished(con) -> None:
    assert table_rows(con, "import_batches", "batch_id, rows_added, rows_known") == [(1, 7, 3), (2, 2, 0)]


def _counted(con) -> None:
    got = table_rows(con, "import_batches", "batch_id, rows_total, rows_rejected, rows_added")
    assert got == [(1, 1_000_000, 12, 2), (2, 2, 0, 2)]


def _refreshed(con) -> None:
    assert table_rows(con, "publications", "item_id, is_duplicate, dup_of, ever_published", "item_id") == [
        (1, False, None, True),  # its later copy (item 3) was published
        (2, False, None, False),
        (3, True, 1, False),  # a copy: only the first carries the group's flag
        (4, False, None, False),  # wrongly marked before: a title of its own
    ]


def _deleted(con) -> None:
    assert table_rows(con, "publications", "item_id", "item_id") == [(1,), (2,)]


def _undone(con) -> None:
    rows = table_rows(con, "import_batches", "batch_id, undone_by, undone_at is not null")
    assert rows == [(1, None, False), (2, "bình", True), (3, None, True)]


CASES: dict[str, SqlCase] = {
    "imports/batch_duplicates_count": SqlCase(given=GIVEN, params={"batch_id": 2}, expected=[(2,)]),
    "imports/batch_rows_count": SqlCase(given=GIVEN, params={"batch_id": 1}, expected=[(2,)]),
    "imports/batches_within_scope": SqlCase(
        given=GIVEN,
        params={"units": ["00136"], "batch_ids": [1, 2, 3]},
        expected=[(1, False), (2, True)],  # batch 1 also has a row of HN-STP; batch 3 has no rows
    ),
    "imports/batch_units": SqlCase(given=GIVEN, params={"batch_id": 1}, expected=[("00136",), ("HN-STP",)]),
    "imports/import_batches_list": SqlCase(
        given=GIVEN,
        params={"limit": 2},
        expected=[
            (3, "publications", "lo-3.xlsx", NOW, "an", 2, 2, 0, 0, NOW, None),
            (2, "publications", "lo-2.xlsx", NOW, "an", 2, 2, 0, 0, None, None),
        ],
    ),
    "imports/import_find_batch": SqlCase(
        given=GIVEN, params={"sha256": "same", "kind": "publications"}, expected=[(2, "lo-2.xlsx", NOW, 2)]
    ),
    "imports/import_batch_counts": SqlCase(
        given={"import_batches": BATCHES[:2]},
        params={"batch_id": 1, "rows_total": 1_000_000, "rows_rejected": 12},
        check=_counted,
    ),
    "imports/import_finish_batch": SqlCase(
        given={"import_batches": BATCHES[:2]}, params={"batch_id": 1, "added": 7, "known": 3}, check=_finished
    ),
    "imports/import_insert": StagedCase(
        given={"units": UNITS, "publications": [item(100, 1, "00136", D(2026, 3, 2), "Tin một")]},
        params={
            "batch_id": 9,
            "units": ["00136", "HN-STP"],
            "first_day": D(2026, 3, 2),
            "last_day": D(2026, 3, 6),
        },
        staged={
            "incoming_rows": [
                incoming(0, "00136", D(2026, 3, 2), "Tin một"),
                incoming(1, "00136", D(2026, 3, 5), "Tin mới"),
                incoming(2, "00136", D(2026, 3, 5), "Tin mới"),
                incoming(3, "HN-STP", D(2026, 3, 6), "Tin hai"),
            ]
        },
        schemas={"incoming_rows": INCOMING},
        before=[("imports/known_ords", {})],
        check=_inserted,
    ),
    "imports/known_ords": StagedCase(
        given={
            "units": UNITS,
            "publications": [
                item(100, 1, "00136", D(2026, 3, 2), "Tin một"),
                item(101, 1, "00136", D(2026, 3, 5), "Tin có link", url="a.vn/x", url_key="a.vn/x"),
            ],
        },
        staged={
            "incoming_rows": [
                incoming(0, "00136", D(2026, 3, 2), "Tin một"),  # known
                incoming(1, "00136", D(2026, 3, 2), "Tin một"),  # known (a repeat in the file too)
                incoming(2, "HN-STP", D(2026, 3, 2), "Tin một"),  # another unit
                incoming(3, "00136", D(2026, 3, 3), "Tin một"),  # another day
                incoming(4, "00136", D(2026, 3, 5), "Tin có link", "a.vn/x"),  # known, link and all
                incoming(5, "00136", D(2026, 3, 5), "Tin có link", "a.vn/y"),  # another link
                incoming(6, "00136", D(2026, 3, 5), "Tin có link"),  # no link: not the linked one
            ]
        },
        schemas={"incoming_rows": INCOMING},
        check=lambda cur: _known(cur, [0, 1, 4]),
    ),
    "imports/known_ords_drop": StagedCase(
        staged={"incoming_rows": [incoming(0, "00136", D(2026, 3, 2), "Tin một")]},
        schemas={"incoming_rows": INCOMING},
        before=[("imports/known_ords", {})],
        check=lambda cur: _dropped(cur, "known_ords"),
    ),
    "imports/next_batch_id": SqlCase(
        # one past the highest batch, the undone batch 3 included
        given={"import_batches": BATCHES},
        expected=[(4,)],
    ),
    "imports/import_insert_batch": SqlCase(
        given={"import_batches": BATCHES},
        params={
            "batch_id": 4,
            "kind": "tasks",
            "file_name": "phu-luc.xlsx",
            "sha256": "abc",
            "who": "an",
            "rows_total": 10,
            "rows_rejected": 2,
        },
        expected=[(1,)],
        check=_batch_added,
    ),
    "imports/refresh_duplicates": SqlCase(
        given={
            "units": UNITS,
            "import_batches": BATCHES,
            "publications": [
                item(1, 1, "00136", D(2026, 3, 2), "Tin một", status="submitted"),
                item(2, 1, "HN-STP", D(2026, 3, 3), "Tin hai", status="submitted"),
                item(3, 2, "00136", D(2026, 3, 9), "Tin một"),
                item(
                    4, 2, "00136", D(2026, 3, 10), "Tin ba", status="submitted", is_duplicate=True, dup_of=1
                ),
            ],
        },
        params={"units": ["00136", "HN-STP"], "bounds": ["00136", "HN-STP"]},
        check=_refreshed,
    ),
    "imports/undo_batch_delete": SqlCase(given=GIVEN, params={"batch_id": 2}, check=_deleted),
    "imports/undo_batch_mark": SqlCase(given=GIVEN, params={"batch_id": 2, "who": "bình"}, check=_undone),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_query(name: str, tmp_path: Path) -> None:
    run(name, CASES[name], tmp_path)
