"""Amend a plan's rules from a day, retire a plan, undo a change (see cchc.plans.store)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb

from cchc import auth, db
from cchc.plans.dates import first_period_start
from cchc.plans.hook import notify_rules_changed
from cchc.plans.store import (
    PlanWriteError,
    RuleEdit,
    amended_rule,
    audit_entry,
    check_may_manage,
    edit_differs,
    end_rule,
    insert_rules,
    plan_row,
    record_change,
    rules_in_force,
    takeover_day,
)
from cchc.tasks.plans import as_date

KIND_WORDS = {"add": "Thêm kế hoạch", "amend": "Sửa đổi định mức", "retire": "Dừng theo dõi"}


def _plan_end(plan: dict[str, object]) -> date:
    end = as_date(plan["period_end"])
    assert end is not None
    return end


def _plan_changes(
    con: duckdb.DuckDBPyConnection, plan: dict[str, object], day: date, edits: Sequence[RuleEdit], change: int
) -> tuple[list[tuple[dict[str, object], date]], list[dict[str, object]], list[str]]:
    """(rules to end and from when, rules to write, what changed in words) for an amendment."""
    current = {r["rule_id"]: r for r in rules_in_force(con, str(plan["plan_code"])).to_dict("records")}
    ends: list[tuple[dict[str, object], date]] = []
    new: list[dict[str, object]] = []
    said: list[str] = []
    for edit in edits:
        if edit.rule_id is None:
            start = first_period_start(edit.period, day)
            if start > _plan_end(plan):
                raise PlanWriteError(
                    f"Định mức mới ({edit.period}) không còn kỳ nào trước khi kế hoạch kết thúc."
                )
            new.append(amended_rule(con, plan, edit, start, _plan_end(plan), change))
            said.append(f"thêm «{new[-1]['label']}»")
            continue
        rule = current.get(edit.rule_id)
        if rule is None or not edit_differs(rule, edit):
            continue
        takeover = takeover_day(rule, day)
        if takeover is None:
            raise PlanWriteError(
                f"Định mức «{rule['label']}» không còn kỳ nào bắt đầu từ {day:%d/%m/%Y}: không sửa được từ ngày này."
            )
        start = takeover
        ends.append((rule, start))
        if edit.remove:
            said.append(f"bỏ «{rule['label']}» từ {start:%d/%m/%Y}")
        else:
            end = as_date(rule["effective_to"])
            assert end is not None
            new.append(amended_rule(con, plan, edit, start, end, change))
            said.append(f"«{rule['label']}» → {edit.min_count} từ {start:%d/%m/%Y}")
    return ends, new, said


def amend_plan(
    con: duckdb.DuckDBPyConnection,
    plan_code: str,
    day: date,
    edits: Sequence[RuleEdit],
    who: str,
    *,
    user: auth.User | None = None,
    units: Sequence[str] | None = None,
) -> int:
    """Amend the plan's rules from `day`: each changed or removed rule ends before the first of
    its periods starting on or after `day`, its new version starts there. The change's number.
    Run again whole, from reading the plan, when PostgreSQL refuses it (SQLSTATE 40001)."""

    def attempt() -> int:
        plan = plan_row(con, plan_code)
        check_may_manage(user, str(plan["issuer_code"]), units)
        with db.transaction(con, checkpoint=True) as cur:
            change = record_change(cur, plan_code, "amend", who, "", effective_on=day)
            ends, new, said = _plan_changes(con, plan, day, edits, change)
            if not said:
                raise PlanWriteError("Không có định mức nào thay đổi: sửa số lượng, kênh, kỳ… rồi lưu lại.")
            for rule, start in ends:
                end_rule(cur, change, rule, start)
            insert_rules(cur, new)
            db.execute(cur, "plans/rules_drop_empty", {"plan": plan_code})
            note = f"Sửa đổi từ {day:%d/%m/%Y}: " + "; ".join(said)
            db.execute(cur, "plans/change_note", {"change_id": change, "note": note})
            notify_rules_changed(cur, None)
            audit_entry(cur, who, "plan_amend", f"{plan_code}: {note}")
        return change

    return db.retrying(attempt)


def retire_plan(
    con: duckdb.DuckDBPyConnection,
    plan_code: str,
    day: date,
    who: str,
    *,
    user: auth.User | None = None,
    units: Sequence[str] | None = None,
) -> int:
    """Stop monitoring the plan from `day`: every rule ends before its first period starting on
    or after `day` (periods already begun are still judged). The change's number. Run again
    whole, from reading the plan, when PostgreSQL refuses it (SQLSTATE 40001)."""
    note = f"Dừng theo dõi từ {day:%d/%m/%Y}"

    def attempt() -> int:
        plan = plan_row(con, plan_code)
        check_may_manage(user, str(plan["issuer_code"]), units)
        if plan["retired_on"] is not None and as_date(plan["retired_on"]) is not None:
            raise PlanWriteError(
                f"Kế hoạch đã dừng theo dõi từ {as_date(plan['retired_on']):%d/%m/%Y}; hãy hoàn tác trước."
            )
        with db.transaction(con, checkpoint=True) as cur:
            change = record_change(cur, plan_code, "retire", who, note, effective_on=day)
            for rule in rules_in_force(con, plan_code).to_dict("records"):
                start = takeover_day(rule, day)
                if start is not None:
                    end_rule(cur, change, rule, start)
            db.execute(cur, "plans/rules_drop_empty", {"plan": plan_code})
            db.execute(cur, "plans/plan_retire", {"plan": plan_code, "retired_on": day})
            notify_rules_changed(cur, None)
            audit_entry(cur, who, "plan_retire", f"{plan_code}: {note}")
        return change

    return db.retrying(attempt)


def undo_change(
    con: duckdb.DuckDBPyConnection,
    change_id: int,
    who: str,
    *,
    user: auth.User | None = None,
    units: Sequence[str] | None = None,
) -> str:
    """Undo a change (the newest of its plan not yet undone); what was undone, in words. Run
    again whole, from reading the changes, when PostgreSQL refuses it (SQLSTATE 40001)."""
    return db.retrying(lambda: _undo_change(con, change_id, who, user=user, units=units))


def _undo_change(
    con: duckdb.DuckDBPyConnection,
    change_id: int,
    who: str,
    *,
    user: auth.User | None,
    units: Sequence[str] | None,
) -> str:
    changes = db.run(con, "plans/changes_list", {"plan": None})
    rows = changes[changes["change_id"] == change_id].to_dict("records")
    if not rows:
        raise PlanWriteError(f"Không có thay đổi số {change_id}.")
    change = rows[0]
    live = changes[(changes["plan_code"] == change["plan_code"]) & changes["undone_at"].isna()]
    if change["undone_at"] is not None and not _is_null(change["undone_at"]):
        raise PlanWriteError("Thay đổi này đã được hoàn tác.")
    if int(live["change_id"].max()) != change_id:
        raise PlanWriteError(
            "Chỉ hoàn tác được thay đổi mới nhất của kế hoạch; hãy hoàn tác các thay đổi sau nó trước."
        )
    plan = plan_row(con, str(change["plan_code"]))
    check_may_manage(user, str(plan["issuer_code"]), units)
    what = str(change["note"] or KIND_WORDS.get(str(change["kind"]), change["kind"]))
    with db.transaction(con, checkpoint=True) as cur:
        _undo_in(cur, change, who)
        notify_rules_changed(cur, None)
        audit_entry(
            cur, who, "plan_undo", f"{change['plan_code']}: hoàn tác thay đổi số {change_id} ({what})"
        )
    return f"Đã hoàn tác thay đổi số {change_id}: {what}."


def _is_null(value: object) -> bool:
    return value is None or value != value  # NaT / NaN


def _undo_in(cur: duckdb.DuckDBPyConnection, change: dict[str, object], who: str) -> None:
    params = {"change_id": int(str(change["change_id"]))}
    db.execute(cur, "plans/undo_rules_delete", params)
    db.execute(cur, "plans/undo_rules_reinsert", params)
    if change["kind"] == "retire":
        before = None if _is_null(change["retired_before"]) else as_date(change["retired_before"])
        db.execute(cur, "plans/plan_retire", {"plan": change["plan_code"], "retired_on": before})
    if change["kind"] == "add":
        db.execute(cur, "plans/plan_delete", {"plan": change["plan_code"]})
        if not _is_null(change["batch_id"]):
            db.execute(cur, "imports/undo_batch_mark", {"batch_id": int(str(change["batch_id"])), "who": who})
    db.execute(cur, "plans/change_undone", params | {"who": who})
