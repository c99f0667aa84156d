"""queries/imports/refresh_duplicates.sql against a plain Python statement of the rule, on random items.

Few distinct titles and links make many copies; marks start random, as if stale after an undo.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from cchc import db
from cchc.quotas import counts

UNITS = ["U1", "U2", "U3"]


def expected_marks(items: list[dict], units: set[str]) -> dict[int, tuple[int | None, bool]]:
    """item_id → (dup_of, ever_published), stated directly from the rule."""

    def first(group: list[dict]) -> int:
        return min(group, key=lambda r: (r["item_date"], r["item_id"]))["item_id"]

    scoped = [r for r in items if r["unit_code"] in units]
    dup_of: dict[int, int | None] = {}
    for r in scoped:
        same = (r["unit_code"], r["channel"])
        by_url = (
            first(
                [s for s in scoped if (s["unit_code"], s["channel"]) == same and s["url_key"] == r["url_key"]]
            )
            if r["url_key"] is not None
            else None
        )
        by_title = first(
            [s for s in scoped if (s["unit_code"], s["channel"]) == same and s["title_key"] == r["title_key"]]
        )
        if by_url is not None and by_url != r["item_id"]:
            dup_of[r["item_id"]] = by_url
        elif by_title != r["item_id"]:
            dup_of[r["item_id"]] = by_title
        else:
            dup_of[r["item_id"]] = None
    marks = {}
    for r in scoped:
        group = [s for s in scoped if (dup_of[s["item_id"]] or s["item_id"]) == r["item_id"]]
        marks[r["item_id"]] = (dup_of[r["item_id"]], any(s["status"] == "published" for s in group))
    return marks


def random_items(rng: random.Random, n: int) -> list[dict]:
    return [
        {
            "item_id": i + 1,
            "batch_id": 1,
            "unit_code": rng.choice(UNITS),
            "item_date": date(2026, 1, 1) + timedelta(days=rng.randrange(20)),
            "channel": rng.choice(["city_page", "own_portal"]),
            "item_kind": "news",
            "title": "t",
            "url": None,
            "status": rng.choice(["published", "submitted", "rejected"]),
            "title_key": rng.choice(["a", "b", "c", "d", "e", "f", "g", "h"]),
            "url_key": rng.choice([None, None, "x.vn/1", "x.vn/2", "x.vn/3", "x.vn/4"]),
            "is_duplicate": rng.random() < 0.3,
            "dup_of": None,
            "ever_published": rng.random() < 0.5,
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_refresh_marks_every_item_as_the_rule_says(tmp_path, seed):
    rng = random.Random(seed)
    items = random_items(rng, rng.randrange(1, 60))
    con = db.connect(tmp_path / "d.duckdb")
    con.executemany(
        "insert into publications (item_id, batch_id, unit_code, item_date, channel, item_kind, title, url,"
        " status, title_key, url_key, is_duplicate, dup_of, ever_published)"
        " values ($item_id, $batch_id, $unit_code, $item_date, $channel, $item_kind, $title, $url, $status,"
        " $title_key, $url_key, $is_duplicate, $dup_of, $ever_published)",
        items,
    )
    units = set(rng.sample(UNITS, rng.randrange(1, len(UNITS) + 1)))
    marks = "select item_id, is_duplicate, dup_of, ever_published from publications"
    before = {r[0]: r[1:] for r in con.execute(marks).fetchall()}
    cur = con.cursor()
    counts.refresh(cur, sorted(units))
    got = {r[0]: r[1:] for r in con.execute(marks).fetchall()}
    want = expected_marks(items, units)
    for item_id, (dup, published) in want.items():
        assert got[item_id] == (dup is not None, dup, published), item_id
    for item_id in got.keys() - want.keys():  # other units are left alone
        assert got[item_id] == before[item_id]


def test_refresh_is_a_no_op_the_second_time(tmp_path):
    items = random_items(random.Random(7), 80)
    con = db.connect(tmp_path / "d.duckdb")
    con.executemany(
        "insert into publications (item_id, batch_id, unit_code, item_date, channel, item_kind, title, url,"
        " status, title_key, url_key, is_duplicate, dup_of, ever_published)"
        " values ($item_id, $batch_id, $unit_code, $item_date, $channel, $item_kind, $title, $url, $status,"
        " $title_key, $url_key, $is_duplicate, $dup_of, $ever_published)",
        items,
    )
    cur = con.cursor()
    counts.refresh(cur, UNITS)
    changed = db.execute(cur, "imports/refresh_duplicates", {"units": UNITS, "bounds": None})
    assert changed == [(0,)]
