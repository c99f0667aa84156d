"""A resolved proposal in words (Vietnamese), as `plan add` prints it before writing anything."""

from __future__ import annotations

from datetime import date

from cchc.plans.resolve import Resolved
from cchc.vocab import UNIT_KINDS


def _day(value: object) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else "—"


def _who(rule: dict[str, object], names: dict[str, str]) -> str:
    if rule.get("applies_kind"):
        kind = UNIT_KINDS.get(str(rule["applies_kind"]), str(rule["applies_kind"]))
        where = rule.get("scope_parent") or rule.get("scope_province")
        return f"{kind} ({names.get(str(where), where)})" if where else kind
    code = str(rule.get("applies_unit"))
    return names.get(code, code)


def describe(resolved: Resolved, names: dict[str, str]) -> list[str]:
    """Lines of the proposal: the plan, its rules (with their sentence), its tasks, what is said."""
    p = resolved.proposal
    issuer = resolved.issuer.name if resolved.issuer else f"«{p.issuer}» (chưa xác định)"
    lines = [
        f"Kế hoạch {p.number or '(chưa ghi số)'} ngày {_day(p.issued_on)} — {issuer}",
        f"  {p.title}",
        f"  Kỳ kế hoạch: {_day(p.period_start)}–{_day(p.period_end)}; mã: {resolved.plan_code or '—'}"
        + (f"; kế hoạch cấp trên: {resolved.parent_plan_code}" if resolved.parent_plan_code else ""),
        f"Định mức ({len(resolved.rules)}):",
    ]
    for n, rule in enumerate(resolved.rules, start=1):
        lines.append(
            f"  {n}. {_who(rule, names)}: {rule['label']}"
            f" ({_day(rule['effective_from'])}–{_day(rule['effective_to'])})"
        )
        if rule.get("source"):
            lines.append(f"     «{rule['source']}»")
    lines.append(f"Nhiệm vụ ({len(resolved.tasks)}):")
    for t in resolved.tasks:
        lead = ", ".join(a.label for role, a in t.units if role == "lead") or t.row.lead
        lines.append(
            f"  {t.row.stt}. {t.row.task} — chủ trì: {lead}; thời gian: {t.row.deadline_text or '—'}"
        )
    lines += _units(resolved, names)
    lines += [f"Lưu ý: {note}" for note in resolved.notes]
    return lines


def _units(resolved: Resolved, names: dict[str, str]) -> list[str]:
    """The new units the plan names: proposed code, kind, parent, and whether they are added."""
    new = resolved.new_units
    if not new:
        return []
    known = len(resolved.units) - len(new)
    lines = [f"Đơn vị mới được nêu trong kế hoạch ({len(new)}; {known} đơn vị khác đã có trong danh mục):"]
    for u in new:
        state = "sẽ thêm cùng kế hoạch" if u.add else "chưa thêm"
        need = "; định mức hoặc nhiệm vụ cần đơn vị này" if u.needed else ""
        parent = names.get(str(u.parent), u.parent)
        lines.append(
            f"  - {u.label} — mã {u.code}, {UNIT_KINDS[u.kind].lower()}, thuộc {parent}: {state}{need}"
        )
    return lines
