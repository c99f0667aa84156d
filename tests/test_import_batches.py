"""A long file is inserted a slice at a time (cchc.ingest.load.BATCH_ROWS) inside one transaction:
the rows kept, the repeats counted as known, the duplicate marks and re-importing are as if it
went in at once, and a failure in a late slice leaves nothing of the early ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from cchc import db, reference
from cchc.ingest import load
from tests.conftest import BACH_MAI, PHUC_LOI, add_items, item

DAY = date(2026, 3, 2)
KNOWN = item(PHUC_LOI, DAY, title="Đã có từ trước", url="https://phucloi.hanoi.gov.vn/a")
FILE = [
    item(PHUC_LOI, DAY, title="Tin một", url="https://phucloi.hanoi.gov.vn/1"),
    item(BACH_MAI, DAY, title="Tin hai"),
    KNOWN,  # in the database already
    item(PHUC_LOI, DAY, title="Tin ba", url="https://phucloi.hanoi.gov.vn/3"),
    item(PHUC_LOI, DAY, title="TIN MỘT!", url="http://www.phucloi.hanoi.gov.vn/1/"),  # the first, again
    item(PHUC_LOI, DAY, "zalo", title="Tin ba", url="https://phucloi.hanoi.gov.vn/3"),  # resent elsewhere
    item(BACH_MAI, date(2026, 4, 1), title="Tin hai"),
    item(BACH_MAI, DAY, title="Tin hai"),  # the second, again, two slices later
]


def fresh(path: Path) -> duckdb.DuckDBPyConnection:
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    add_items(con, [KNOWN])
    return con


def stored(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select unit_code, item_date, channel, title, url, source_row, is_duplicate from publications "
        "order by all"
    ).fetchall()


def outcome(result: load.ImportResult) -> tuple:
    return (result.outcome, result.added, result.known, result.duplicates, sorted(result.units))


def test_slices_give_what_one_statement_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = fresh(tmp_path / "whole.duckdb")
    at_once = add_items(whole, FILE)
    monkeypatch.setattr(load, "BATCH_ROWS", 2)
    sliced = fresh(tmp_path / "sliced.duckdb")
    in_slices = add_items(sliced, FILE)
    assert (
        outcome(in_slices)
        == outcome(at_once)
        == ("imported", 5, 3, outcome(at_once)[3], sorted([BACH_MAI, PHUC_LOI]))
    )
    assert at_once.duplicates == 1  # "Tin ba" resent on Zalo
    assert stored(sliced) == stored(whole)
    again = add_items(sliced, FILE)  # another file with the same rows
    assert (again.outcome, again.added, again.known) == ("nothing_new", 0, len(FILE))
    assert stored(sliced) == stored(whole)


def test_a_failure_in_a_late_slice_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    con = fresh(tmp_path / "d.duckdb")
    before = stored(con)
    monkeypatch.setattr(load, "BATCH_ROWS", 2)
    real = load.with_keys

    def failing(rows, *, first: int = 0):  # the third slice cannot be keyed
        if first >= 4:
            raise duckdb.ConversionException("slice refused")
        return real(rows, first=first)

    monkeypatch.setattr(load, "with_keys", failing)
    with pytest.raises(load.ImportFailed):
        add_items(con, FILE)
    assert stored(con) == before
    assert con.execute("select count(*) from import_batches").fetchone() == (1,)
