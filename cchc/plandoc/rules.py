"""Every quota of a plan as a rule: who, channel, item kind, basis, count, period, window, source.

Who: the subject the sentence opens with ('Riêng đối với …', 'Sở Tư pháp có …'); else the
heading it stands under in 'Tổ chức thực hiện'; else the issuer itself. The office that runs the
plan for a ward ('cơ quan thường trực') states the ward's own quotas. A 'Riêng đối với X' sentence
replaces, for X, what the paragraph said before on the same channel.

The task table (Phụ lục) repeats most quotas of the text; a table row adds a rule only for a
subject and channel the text left without one (a ward's own quotas are often only there), and it
gives the rhythm of a 'định kỳ' quota the text left open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.plandoc.header import Issuer
from cchc.plandoc.paragraphs import key, sentences
from cchc.plandoc.quota import Found, looks_like_quota, period_in, read_sentence
from cchc.plandoc.structure import Section
from cchc.plandoc.who import Subject, leading_subject, subject_of


@dataclass(frozen=True)
class Rule:
    applies_kind: str | None
    applies_unit: str | None
    channel: str
    item_kind: str
    basis: str
    min_count: int
    period: str
    effective_from: date | None
    effective_to: date | None
    source: str

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.__dict__)
        for name in ("effective_from", "effective_to"):
            out[name] = out[name].isoformat() if out[name] else None
        return out

    @property
    def who(self) -> str:
        return self.applies_kind or key(self.applies_unit or "")


@dataclass
class _Pending:
    """A body quota whose period is 'định kỳ' without a rhythm: the table may say it."""

    found: Found
    subject: Subject
    source: str


def _expand(found: Found, subject: Subject, issuer: Issuer | None, source: str, period: str) -> list[Rule]:
    if subject.kinds:
        who: list[tuple[str | None, str | None]] = [(k, None) for k in subject.kinds]
    else:
        who = [(None, u) for u in (subject.units or ((issuer.name,) if issuer else (None,)))]
    return [
        Rule(
            applies_kind=kind,
            applies_unit=unit,
            channel=found.channel,
            item_kind=found.item_kind,
            basis=found.basis,
            min_count=found.min_count,
            period=period,
            effective_from=found.effective_from,
            effective_to=found.effective_to,
            source=source,
        )
        for kind, unit in who
    ]


def _section_subject(section: Section, issuer: Issuer | None) -> Subject:
    if not (section.is_organisation and section.heading):
        return Subject()
    subject = subject_of(section.heading, issuer)
    if subject.units and issuer is not None and issuer.level == "commune" and section.is_standing_office:
        return Subject()
    return subject


def _is_override(sentence: str) -> bool:
    return bool(re.match(r"^(?:[a-zđ]\)|[-+•])?\s*rieng\b", key(sentence)))


class _Collector:
    def __init__(self, issuer: Issuer | None) -> None:
        self.issuer = issuer
        self.rules: list[Rule] = []
        self.pending: list[_Pending] = []
        self.unread: list[str] = []

    def sentence(self, sentence: str, default: Subject, paragraph_rules: list[Rule]) -> None:
        reading = read_sentence(sentence)
        if reading.encouraged:
            return
        if reading.unread or (not reading.found and looks_like_quota(sentence)):
            self.unread.append(sentence)
        if not reading.found:
            return
        lead = leading_subject(sentence, self.issuer)
        subject = default if lead.is_empty else lead
        if subject.unknown:
            self.unread.append(sentence)
            return
        if _is_override(sentence) and not lead.is_empty:
            channels = {f.channel for f in reading.found}
            drop = set(subject.kinds) | {key(u) for u in subject.units}
            paragraph_rules[:] = [r for r in paragraph_rules if not (r.who in drop and r.channel in channels)]
        for f in reading.found:
            if f.period is None and f.periodic:
                self.pending.append(_Pending(f, subject, sentence))
                continue
            paragraph_rules.extend(_expand(f, subject, self.issuer, sentence, f.period or "window"))


def _table_founds(tasks: list[dict[str, Any]], issuer: Issuer | None) -> list[tuple[Found, Subject, str]]:
    out = []
    for task in tasks:
        text = task.get("task") or ""
        reading = read_sentence(text)
        rhythm = period_in(task.get("deadline_text") or "")
        for f in reading.found:
            period = f.period or rhythm or "window"
            subject = subject_of(task.get("lead") or "", issuer)
            if subject.units and issuer is not None and issuer.level == "commune":
                subject = Subject()  # an office of the ward does the ward's own quota
            found = Found(**{**f.__dict__, "period": period})
            out.append((found, subject, f"Phụ lục, nhiệm vụ {task.get('stt') or '?'}: {text}"))
    return out


def _resolve_pending(collector: _Collector, table: list[tuple[Found, Subject, str]]) -> None:
    for p in collector.pending:
        match = next(
            (
                f
                for f, _, _ in table
                if (f.channel, f.item_kind, f.min_count)
                == (p.found.channel, p.found.item_kind, p.found.min_count)
                and f.period != "window"
            ),
            None,
        )
        if match is None:
            collector.unread.append(p.source)
            continue
        collector.rules.extend(_expand(p.found, p.subject, collector.issuer, p.source, str(match.period)))


def _covered(rule: Rule, body: list[Rule]) -> bool:
    return any(
        b.channel == rule.channel
        and b.item_kind == rule.item_kind
        and (b.who == rule.who or (b.min_count, b.period) == (rule.min_count, rule.period))
        for b in body
    )


def read_rules(
    body: list[Section], tasks: list[dict[str, Any]], issuer: Issuer | None
) -> tuple[list[Rule], list[str]]:
    """The plan's rules and the sentences that look like quotas but could not be read."""
    collector = _Collector(issuer)
    for section in body:
        default = _section_subject(section, issuer)
        # a numbered heading may itself be a quota: '3. Gửi đăng … tối thiểu hai tin/bài mỗi quý.'
        for paragraph in [section.heading or "", *section.paragraphs]:
            paragraph_rules: list[Rule] = []
            for sentence in sentences(paragraph):
                collector.sentence(sentence, default, paragraph_rules)
            collector.rules.extend(paragraph_rules)
    table = _table_founds(tasks, issuer)
    for task in tasks:  # a row that asks for publications but could not be read is shown too
        if read_sentence(task.get("task") or "").unread:
            collector.unread.append(f"Phụ lục, nhiệm vụ {task.get('stt') or '?'}: {task.get('task')}")
    _resolve_pending(collector, table)
    body_rules = list(collector.rules)
    for found, subject, source in table:
        for rule in _expand(found, subject, issuer, source, str(found.period)):
            if not _covered(rule, body_rules) and not _covered(rule, collector.rules[len(body_rules) :]):
                collector.rules.append(rule)
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for r in collector.rules:
        signature = (r.who, r.channel, r.item_kind, r.basis, r.min_count, r.period, r.effective_from)
        if signature not in seen:
            seen.add(signature)
            unique.append(r)
    return unique, list(dict.fromkeys(collector.unread))
