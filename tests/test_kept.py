"""Kept fulfillment (cchc.quotas.kept) gives exactly fulfillment.sql's answer for every unit ×
rule × period: after imports, undos, rule changes, and writes that skip the refresh."""

from __future__ import annotations

from datetime import date as d
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cchc import db, reference
from cchc.ingest import load
from cchc.periods import parse_period
from cchc.quotas import kept, rollups
from cchc.quotas.fulfillment import fulfillment, recomputed
from tests.conftest import BACH_MAI, PHUC_LOI, SKHCN, add_items, item

# Months over, running and not started; quarters; years; a range; weeks of a year's end.
PERIODS = ("2025-Q4", "2026-06", "2026-11", "2026-12", "2026")
AS_OF = (d(2026, 11, 29), d(2026, 6, 15), d(2025, 10, 1))
OTHER = "00004"  # another commune


def assert_kept_answers(con: duckdb.DuckDBPyConnection) -> None:
    """The kept read equals the full recomputation for every unit and each period × as-of day,
    and so does the roll-up per unit kind × month the database sums from the kept rows."""
    assert kept.current(con)
    for spec in PERIODS:
        period = parse_period(spec)
        for as_of in AS_OF:
            for units in (None, [PHUC_LOI, SKHCN, BACH_MAI], [BACH_MAI]):
                got = fulfillment(con, period, as_of, units)
                want = recomputed(con, period, as_of, units)
                pd.testing.assert_frame_equal(got, want, obj=f"{spec} as of {as_of} for {units}")
                pd.testing.assert_frame_equal(
                    rollups.kind_months(con, period, as_of, units),
                    rollups.kind_months_of(want, as_of),
                    check_dtype=False,
                    obj=f"roll-up of {spec} as of {as_of} for {units}",
                )


def mixed_items(unit: str) -> list[tuple[object, ...]]:
    """Items of every channel, kind and status, in and out of the rules' windows, some dated after
    an as-of day (so the kept counts are clipped)."""
    days = [d(2025, 9, 3), d(2025, 12, 30), d(2026, 3, 2), d(2026, 6, 14), d(2026, 6, 20), d(2026, 11, 27)]
    days += [d(2026, 11, 30), d(2026, 12, 2), d(2026, 12, 31)]
    out = []
    for i, day in enumerate(days):
        out.append(item(unit, day, "city_page", "news", status=("published", "submitted", "rejected")[i % 3]))
        out.append(item(unit, day, ("own_portal", "radio", "social")[i % 3], ("news", "in_depth")[i % 2]))
    return out


@pytest.fixture
def filled(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    for unit in (PHUC_LOI, SKHCN, BACH_MAI, OTHER, "HN-PVHCC", "00136-VP"):
        add_items(con, mixed_items(unit))
    return con


def test_imports_keep_answers(filled: duckdb.DuckDBPyConnection) -> None:
    assert filled.execute("select count(*) from kept_fulfillment").fetchone()[0] > 1000
    assert_kept_answers(filled)


def test_an_undo_keeps_answers(filled: duckdb.DuckDBPyConnection) -> None:
    batch = add_items(filled, [item(PHUC_LOI, d(2026, 6, 3)), item(SKHCN, d(2026, 11, 24))]).batch_id
    load.undo_batch(filled, batch, "test")
    assert_kept_answers(filled)


def test_a_refresh_recomputes_only_the_units_it_is_given(filled: duckdb.DuckDBPyConnection) -> None:
    assert kept.current(filled)
    assert kept.refresh(filled, [PHUC_LOI]) == [PHUC_LOI]
    assert kept.refresh(filled, []) == []


def test_a_rule_added_changed_and_removed_without_refresh_is_found(filled: duckdb.DuckDBPyConnection) -> None:
    assert kept.current(filled)
    filled.execute(
        "insert into quota_rules (rule_id, plan_code, label, applies_kind, applies_unit, scope_province,"
        " scope_parent, channel, item_kind, basis, min_count, period, effective_from, effective_to, source)"
        " select 'new-week', plan_code, 'Tuần mới', 'commune', null, 'Hà Nội', null,"
        " 'radio', 'news', 'published', 3, 'week', date '2026-05-14', date '2026-11-30', null"
        " from quota_rules limit 1"
    )
    assert_kept_answers(filled)
    filled.execute(
        "update quota_rules set period = 'quarter', effective_from = date '2026-02-10' where rule_id = 'pl26-radio-month'"
    )
    filled.execute("update quota_rules set min_count = 9 where rule_id = 'hn75-city-month-commune'")
    assert_kept_answers(filled)
    filled.execute("delete from quota_rules where rule_id = 'new-week'")
    assert_kept_answers(filled)


def test_a_rules_change_then_refresh_of_its_units(filled: duckdb.DuckDBPyConnection) -> None:
    """What a plan amendment does (cchc.plans.notify_rules_changed): rules written, the units refreshed."""
    with db.transaction(filled) as cur:
        cur.execute(
            "update quota_rules set min_count = 5, applies_unit = '00004' where rule_id = 'pl26-city-month'"
        )
        kept.refresh(cur, [PHUC_LOI, OTHER], in_transaction=True)
    assert kept.refresh(filled, []) == []  # nothing left stale
    assert_kept_answers(filled)


def test_items_and_units_written_without_refresh_are_found(filled: duckdb.DuckDBPyConnection) -> None:
    assert kept.current(filled)
    filled.execute(
        "insert into item_counts values ('00004', 'city_page', 'news', true, date '2026-06-02', 4)"
    )
    assert_kept_answers(filled)
    filled.execute(
        "update item_counts set n = n + 1 where unit_code = '00136' and item_date = date '2026-06-14'"
    )
    filled.execute("update units set kind = 'department' where code = '00004'")
    assert_kept_answers(filled)


def test_a_refresh_for_one_unit_heals_another_left_stale(filled: duckdb.DuckDBPyConnection) -> None:
    assert kept.current(filled)
    # Same row count, another day: only the per-unit stamps can tell.
    filled.execute(
        "update item_counts set item_date = date '2026-06-30' where unit_code = '00004' and item_date = date '2026-06-14'"
    )
    add_items(filled, [item(PHUC_LOI, d(2026, 7, 1))])  # refreshes its own unit, and finds 00004
    stale = filled.execute("select count(*) from kept_fulfillment").fetchone()
    assert stale[0] > 0
    for spec in ("2026-06", "2026"):
        got = db.run(
            filled,
            "quotas/fulfillment_kept",
            {
                "date_from": parse_period(spec).start,
                "date_to": parse_period(spec).end,
                "as_of": d(2026, 11, 29),
                "units": None,
            },
        )
        pd.testing.assert_frame_equal(got, recomputed(filled, parse_period(spec), d(2026, 11, 29)))


def test_a_read_only_connection_recomputes(filled: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    # Stale, not refreshed (an in-place edit keeping the row count is found by the next refresh).
    filled.execute("insert into item_counts values ('00292', 'radio', 'news', true, date '2025-10-02', 3)")
    filled.close()
    ro = db.connect(tmp_path / "test.duckdb", read_only=True)
    try:
        assert not kept.current(ro)
        period = parse_period("2025-Q4")
        pd.testing.assert_frame_equal(
            fulfillment(ro, period, d(2026, 1, 2)), recomputed(ro, period, d(2026, 1, 2))
        )
    finally:
        ro.close()


def test_a_new_database_fills_the_kept_rows_on_first_read(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "new.duckdb")
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    assert con.execute("select count(*) from kept_fulfillment").fetchone()[0] == 0
    assert_kept_answers(con)
    assert con.execute("select count(*) from kept_fulfillment").fetchone()[0] > 0
    con.close()


def test_a_scope_version_changes_only_with_its_units(filled: duckdb.DuckDBPyConnection) -> None:
    """ui.cached's key: an import into one commune keeps another's cached answers, not the city's."""

    def versions() -> tuple[str, str, str]:
        return (
            kept.scope_version(filled, [PHUC_LOI, "00136-VP"]),
            kept.scope_version(filled, [OTHER]),
            kept.scope_version(filled, None),
        )

    before = versions()
    batch = add_items(filled, [item(PHUC_LOI, d(2026, 6, 3))]).batch_id
    after_import = versions()
    assert after_import[0] != before[0] and after_import[1] == before[1] and after_import[2] != before[2]
    load.undo_batch(filled, batch, "test")
    after_undo = versions()
    assert after_undo[0] != after_import[0] and after_undo[1] == before[1]
    # Items written without a refresh: found, and the unit's answers evicted.
    filled.execute("insert into item_counts values ('00004', 'radio', 'news', true, date '2026-06-02', 1)")
    assert versions()[1] != before[1]
    filled.execute("update quota_rules set label = 'Đổi tên' where rule_id = 'pl26-city-month'")
    assert all(a != b for a, b in zip(versions(), after_undo, strict=True))


def test_a_write_between_two_reads_is_seen_although_the_check_is_skipped_meanwhile(
    filled: duckdb.DuckDBPyConnection,
) -> None:
    """Reads skip the fingerprint query while the database file is unchanged; any commit changes
    it, so a write that skips the refresh is still found by the next read."""
    assert kept.current(filled)
    state = kept.file_state(filled)
    assert kept.current(filled) and kept.file_state(filled) == state  # nothing written
    filled.execute("insert into item_counts values ('00004', 'radio', 'news', true, date '2026-06-02', 7)")
    assert kept.file_state(filled) != state
    version = kept.scope_version(filled, [OTHER])
    period = parse_period("2026-06")
    pd.testing.assert_frame_equal(
        fulfillment(filled, period, d(2026, 11, 29)), recomputed(filled, period, d(2026, 11, 29))
    )
    filled.execute("insert into item_counts values ('00004', 'radio', 'news', true, date '2026-06-03', 1)")
    assert kept.scope_version(filled, [OTHER]) != version


def test_a_new_process_skips_the_check_until_the_file_changes(
    filled: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The state at which a connection found the kept rows current is written beside the file,
    so the next connection (a new process) reads without the fingerprint query until a write."""
    assert kept.current(filled)
    path = db.scalar(filled, "meta/database_file")
    checked = Path(f"{path}{kept.CHECKED_SUFFIX}")
    assert checked.exists()
    checks: list[object] = []
    sources = kept._sources
    monkeypatch.setattr(kept, "_sources", lambda con: checks.append(con) or sources(con))
    fresh = db.connect(path)
    assert kept.current(fresh) and checks == []  # nothing written since: no query
    fresh.execute("insert into item_counts values ('00004', 'radio', 'news', true, date '2026-06-02', 7)")
    pd.testing.assert_frame_equal(  # the write is seen: checked, the unit refreshed
        fulfillment(fresh, parse_period("2026-06"), d(2026, 11, 29)),
        recomputed(fresh, parse_period("2026-06"), d(2026, 11, 29)),
    )
    assert len(checks) == 1
    checked.write_text("not json")  # a damaged record only costs the check
    other = db.connect(path)
    assert kept.current(other) and len(checks) == 2
    other.close()
    fresh.close()
