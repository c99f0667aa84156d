"""The write path of plans and quota rules: add a plan (with its rules and tasks), amend its
rules from a day, retire it, undo any of these. Each is one transaction, one change record in
plan_changes (who, when, what) and one audit entry.

Rules keep their history: an amendment from a day ends each changed rule before the first of
its periods that starts on or after that day (cchc.plans.dates) and writes the new rule from
there, linked by `replaces`. Periods already begun keep the rule they began with, and the
fulfillment query, which reads each rule's own window, gives the right answer unchanged.
Only the newest change of a plan that is not undone can be undone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd
import pyarrow as pa

from cchc import auth, clock, db
from cchc.plans.dates import first_period_start
from cchc.plans.hook import notify_rules_changed
from cchc.plans.labels import rule_label
from cchc.plans.resolve import PROVINCE_KINDS, Resolved, unit_ref
from cchc.tasks.plans import as_date
from cchc.tasks.store import insert_task_versions
from cchc.vocab import UNIT_KINDS

RULE_COLUMNS = [
    "rule_id", "plan_code", "label", "applies_kind", "applies_unit", "scope_province", "scope_parent",
    "channel", "item_kind", "basis", "min_count", "period", "effective_from", "effective_to", "source",
    "replaces", "change_id",
]  # fmt: skip
PLAN_COLUMNS = [
    "plan_code", "number", "title", "issuer_code", "issued_on", "period_start", "period_end",
    "parent_plan_code", "source",
]  # fmt: skip
EDITABLE = ("applies_kind", "applies_unit", "channel", "item_kind", "basis", "min_count", "period")


class PlanWriteError(ValueError):
    """A change that cannot be made as asked (Vietnamese message); nothing was written."""


@dataclass(frozen=True)
class RuleEdit:
    """A rule as a person leaves it in the amendment table: rule_id None for a new rule."""

    rule_id: str | None
    channel: str
    item_kind: str
    basis: str
    min_count: int
    period: str
    applies_kind: str | None = None
    applies_unit: str | None = None
    remove: bool = False


def may_manage(user: auth.User | None, issuer_code: str, units: Sequence[str] | None) -> bool:
    """Whether a user may change a plan: the command line (None) and city users always, a unit
    user the plans of its unit and its offices (its scope), a viewer never."""
    if user is None:
        return True
    return user.role in ("city", "unit") and (units is None or issuer_code in units)


def check_may_manage(user: auth.User | None, issuer_code: str, units: Sequence[str] | None) -> None:
    if not may_manage(user, issuer_code, units):
        raise PlanWriteError("Tài khoản của bạn không được thay đổi kế hoạch của đơn vị này.")


def _text_table(rows: list[dict[str, object]], columns: list[str]) -> pa.Table:
    def text(v: object) -> str | None:
        return None if v is None else v.isoformat() if isinstance(v, date) else str(v)

    data = [{c: text(r.get(c)) for c in columns} for r in rows]
    return pa.Table.from_pylist(data, schema=pa.schema([(c, pa.string()) for c in columns]))


def insert_rules(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> None:
    cur.register("incoming_rules", _text_table(rows, RULE_COLUMNS))
    try:
        db.execute(cur, "reference/quota_rules_insert")
    finally:
        cur.unregister("incoming_rules")


def record_change(
    cur: duckdb.DuckDBPyConnection, plan: str, kind: str, who: str, note: str, **extra: object
) -> int:
    change = db.next_id(cur, "plan_change_seq")
    params = {
        "change_id": change,
        "plan": plan,
        "kind": kind,
        "who": who,
        "note": note,
        "effective_on": None,
        "retired_before": None,
    }
    db.execute(cur, "plans/change_insert", params | extra)
    return change


def audit_entry(cur: duckdb.DuckDBPyConnection, who: str, action: str, detail: str) -> None:
    db.execute(cur, "auth/audit_insert", {"username": who, "action": action, "detail": detail})


def insert_named_units(cur: duckdb.DuckDBPyConnection, resolved: Resolved, who: str) -> None:
    """The new units confirmed with the plan, inside its transaction; one audit entry each. A code
    taken meanwhile fails the insert, and with it the whole plan."""
    added = resolved.added_units
    if not added:
        return
    rows = [u.row() for u in added]
    cur.register(
        "incoming_units", pa.Table.from_pylist(rows, schema=pa.schema([(c, pa.string()) for c in rows[0]]))
    )
    try:
        db.execute(cur, "units/units_insert_new")
    finally:
        cur.unregister("incoming_units")
    issuer = resolved.issuer.name if resolved.issuer else ""
    for u in added:
        detail = f"{u.code}: {u.label} ({UNIT_KINDS[u.kind]}, thuộc {issuer}), nêu trong kế hoạch {resolved.plan_code}"
        audit_entry(cur, who, "plan_unit_add", detail)


def add_plan(
    con: duckdb.DuckDBPyConnection,
    resolved: Resolved,
    who: str,
    *,
    user: auth.User | None = None,
    units: Sequence[str] | None = None,
    source: str = "",
) -> int:
    """Register a resolved plan, the new units confirmed with it, its rules and its tasks in one
    transaction; the change's number."""
    if not resolved.ok:
        raise PlanWriteError("Kế hoạch còn vấn đề chưa giải quyết:\n" + "\n".join(resolved.problems))
    if resolved.existing:
        raise PlanWriteError(f"Kế hoạch này đã có trong hệ thống (mã {resolved.existing}); không ghi gì.")
    p, issuer = resolved.proposal, resolved.issuer
    assert issuer is not None
    check_may_manage(user, issuer.code, units)
    plan: dict[str, object] = {
        "plan_code": resolved.plan_code, "number": p.number, "title": p.title, "issuer_code": issuer.code,
        "issued_on": p.issued_on, "period_start": p.period_start, "period_end": p.period_end,
        "parent_plan_code": resolved.parent_plan_code, "source": source or None,
    }  # fmt: skip
    note = f"Thêm kế hoạch: {len(resolved.rules)} định mức, {len(resolved.tasks)} nhiệm vụ"
    if resolved.added_units:
        note += f", {len(resolved.added_units)} đơn vị mới"
    # run again whole when PostgreSQL refuses it (SQLSTATE 40001), as an import is
    return db.retrying(lambda: _add_in_transaction(con, resolved, plan, note, who, source))


def _add_in_transaction(
    con: duckdb.DuckDBPyConnection,
    resolved: Resolved,
    plan: dict[str, object],
    note: str,
    who: str,
    source: str,
) -> int:
    p = resolved.proposal
    with db.transaction(con, checkpoint=True) as cur:
        change = record_change(cur, resolved.plan_code, "add", who, note)
        insert_named_units(cur, resolved, who)
        cur.register("incoming_plans", _text_table([plan], PLAN_COLUMNS))
        try:
            db.execute(cur, "reference/plans_insert")
        finally:
            cur.unregister("incoming_plans")
        insert_rules(cur, [r | {"change_id": change} for r in resolved.rules])
        if resolved.tasks:
            digest = hashlib.sha256(f"{resolved.plan_code}|{change}".encode()).hexdigest()
            batch = insert_task_versions(
                cur,
                resolved.plan_code,
                resolved.tasks,
                file_name=source or resolved.plan_code,
                digest=digest,
                who=who,
            )
            db.execute(cur, "plans/change_set_batch", {"batch_id": batch, "change_id": change})
        notify_rules_changed(cur, None)
        audit_entry(cur, who, "plan_add", f"{resolved.plan_code} ({p.number or p.title}): {note}")
    return change


# --------------------------------------------------------------------------- amend, retire


def plan_row(con: duckdb.DuckDBPyConnection, plan_code: str, as_of: date | None = None) -> dict[str, object]:
    frame = db.run(con, "plans/plans_list", {"units": None, "as_of": as_of or clock.today()})
    rows = frame[frame["plan_code"] == plan_code].to_dict("records")
    if not rows:
        raise PlanWriteError(f"Không có kế hoạch mã {plan_code}.")
    return dict(rows[0])


def rules_in_force(con: duckdb.DuckDBPyConnection, plan_code: str) -> pd.DataFrame:
    """The plan's rules that no amendment replaced (with ended ones: a retired plan's too)."""
    rules = db.run(con, "plans/plan_rules", {"plan": plan_code})
    return rules[rules["replaced_by"].isna()].reset_index(drop=True)


def end_rule(cur: duckdb.DuckDBPyConnection, change: int, rule: dict[str, object], start: date) -> None:
    db.execute(cur, "plans/rule_snapshot", {"change_id": change, "rule_id": rule["rule_id"]})
    db.execute(cur, "plans/rule_end", {"rule_id": rule["rule_id"], "effective_to": start - timedelta(days=1)})


def takeover_day(rule: dict[str, object], day: date) -> date | None:
    """The day a change from `day` takes this rule over; None when it has no period left then."""
    start = first_period_start(str(rule["period"]), day)
    return start if start <= as_date(rule["effective_to"]) else None  # type: ignore[operator]


def amended_rule(
    con: duckdb.DuckDBPyConnection,
    plan: dict[str, object],
    edit: RuleEdit,
    start: date,
    end: date,
    change: int,
) -> dict[str, object]:
    base = (edit.rule_id or f"{str(plan['plan_code']).lower()}-n").split("~")[0]
    scope: dict[str, object] = {"scope_province": None, "scope_parent": None}
    if edit.applies_kind:
        issuer = unit_ref(con, str(plan["issuer_code"]))
        city = issuer is not None and issuer[0].kind == "city"
        if edit.applies_kind in PROVINCE_KINDS and city:
            scope["scope_province"] = plan["province"]
        else:
            scope["scope_parent"] = plan["issuer_code"]
    label = rule_label(edit.channel, edit.item_kind, edit.basis, edit.min_count, edit.period)
    return scope | {
        "rule_id": f"{base}~{change}", "plan_code": plan["plan_code"], "label": f"{label} (từ {start:%d/%m/%Y})",
        "applies_kind": edit.applies_kind, "applies_unit": None if edit.applies_kind else edit.applies_unit,
        "channel": edit.channel, "item_kind": edit.item_kind, "basis": edit.basis, "min_count": edit.min_count,
        "period": edit.period, "effective_from": start, "effective_to": end, "source": "Sửa đổi",
        "replaces": edit.rule_id, "change_id": change,
    }  # fmt: skip


def edit_differs(rule: dict[str, object], edit: RuleEdit) -> bool:
    def norm(v: object) -> object:
        return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    return edit.remove or any(norm(rule[k]) != norm(getattr(edit, k)) for k in EDITABLE)
