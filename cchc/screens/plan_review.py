"""The Kế hoạch page's review of a new plan as data: a dropped document (or a reviewed .json)
read into a proposal, its rules as an editable table beside the sentence each came from, unit
names resolved with the closest names, the unread sentences, the task table, the new units the
plan names (each to confirm, its name editable); then the save.

The page keeps the proposal (the JSON object of `plan read`) and hands back what the person
edited; everything here is a pure function of those and the database.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from cchc import auth, plans
from cchc.ingest.importer import unit_matcher
from cchc.plans.new_units import ADD_NEEDED
from cchc.vocab import CHANNELS, ITEM_KINDS, PERIOD_KINDS, RULE_BASES, UNIT_KINDS

MAX_BYTES = 20 * 1024 * 1024
RULE_COLUMNS = {
    "who": "Đơn vị áp dụng",
    "kind": "Hoặc nhóm đơn vị",
    "channel": "Kênh",
    "item_kind": "Loại tin",
    "basis": "Cách tính",
    "min_count": "Tối thiểu",
    "period": "Mỗi",
    "effective_from": "Từ ngày",
    "effective_to": "Đến ngày",
    "source": "Câu trong văn bản",
}
TASK_COLUMNS = {
    "stt": "STT",
    "task": "Nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "partners": "Cơ quan phối hợp",
    "deadline_text": "Thời gian thực hiện",
    "product": "Sản phẩm",
}
# The select boxes' "none" (Streamlit draws an empty option as "None": streamlit#13429).
NO_CHOICE = "—"
# Label ↔ code for the editor's select boxes.
CHOICES: dict[str, dict[str, str]] = {
    "kind": UNIT_KINDS,
    "channel": CHANNELS,
    "item_kind": ITEM_KINDS,
    "basis": RULE_BASES,
    "period": PERIOD_KINDS,
}


@dataclass(frozen=True)
class NewUnit:
    """A unit the plan names that the catalogue lacks, as the review shows it."""

    name: str  # as the plan writes it: the key of the person's decision
    label: str  # the name it is created under
    code: str  # proposed
    kind: str  # in words
    parent: str
    source: str
    needed: bool  # a rule or a task's lead names it
    add: bool  # checked: created with the plan on Lưu


@dataclass
class Review:
    """What the review screen shows for a proposal."""

    proposal: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # the file could not be read at all
    heading: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    rules: pd.DataFrame = field(default_factory=pd.DataFrame)
    tasks: pd.DataFrame = field(default_factory=pd.DataFrame)
    unread: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suggestions: dict[str, list[str]] = field(default_factory=dict)  # unknown name → close names
    new_units: list[NewUnit] = field(default_factory=list)
    plan_code: str = ""
    existing: str | None = None
    allowed: bool = False  # the user may register a plan of this issuer

    @property
    def can_save(self) -> bool:
        return not self.error and not self.problems and not self.existing and self.allowed


def _day(value: object) -> str:
    return "" if not value else date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")


def _rules_frame(proposal: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for r in proposal.get("rules") or []:
        rows.append(
            {
                RULE_COLUMNS["who"]: r.get("applies_unit")
                or ("" if r.get("applies_kind") else proposal.get("issuer")),
                RULE_COLUMNS["kind"]: UNIT_KINDS.get(r.get("applies_kind") or "", NO_CHOICE),
                **{
                    RULE_COLUMNS[k]: CHOICES[k].get(r.get(k) or "", NO_CHOICE)
                    for k in ("channel", "item_kind", "basis", "period")
                },
                RULE_COLUMNS["min_count"]: int(r.get("min_count") or 1),
                RULE_COLUMNS["effective_from"]: pd.Timestamp(r["effective_from"])
                if r.get("effective_from")
                else None,
                RULE_COLUMNS["effective_to"]: pd.Timestamp(r["effective_to"])
                if r.get("effective_to")
                else None,
                RULE_COLUMNS["source"]: r.get("source") or "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(RULE_COLUMNS.values()))
    for column in (RULE_COLUMNS["effective_from"], RULE_COLUMNS["effective_to"]):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _tasks_frame(proposal: dict[str, Any]) -> pd.DataFrame:
    rows = [{label: t.get(key) for key, label in TASK_COLUMNS.items()} for t in proposal.get("tasks") or []]
    return pd.DataFrame(rows, columns=list(TASK_COLUMNS.values()))


def _code(choice: str, label: object) -> str | None:
    text = str(label or "").strip()
    if text == NO_CHOICE:
        return None
    found = [code for code, name in CHOICES[choice].items() if name == text or code == text]
    return found[0] if found else (text or None)


def _iso(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return pd.Timestamp(value).date().isoformat()


def apply_edits(
    proposal: dict[str, Any], rules: list[dict[str, Any]], tasks: list[dict[str, Any]]
) -> dict[str, Any]:
    """The proposal with the person's edits of the two tables (rows as the editor gives them)."""
    out = copy.deepcopy(proposal)
    out["rules"] = []
    for row in rules:
        kind = _code("kind", row.get(RULE_COLUMNS["kind"]))
        who = str(row.get(RULE_COLUMNS["who"]) or "").strip()
        out["rules"].append(
            {
                "applies_kind": kind,
                "applies_unit": None if kind else (who or None),
                **{
                    k: _code(k, row.get(RULE_COLUMNS[k])) for k in ("channel", "item_kind", "basis", "period")
                },
                "min_count": row.get(RULE_COLUMNS["min_count"]),
                "effective_from": _iso(row.get(RULE_COLUMNS["effective_from"])),
                "effective_to": _iso(row.get(RULE_COLUMNS["effective_to"])),
                "source": row.get(RULE_COLUMNS["source"]) or "",
            }
        )
    out["tasks"] = [
        {key: (None if pd.isna(row.get(label)) else row.get(label)) for key, label in TASK_COLUMNS.items()}
        for row in tasks
        if str(row.get(TASK_COLUMNS["task"]) or "").strip()
    ]
    return out


def apply_units(proposal: dict[str, Any], decisions: dict[str, tuple[bool, str]]) -> dict[str, Any]:
    """The proposal with the person's decision on each new unit: name as the plan writes it →
    (add it, the name to create it under)."""
    out = copy.deepcopy(proposal)
    for unit in out.get("units") or []:
        if unit.get("name") in decisions:
            add, label = decisions[unit["name"]]
            unit["add"] = bool(add)
            label = " ".join(str(label or "").split())
            unit["new_name"] = label if label and label != unit["name"] else None
    return out


def _new_units(resolved: plans.Resolved) -> list[NewUnit]:
    parent = resolved.issuer.name if resolved.issuer else ""
    return [
        NewUnit(u.name, u.label, u.code, UNIT_KINDS[u.kind], parent, u.source, u.needed, u.add)
        for u in resolved.new_units
    ]


def replace_name(proposal: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The proposal with a unit name chosen from the suggestions in place of an unknown one."""
    out = copy.deepcopy(proposal)
    for rule in out.get("rules") or []:
        if rule.get("applies_unit") == old:
            rule["applies_unit"] = new
    for task in out.get("tasks") or []:
        if task.get("lead") == old:
            task["lead"] = new
    if out.get("issuer") == old:
        out["issuer"] = new
    return out


def _suggestions(
    con: duckdb.DuckDBPyConnection, proposal: dict[str, Any], resolved: plans.Resolved
) -> dict[str, list[str]]:
    matcher = unit_matcher(con)
    names = [str(r.get("applies_unit")) for r in proposal.get("rules") or [] if r.get("applies_unit")]
    names += [str(t.get("lead")) for t in proposal.get("tasks") or [] if t.get("lead")]
    names.append(str(proposal.get("issuer") or ""))
    return {
        n: matcher.suggest(n, 5)
        for n in dict.fromkeys(names)
        if n and any(f"«{n}»" in p for p in resolved.problems)
    }


def review_proposal(
    con: duckdb.DuckDBPyConnection, proposal: dict[str, Any], role: str, *, units: Sequence[str] | None = None
) -> Review:
    """The review of a proposal (read from a file, or as the person edited it)."""
    try:
        parsed = plans.proposal_from_dict(proposal)
    except plans.ProposalError as exc:
        return Review(proposal=proposal, error=str(exc))
    resolved = plans.resolve(con, parsed, add_units=ADD_NEEDED)
    issuer = resolved.issuer.code if resolved.issuer else ""
    parent = parsed.parent_number or ""
    return Review(
        proposal=proposal,
        heading=[
            ("Số", parsed.number or "(chưa ghi số)"),
            ("Ngày ban hành", _day(proposal.get("issued_on")) or "(chưa ghi)"),
            ("Đơn vị ban hành", resolved.issuer.name if resolved.issuer else parsed.issuer),
            ("Tên kế hoạch", parsed.title),
            ("Kỳ kế hoạch", f"{_day(proposal.get('period_start'))}–{_day(proposal.get('period_end'))}"),
            (
                "Kế hoạch cấp trên",
                f"{parent} ({resolved.parent_plan_code or 'chưa có trong hệ thống'})" if parent else "—",
            ),
        ],
        rules=_rules_frame(proposal),
        tasks=_tasks_frame(proposal),
        unread=list(parsed.unread),
        problems=list(resolved.problems),
        notes=[n for n in resolved.notes if not n.startswith("Câu chưa đọc được")],
        suggestions=_suggestions(con, proposal, resolved),
        new_units=_new_units(resolved),
        plan_code=resolved.plan_code,
        existing=resolved.existing,
        allowed=bool(issuer) and plans.may_manage(auth.User("", "", role), issuer, units),
    )


def read_upload(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, role: str, *, units: Sequence[str] | None = None
) -> Review:
    """A dropped file (.docx, .pdf, .txt, or a reviewed .json) read into its review."""
    if len(data) > MAX_BYTES:
        return Review(error="Tệp lớn hơn 20 MB.")
    try:
        proposal = plans.read_document(data, name)
    except plans.ProposalError as exc:
        return Review(error=str(exc))
    return review_proposal(con, proposal, role, units=units)


def save_plan(
    con: duckdb.DuckDBPyConnection,
    proposal: dict[str, Any],
    user: auth.User,
    file_name: str,
    *,
    units: Sequence[str] | None = None,
) -> str:
    """Register the reviewed plan with the new units confirmed, its rules and tasks (one
    transaction); what was saved. PlanWriteError / ProposalError carry what to fix."""
    resolved = plans.resolve(con, plans.proposal_from_dict(proposal), add_units=ADD_NEEDED)
    plans.add_plan(con, resolved, user.username, user=user, units=units, source=file_name)
    added = resolved.added_units
    return (
        f"Đã lưu kế hoạch {resolved.plan_code}: {len(resolved.rules)} định mức, "
        f"{len(resolved.tasks)} nhiệm vụ. Các trang Phường / Xã, Sở, ban, ngành và Nhiệm vụ đã theo dõi kế hoạch này."
        + (f" Đã thêm {len(added)} đơn vị mới: {'; '.join(u.label for u in added)}." if added else "")
    )
