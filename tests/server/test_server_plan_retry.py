"""Plan edits refused by PostgreSQL for a concurrent write (SQLSTATE 40001) run again whole, as
imports do: adding a plan (the review's save), amending it, retiring it, undoing a change."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from cchc import db, plans
from server.conftest import Cluster
from server.test_server_retry import against_a_concurrent_writer
from server.test_server_writers import reference_db
from tests.plans.helpers import ward_proposal


@pytest.fixture
def transactions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many write transactions were begun (the real ones, counted on the way)."""
    begun: list[int] = []
    real = db.transaction

    @contextlib.contextmanager
    def counted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        begun.append(1)
        with real(*args, **kwargs) as cur:
            yield cur

    monkeypatch.setattr(db, "transaction", counted)
    return begun


def refused_once(url: str, transactions: list[int], write: Any) -> Any:
    """`write` run against a session that commits a conflicting write meanwhile: refused once
    (its first transaction rolled back), then done."""
    transactions.clear()
    value = against_a_concurrent_writer(url, write)
    assert len(transactions) == 2
    return value


def test_plan_edits_refused_for_a_concurrent_write_run_again(
    cluster: Cluster, transactions: list[int]
) -> None:
    url = reference_db(cluster.new_database())
    con = db.connect(url)
    try:
        resolved = plans.resolve(con, plans.proposal_from_dict(ward_proposal()))
        assert resolved.ok, resolved.problems
        added = refused_once(url, transactions, lambda: plans.add_plan(con, resolved, "tester"))
        code = resolved.plan_code
        rule = plans.plan_rules(con, code).set_index("rule_id").loc[f"{code.lower()}-r1"]
        edit = plans.RuleEdit(
            rule.name,
            channel=rule["channel"],
            item_kind=rule["item_kind"],
            basis=rule["basis"],
            min_count=int(rule["min_count"]) + 1,
            period=rule["period"],
            applies_kind=rule["applies_kind"] if isinstance(rule["applies_kind"], str) else None,
            applies_unit=rule["applies_unit"] if isinstance(rule["applies_unit"], str) else None,
        )
        amended = refused_once(
            url, transactions, lambda: plans.amend_plan(con, code, date(2027, 7, 1), [edit], "tester")
        )
        retired = refused_once(
            url, transactions, lambda: plans.retire_plan(con, code, date(2027, 9, 1), "tester")
        )
        said = refused_once(url, transactions, lambda: plans.undo_change(con, retired, "tester"))
        assert said.startswith(f"Đã hoàn tác thay đổi số {retired}")
        # each written once: one change record each, the amended rule replaced once
        changes = plans.plan_changes(con, code)
        assert sorted(changes["change_id"]) == sorted([added, amended, retired])
        assert changes.set_index("change_id").loc[retired, "undone_at"] is not None
        history = plans.plan_rules(con, code)
        assert len(history[history["replaces"] == rule.name]) == 1
    finally:
        con.close()
