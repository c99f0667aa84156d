"""Fixtures: disposable databases under tmp_path built from the checked-in reference data."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import settings
from server.conftest import cluster  # noqa: F401  (the PostgreSQL of CCHC_TEST_STORE=postgresql)

from cchc import db, reference
from cchc.ingest import load

# Speed is measured by bench/, never by a test: no per-example deadline (a busy 2-core CI
# machine makes hypothesis' default 200 ms flaky).
settings.register_profile("cchc", deadline=None)
settings.load_profile("cchc")

ROOT = Path(__file__).resolve().parent.parent
_batch = itertools.count(1)

PHUC_LOI = "00136"
BACH_MAI = "00292"
SKHCN = "HN-SKHCN"


@pytest.fixture
def con(tmp_path: Path, request: pytest.FixtureRequest) -> duckdb.DuckDBPyConnection:
    """A fresh database with units, plans and quota rules, no items: a DuckDB file, or with
    CCHC_TEST_STORE=postgresql a fresh database of the session's PostgreSQL (tests/server)."""
    if os.environ.get("CCHC_TEST_STORE") == "postgresql":
        connection = db.connect(request.getfixturevalue("cluster").new_database())
    else:
        connection = db.connect(tmp_path / "test.duckdb")
    reference.upsert_units(connection, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(connection)
    yield connection
    connection.close()


Item = tuple  # (unit_code, date, channel, kind, title, url, status)


def add_items(
    connection: duckdb.DuckDBPyConnection, items: list[Item], who: str = "test"
) -> load.ImportResult:
    """Load items through the real loader, as one batch."""
    cols = list(zip(*items, strict=True))
    table = pa.table(
        {
            "sheet": ["Tin bài"] * len(items),
            "row": pa.array(range(2, len(items) + 2), pa.int32()),
            "unit_code": list(cols[0]),
            "item_date": pa.array(list(cols[1]), pa.date32()),
            "channel": list(cols[2]),
            "item_kind": list(cols[3]),
            "title": list(cols[4]),
            "url": list(cols[5]),
            "status": list(cols[6]),
        }
    )
    digest = hashlib.sha256(repr((items, next(_batch))).encode()).hexdigest()
    return load.import_rows(
        connection,
        table,
        file_name="test.xlsx",
        sha256=digest,
        rows_total=len(items),
        rows_rejected=0,
        who=who,
    )


@pytest.fixture
def add(con: duckdb.DuckDBPyConnection) -> Callable[[list[Item]], load.ImportResult]:
    return lambda items: add_items(con, items)


def item(
    unit: str,
    day: date,
    channel: str = "city_page",
    kind: str = "news",
    title: str | None = None,
    url: str | None = None,
    status: str = "published",
) -> Item:
    title = title or f"Tin {unit} {channel} {kind} {day.isoformat()} {next(_batch)}"
    return (unit, day, channel, kind, title, url, status)
