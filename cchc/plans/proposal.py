"""A plan proposal: what `plan read` gives (and a person may edit) before it is registered.

The JSON object of `python -m cchc plan read` (issue 12): number, issued_on, issuer, title,
period_start, period_end, parent ({number, issued_on} or null), rules, tasks, unread, units (the
issuer's units the plan names; each may carry `add`, true or false, and `new_name` once a person
decided, and is optional in a reviewed file). A `.json`
file in that shape is read as it is (a proposal reviewed and edited by a person); a document
(.docx, .pdf, .txt) goes through the plan reader, cchc.plandoc.read_plan.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cchc.text import nfc
from cchc.vocab import CHANNELS, ITEM_KINDS, PERIOD_KINDS, RULE_BASES, UNIT_KINDS

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt")


class ProposalError(ValueError):
    """A proposal file that cannot be read at all (Vietnamese message; exit code 2)."""


@dataclass
class RuleProposal:
    """One quota as the plan states it; units still as names."""

    applies_kind: str | None
    applies_unit: str | None
    channel: str
    item_kind: str
    basis: str
    min_count: int
    period: str
    effective_from: date | None = None
    effective_to: date | None = None
    source: str = ""


@dataclass
class TaskProposal:
    stt: int
    task: str
    lead: str
    partners: str | None = None
    deadline_text: str | None = None
    product: str | None = None


@dataclass
class UnitProposal:
    """A unit of the issuer's the plan names, as written out in full; `add` and `new_name` are the
    person's decision (None: not decided) and the name it is created under when it differs."""

    name: str
    kind: str
    source: str = ""
    add: bool | None = None
    new_name: str | None = None


@dataclass
class Proposal:
    issuer: str
    title: str
    period_start: date
    period_end: date
    number: str | None = None
    issued_on: date | None = None
    parent_number: str | None = None
    parent_issued_on: date | None = None
    rules: list[RuleProposal] = field(default_factory=list)
    tasks: list[TaskProposal] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    units: list[UnitProposal] = field(default_factory=list)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = nfc(str(value)).strip()
    return text or None


def _day(value: object, what: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ProposalError(f"{what}: ngày không hợp lệ «{value}» (cần YYYY-MM-DD).") from exc


def _choice(value: object, allowed: dict[str, str], what: str) -> str:
    if value not in allowed:
        raise ProposalError(f"{what}: «{value}» không hợp lệ; dùng một trong {', '.join(allowed)}.")
    return str(value)


def _rule(obj: dict[str, Any], n: int) -> RuleProposal:
    what = f"Định mức thứ {n}"
    kind = _text(obj.get("applies_kind"))
    if kind is not None:
        _choice(kind, UNIT_KINDS, f"{what}, applies_kind")
    try:
        count = int(obj.get("min_count"))  # type: ignore[arg-type]  # checked by the except
    except (TypeError, ValueError) as exc:
        raise ProposalError(f"{what}: min_count phải là số nguyên dương.") from exc
    if count < 1:
        raise ProposalError(f"{what}: min_count phải là số nguyên dương.")
    return RuleProposal(
        applies_kind=kind,
        applies_unit=_text(obj.get("applies_unit")),
        channel=_choice(obj.get("channel"), CHANNELS, f"{what}, channel"),
        item_kind=_choice(obj.get("item_kind"), ITEM_KINDS, f"{what}, item_kind"),
        basis=_choice(obj.get("basis"), RULE_BASES, f"{what}, basis"),
        min_count=count,
        period=_choice(obj.get("period"), PERIOD_KINDS, f"{what}, period"),
        effective_from=_day(obj.get("effective_from"), f"{what}, effective_from"),
        effective_to=_day(obj.get("effective_to"), f"{what}, effective_to"),
        source=_text(obj.get("source")) or "",
    )


def _task(obj: dict[str, Any], n: int) -> TaskProposal:
    try:
        stt = int(obj.get("stt") or n)
    except (TypeError, ValueError) as exc:
        raise ProposalError(f"Nhiệm vụ thứ {n}: STT «{obj.get('stt')}» không phải số.") from exc
    task, lead = _text(obj.get("task")), _text(obj.get("lead"))
    if not task:
        raise ProposalError(f"Nhiệm vụ STT {stt}: thiếu nội dung nhiệm vụ.")
    return TaskProposal(
        stt=stt,
        task=task,
        lead=lead or "",
        partners=_text(obj.get("partners")),
        deadline_text=_text(obj.get("deadline_text")),
        product=_text(obj.get("product")),
    )


def _unit(obj: object, n: int) -> UnitProposal:
    what = f"Đơn vị thứ {n} nêu trong kế hoạch"
    if not isinstance(obj, dict):
        raise ProposalError(f"{what}: cần một đối tượng {{name, kind, source}}.")
    name = _text(obj.get("name"))
    if not name:
        raise ProposalError(f"{what}: thiếu tên đơn vị.")
    add = obj.get("add")
    if add is not None and not isinstance(add, bool):
        raise ProposalError(f"{what}: add phải là true hoặc false.")
    return UnitProposal(
        name=name,
        kind=_choice(obj.get("kind"), UNIT_KINDS, f"{what}, kind"),
        source=_text(obj.get("source")) or "",
        add=add,
        new_name=_text(obj.get("new_name")),
    )


def proposal_from_dict(obj: object) -> Proposal:
    """A Proposal from the JSON object of `plan read`; ProposalError says what is wrong."""
    if not isinstance(obj, dict):
        raise ProposalError("Tệp đề xuất phải là một đối tượng JSON như lệnh «plan read» in ra.")
    issuer, title = _text(obj.get("issuer")), _text(obj.get("title"))
    start = _day(obj.get("period_start"), "period_start")
    end = _day(obj.get("period_end"), "period_end")
    missing = [
        k
        for k, v in (("issuer", issuer), ("title", title), ("period_start", start), ("period_end", end))
        if not v
    ]
    if missing:
        raise ProposalError(f"Kế hoạch thiếu: {', '.join(missing)}; hãy bổ sung rồi thêm lại.")
    assert issuer and title and start and end  # for mypy: checked just above
    if end < start:
        raise ProposalError("Kỳ kế hoạch: ngày kết thúc trước ngày bắt đầu.")
    raw_parent = obj.get("parent")
    parent: dict[str, Any] = raw_parent if isinstance(raw_parent, dict) else {}
    return Proposal(
        issuer=issuer,
        title=title,
        period_start=start,
        period_end=end,
        number=_text(obj.get("number")),
        issued_on=_day(obj.get("issued_on"), "issued_on"),
        parent_number=_text(parent.get("number")),
        parent_issued_on=_day(parent.get("issued_on"), "parent.issued_on"),
        rules=[_rule(r, i) for i, r in enumerate(obj.get("rules") or [], start=1)],
        tasks=[_task(t, i) for i, t in enumerate(obj.get("tasks") or [], start=1)],
        unread=[
            u if isinstance(u, str) else json.dumps(u, ensure_ascii=False) for u in obj.get("unread") or []
        ],
        units=[_unit(u, i) for i, u in enumerate(obj.get("units") or [], start=1)],
    )


def read_document(data: bytes, name: str) -> dict[str, Any]:
    """The proposal dict of a plan file: a .json proposal as it is, a document through the reader."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        try:
            parsed: dict[str, Any] = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProposalError(f"{name}: không đọc được như JSON UTF-8 ({exc}).") from exc
        return parsed
    if suffix not in DOCUMENT_SUFFIXES:
        raise ProposalError(f"{name}: chỉ nhận tệp .docx, .pdf, .txt hoặc .json (đề xuất đã duyệt).")
    return _read_with_plandoc(data, name)


def _read_with_plandoc(data: bytes, name: str) -> dict[str, Any]:
    """The plan reader (cchc.plandoc) on a temporary copy of the file (it reads paths)."""
    import tempfile

    from cchc.plandoc import PlanReadError, read_plan  # loaded only when a document is read

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        try:
            return read_plan(path)
        except PlanReadError as exc:
            raise ProposalError(f"{name}: {exc}") from exc


def load_proposal(path: Path) -> Proposal:
    """The proposal in a file (.json, or a document read by the plan reader)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProposalError(f"{path}: không đọc được tệp ({exc.strerror or exc}).") from exc
    return proposal_from_dict(read_document(data, path.name))
