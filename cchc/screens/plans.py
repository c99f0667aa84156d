"""The Kế hoạch page as data: the plans a user sees (filtered by province and issuer), one plan's
rules in force as an editable table, their history and the plan's changes; the writes (an
amendment from a date, retirement, undo) with who and when (cchc.plans records them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from cchc import auth, plans
from cchc.ingest.importer import unit_matcher
from cchc.plans.amend import KIND_WORDS
from cchc.plans.store import rules_in_force
from cchc.screens.plan_review import CHOICES
from cchc.vocab import UNIT_KINDS

ALL = ""
# The count first: it is what an amendment changes most.
AMEND_COLUMNS = {
    "min_count": "Tối thiểu",
    "period": "Mỗi",
    "who": "Áp dụng cho",
    "channel": "Kênh",
    "item_kind": "Loại tin",
    "basis": "Cách tính",
    "remove": "Bỏ",
    "rule_id": "Mã",
}


def _day(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d/%m/%Y")


@dataclass
class PlanList:
    table: pd.DataFrame  # what the page draws, Vietnamese headings
    codes: list[str]  # plan codes in the table's order
    labels: dict[str, str]  # plan code → label for the picker
    provinces: list[str]
    issuers: dict[str, str]  # issuer code → name


def plan_list(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    province: str,
    issuer: str,
    *,
    units: Sequence[str] | None = None,
) -> PlanList:
    """The plans the scope sees, narrowed to a province and an issuer ("" for all)."""
    frame = plans.plans_list(con, as_of, units=units)
    provinces = sorted({p for p in frame["province"] if isinstance(p, str)})
    if province:
        frame = frame[frame["province"] == province]
    issuers = dict(zip(frame["issuer_code"], frame["issuer"], strict=True))
    if issuer:
        frame = frame[frame["issuer_code"] == issuer]
    table = pd.DataFrame(
        {
            "Số": frame["number"].fillna("(chưa ghi số)"),
            "Đơn vị ban hành": frame["issuer"],
            "Ngày ban hành": frame["issued_on"].map(_day),
            "Kỳ kế hoạch": [
                f"{_day(a)}–{_day(b)}"
                for a, b in zip(frame["period_start"], frame["period_end"], strict=True)
            ],
            "Kế hoạch cấp trên": frame["parent_number"].fillna(frame["parent_plan_code"]).fillna(""),
            "Định mức": frame["rules"],
            "Nhiệm vụ": frame["tasks"],
            "Trạng thái": frame["status"],
            "Mã": frame["plan_code"],
        }
    )
    labels = {
        r.plan_code: f"{r.number if isinstance(r.number, str) and r.number else 'Kế hoạch chưa ghi số'} · {r.issuer} ({r.plan_code})"  # NaN is truthy
        for r in frame.itertuples(index=False)
    }
    return PlanList(table.reset_index(drop=True), list(frame["plan_code"]), labels, provinces, issuers)


@dataclass
class PlanDetail:
    plan_code: str
    may_manage: bool
    status: str
    in_force: pd.DataFrame  # the amendment editor's rows
    history: pd.DataFrame
    changes: pd.DataFrame
    undoable: int | None  # the newest change not undone
    undo_label: str = ""
    notes: list[str] = field(default_factory=list)


def _who(rule: dict[str, Any]) -> str:
    if isinstance(rule.get("applies_kind"), str):
        return f"Nhóm: {UNIT_KINDS.get(rule['applies_kind'], rule['applies_kind'])}"
    return str(rule.get("unit_name") or rule.get("applies_unit") or "")


def _editor_rows(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    rows = [
        {
            AMEND_COLUMNS["rule_id"]: r["rule_id"],
            AMEND_COLUMNS["who"]: _who(r),
            **{
                AMEND_COLUMNS[k]: CHOICES[k].get(r[k], r[k])
                for k in ("channel", "item_kind", "basis", "period")
            },
            AMEND_COLUMNS["min_count"]: int(r["min_count"]),
            AMEND_COLUMNS["remove"]: False,
        }
        for r in rules_in_force(con, code).to_dict("records")
    ]
    return pd.DataFrame(rows, columns=list(AMEND_COLUMNS.values()))


def rule_choices(rules: pd.DataFrame) -> dict[str, str]:
    """Rule id → how the amendment picker names a rule in force."""
    c = AMEND_COLUMNS
    return {
        r[c["rule_id"]]: f"{r[c['who']]}: {r[c['min_count']]} / {r[c['period']].lower()} — {r[c['channel']]}"
        for r in rules.to_dict("records")
    }


def _history(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    rules = plans.plan_rules(con, code)
    return pd.DataFrame(
        {
            "Mã": rules["rule_id"],
            "Áp dụng cho": [_who(r) for r in rules.to_dict("records")],
            "Định mức": rules["label"],
            "Tối thiểu": rules["min_count"],
            "Từ ngày": rules["effective_from"].map(_day),
            "Đến ngày": rules["effective_to"].map(_day),
            "Thay cho": rules["replaces"].fillna(""),
            "Được thay bằng": rules["replaced_by"].fillna(""),
        }
    )


def plan_detail(
    con: duckdb.DuckDBPyConnection, code: str, role: str, as_of: date, *, units: Sequence[str] | None = None
) -> PlanDetail | None:
    """One plan the scope sees: rules in force, their history, the changes; None when not seen."""
    listed = plans.plans_list(con, as_of, units=units)
    row = listed[listed["plan_code"] == code]
    if row.empty:
        return None
    changes = plans.plan_changes(con, code)
    live = changes[changes["undone_at"].isna()]
    newest = live.iloc[0] if not live.empty else None
    table = pd.DataFrame(
        {
            "Số": changes["change_id"],
            "Thay đổi": changes["kind"].map(KIND_WORDS),
            "Từ ngày": changes["effective_on"].map(_day),
            "Nội dung": changes["note"].fillna(""),
            "Người thực hiện": changes["made_by"],
            "Lúc": changes["made_at"].map(lambda t: pd.Timestamp(t).strftime("%d/%m/%Y %H:%M")),
            "Hoàn tác": [
                "" if pd.isna(u) else f"{b} lúc {pd.Timestamp(u):%d/%m/%Y %H:%M}"
                for u, b in zip(changes["undone_at"], changes["undone_by"], strict=True)
            ],
        }
    )
    return PlanDetail(
        plan_code=code,
        may_manage=plans.may_manage(auth.User("", "", role), str(row.iloc[0]["issuer_code"]), units),
        status=str(row.iloc[0]["status"]),
        in_force=_editor_rows(con, code),
        history=_history(con, code),
        changes=table,
        undoable=None if newest is None else int(newest["change_id"]),
        undo_label=""
        if newest is None
        else str(newest["note"] or KIND_WORDS.get(newest["kind"], newest["kind"])),
    )


def _edits(rows: list[dict[str, Any]], current: pd.DataFrame) -> list[plans.RuleEdit]:
    """RuleEdits from the amendment editor's rows (a row without a code is a new rule)."""
    known = {r["rule_id"]: r for r in current.to_dict("records")}
    edits = []
    for row in rows:
        code = row.get(AMEND_COLUMNS["rule_id"]) or None
        base = known.get(code) if code else None
        fields = {
            k: _from_label(k, row.get(AMEND_COLUMNS[k])) for k in ("channel", "item_kind", "basis", "period")
        }
        kind = base["applies_kind"] if base is not None and isinstance(base["applies_kind"], str) else None
        unit = base["applies_unit"] if base is not None and isinstance(base["applies_unit"], str) else None
        if base is None:
            unit = str(row.get(AMEND_COLUMNS["who"]) or "").strip() or None
        edits.append(
            plans.RuleEdit(
                code if base is not None else None,
                min_count=int(row.get(AMEND_COLUMNS["min_count"]) or 0),
                applies_kind=kind,
                applies_unit=unit,
                remove=bool(row.get(AMEND_COLUMNS["remove"])),
                **fields,
            )
        )
    return edits


def _from_label(kind: str, label: object) -> str:
    text = str(label or "")
    return next((code for code, name in CHOICES[kind].items() if name == text), text)


def save_amendment(
    con: duckdb.DuckDBPyConnection,
    code: str,
    day: date,
    rows: list[dict[str, Any]],
    user: auth.User,
    *,
    units: Sequence[str] | None = None,
) -> str:
    """Amend the plan's rules from `day` as the editor's rows say; what was saved."""
    edits = _edits(rows, rules_in_force(con, code))
    bad = [e for e in edits if e.min_count < 1]
    if bad:
        raise plans.PlanWriteError("Số tối thiểu phải là số nguyên dương.")
    matcher = unit_matcher(con)
    for i, e in enumerate(edits):
        if e.rule_id is None:
            found = matcher.match(e.applies_unit or "")
            if found is None:
                close = "; ".join(matcher.suggest(e.applies_unit or ""))
                raise plans.PlanWriteError(
                    f"Định mức mới: không tìm thấy đơn vị «{e.applies_unit or ''}» (cột «Áp dụng cho»)."
                    + (f" Có phải: {close}?" if close else "")
                )
            edits[i] = dataclasses.replace(e, applies_unit=found)
    change = plans.amend_plan(con, code, day, edits, user.username, user=user, units=units)
    note = plans.plan_changes(con, code).set_index("change_id").loc[change, "note"]
    return f"Đã lưu sửa đổi số {change}. {note}."


def retire(
    con: duckdb.DuckDBPyConnection,
    code: str,
    day: date,
    user: auth.User,
    *,
    units: Sequence[str] | None = None,
) -> str:
    plans.retire_plan(con, code, day, user.username, user=user, units=units)
    return f"Đã dừng theo dõi kế hoạch {code} từ {day:%d/%m/%Y}."


def undo(
    con: duckdb.DuckDBPyConnection, change_id: int, user: auth.User, *, units: Sequence[str] | None = None
) -> str:
    return plans.undo_change(con, change_id, user.username, user=user, units=units)
