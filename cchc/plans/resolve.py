"""A proposal checked against the database: its issuer, every rule's units and every task's lead
resolved to codes (with the closest names when they cannot be), ready to be written.

Nothing is guessed: a rule naming a unit the catalogue does not have, or a task whose lead is
not a unit, is a problem, and a plan with problems is not written (`plan add` exits 1) — unless
the unit is one of the issuer's the plan names and a person confirms it as new (new_units).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import duckdb

from cchc import db
from cchc.ingest.tasks import TaskRow
from cchc.ingest.units import UnitMatcher
from cchc.plans.labels import rule_label
from cchc.plans.new_units import (
    ADD_NONE,
    NamedUnit,
    decide,
    lookup,
    named_units,
    resolve_unit_name,
    unit_problems,
)
from cchc.plans.proposal import Proposal, RuleProposal
from cchc.tasks.assignees import UnitRef, UnitResolver
from cchc.tasks.plans import PlanContext, as_date
from cchc.tasks.rows import Prepared, prepare
from cchc.text import fold

# Unit kinds a city's (or province's) plan names across the province; the others (a ward's
# offices, its khu phố) are the issuer's own.
PROVINCE_KINDS = ("department", "central_agency", "public_service", "commune")
TASK_SHEET = "Kế hoạch"


@dataclass
class Resolved:
    """A proposal ready to write, or the problems that stop it."""

    proposal: Proposal
    issuer: UnitRef | None = None
    province: str | None = None
    plan_code: str = ""
    parent_plan_code: str | None = None
    existing: str | None = None  # the plan already registered as this one
    rules: list[dict[str, object]] = field(default_factory=list)  # quota_rules rows
    tasks: list[Prepared] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # stop the write
    notes: list[str] = field(default_factory=list)  # said, not blocking
    units: list[NamedUnit] = field(default_factory=list)  # the issuer's units the plan names

    @property
    def new_units(self) -> list[NamedUnit]:
        return [u for u in self.units if u.new]

    @property
    def added_units(self) -> list[NamedUnit]:
        """The new units written with the plan."""
        return [u for u in self.units if u.new and u.add]

    @property
    def ok(self) -> bool:
        return not self.problems and self.issuer is not None


def unit_ref(con: duckdb.DuckDBPyConnection, code: str) -> tuple[UnitRef, str | None] | None:
    rows = db.execute(con.cursor(), "plans/plan_unit", {"code": code})
    if not rows:
        return None
    code, name, kind, parent, province, aliases = rows[0]
    return UnitRef(code, name, kind, parent, aliases), province


def _hint(matcher: UnitMatcher, name: str) -> str:
    close = matcher.suggest(name)
    return f" Có phải: {'; '.join(close)}?" if close else ""


def _plan_code(issuer: str, number: str | None, start: date, taken: set[str]) -> str:
    """'00136-12-2027' for 12/KH-UBND of 00136 for 2027; '-2', '-3' … when taken."""
    digits = re.match(r"\s*(\d+)", number or "")
    base = "-".join(p for p in (issuer, digits.group(1) if digits else "", str(start.year)) if p)
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def _identify(con: duckdb.DuckDBPyConnection, out: Resolved) -> None:
    """The plan's code, whether it is already registered, and its parent plan."""
    p, issuer = out.proposal, out.issuer
    assert issuer is not None
    known = db.execute(con.cursor(), "plans/plan_identities")
    for code, number, issuer_code, issued_on, title, start, _end in known:
        same_number = (
            p.number and number and fold(number) == fold(p.number) and as_date(issued_on) == p.issued_on
        )
        same_title = fold(title) == fold(p.title) and as_date(start) == p.period_start
        if issuer_code == issuer.code and (same_number or same_title):
            out.existing = code
    out.plan_code = out.existing or _plan_code(issuer.code, p.number, p.period_start, {r[0] for r in known})
    if p.parent_number:
        hits = [
            r[0]
            for r in known
            if r[1]
            and fold(r[1]) == fold(p.parent_number)
            and (p.parent_issued_on is None or as_date(r[3]) == p.parent_issued_on)
        ]
        if len(hits) == 1:
            out.parent_plan_code = hits[0]
        else:
            when = f" ngày {p.parent_issued_on:%d/%m/%Y}" if p.parent_issued_on else ""
            out.notes.append(
                f"Chưa có kế hoạch cấp trên số {p.parent_number}{when} trong hệ thống: kế hoạch được lưu không kèm kế hoạch cấp trên."
            )


def _rule_row(
    out: Resolved, n: int, rule: RuleProposal, matcher: UnitMatcher, resolver: UnitResolver
) -> dict[str, object] | None:
    issuer, p = out.issuer, out.proposal
    assert issuer is not None
    row: dict[str, object] = {
        "applies_kind": None,
        "applies_unit": None,
        "scope_province": None,
        "scope_parent": None,
    }
    if rule.applies_kind:
        row["applies_kind"] = rule.applies_kind
        if rule.applies_kind in PROVINCE_KINDS and issuer.kind == "city":
            row["scope_province"] = out.province
        else:
            row["scope_parent"] = issuer.code
    elif rule.applies_unit:
        code = resolve_unit_name(rule.applies_unit, matcher, resolver)
        if code is None:
            out.problems.append(
                f"Định mức {n} («{rule.source[:90]}»): không tìm thấy đơn vị «{rule.applies_unit}»."
                + _hint(matcher, rule.applies_unit)
            )
            return None
        row["applies_unit"] = code
    else:  # no subject: the issuer itself ("UBND phường", "Sở")
        row["applies_unit"] = issuer.code
    start = max(rule.effective_from or p.period_start, p.period_start)
    end = min(rule.effective_to or p.period_end, p.period_end)
    if end < start:
        out.problems.append(f"Định mức {n}: thời gian áp dụng nằm ngoài kỳ kế hoạch.")
        return None
    return row | {
        "rule_id": f"{out.plan_code.lower()}-r{n}",
        "plan_code": out.plan_code,
        "label": rule_label(rule.channel, rule.item_kind, rule.basis, rule.min_count, rule.period),
        "channel": rule.channel,
        "item_kind": rule.item_kind,
        "basis": rule.basis,
        "min_count": rule.min_count,
        "period": rule.period,
        "effective_from": start,
        "effective_to": end,
        "source": rule.source,
        "replaces": None,
    }


def _context(out: Resolved) -> PlanContext:
    p, issuer = out.proposal, out.issuer
    assert issuer is not None
    starts = [r["effective_from"] for r in out.rules if isinstance(r["effective_from"], date)]
    return PlanContext(
        plan_code=out.plan_code,
        number=p.number,
        title=p.title,
        issuer=issuer,
        province=out.province,
        issued_on=p.issued_on,
        period_start=p.period_start,
        period_end=p.period_end,
        parent_issued_on=p.parent_issued_on,
        quotas_from=min(starts, default=None),
    )


def _tasks(out: Resolved, resolver: UnitResolver, matcher: UnitMatcher) -> None:
    ctx = _context(out)
    for i, t in enumerate(out.proposal.tasks, start=1):
        row = TaskRow(TASK_SHEET, i, t.stt, t.task, t.lead, t.partners, t.deadline_text, t.product)
        prepared = prepare(row, ctx, resolver, TASK_SHEET, [])
        unknown = [a.text for role, a in prepared.units if role == "lead" and a.resolution == "unknown"]
        if not t.lead:
            out.problems.append(f"Nhiệm vụ STT {t.stt}: chưa ghi cơ quan chủ trì.")
        for text in unknown:
            out.problems.append(
                f"Nhiệm vụ STT {t.stt}: cơ quan chủ trì «{text}» không có trong danh mục đơn vị."
                + _hint(matcher, text)
            )
        out.tasks.append(prepared)
    if len({t.stt for t in out.proposal.tasks}) < len(out.proposal.tasks):
        out.problems.append("Bảng nhiệm vụ có STT trùng nhau; mỗi nhiệm vụ cần một STT riêng.")


def _rules_and_tasks(out: Resolved, matcher: UnitMatcher, resolver: UnitResolver) -> None:
    for n, rule in enumerate(out.proposal.rules, start=1):
        row = _rule_row(out, n, rule, matcher, resolver)
        if row is not None:
            out.rules.append(row)
    _tasks(out, resolver, matcher)


def _used_codes(out: Resolved) -> set[str]:
    """The units the rules and the task leads resolved to."""
    codes = {str(r["applies_unit"]) for r in out.rules if r["applies_unit"]}
    return codes | {a.unit_code for t in out.tasks for role, a in t.units if role == "lead" and a.unit_code}


def resolve(con: duckdb.DuckDBPyConnection, proposal: Proposal, *, add_units: str = ADD_NONE) -> Resolved:
    """The proposal against the database's units and plans (reads only). `add_units`: which of
    the new units the plan names are added when the person did not decide (none, needed, all)."""
    out = Resolved(proposal)
    look = lookup(con)
    matcher = look.matcher()
    code = matcher.match(proposal.issuer)
    found = unit_ref(con, code) if code else None
    if found is None:
        out.problems.append(
            f"Không tìm thấy đơn vị ban hành «{proposal.issuer}»." + _hint(matcher, proposal.issuer)
        )
        return out
    out.issuer, out.province = found
    _identify(con, out)
    look.place(con, out.issuer, out.province)
    out.units = named_units(look, proposal.units, out.province)
    if out.new_units:  # which of them the plan needs: resolved as if every one were there
        trial = Resolved(proposal, issuer=out.issuer, province=out.province, plan_code=out.plan_code)
        _rules_and_tasks(trial, look.matcher(out.new_units), look.resolver(out.new_units))
        decide(out.units, _used_codes(trial), add_units)
    added = out.added_units
    out.problems += unit_problems(look, added)
    _rules_and_tasks(out, look.matcher(added), look.resolver(added))
    out.notes += [f"Câu chưa đọc được (không thành định mức): «{u}»" for u in proposal.unread]
    return out
