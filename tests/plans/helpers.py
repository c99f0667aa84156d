"""A ward's plan for 2027 as `plan read` proposes it (the wording of seed 000, one year on)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from cchc import db, plans
from cchc.periods import parse_period
from cchc.quotas.fulfillment import fulfillment

PHUC_LOI = "00136"
VP = "00136-VP"

WARD_2027: dict[str, Any] = {
    "number": "12/KH-UBND",
    "issued_on": "2027-01-15",
    "issuer": "UBND phường Phúc Lợi",
    "title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính nhà nước trên địa bàn phường Phúc Lợi năm 2027",
    "period_start": "2027-01-01",
    "period_end": "2027-12-31",
    "parent": {"number": "75/KH-UBND", "issued_on": "2026-02-27"},
    "rules": [
        {
            "applies_kind": None,
            "applies_unit": "UBND phường Phúc Lợi",
            "channel": "own_portal",
            "item_kind": "news",
            "basis": "published",
            "min_count": 2,
            "period": "month",
            "effective_from": None,
            "effective_to": None,
            "source": "Đăng tải ít nhất 02 tin, bài/tháng trên Cổng thông tin điện tử phường.",
        },
        {
            "applies_kind": "ward_office",
            "applies_unit": None,
            "channel": "own_portal",
            "item_kind": "news",
            "basis": "published",
            "min_count": 2,
            "period": "quarter",
            "effective_from": None,
            "effective_to": None,
            "source": "Các phòng, ban, đơn vị thuộc phường: ít nhất 02 tin, bài/quý trên Cổng thông tin điện tử phường.",
        },
        {
            "applies_kind": None,
            "applies_unit": "Văn phòng HĐND và UBND phường Phúc Lợi",
            "channel": "own_portal",
            "item_kind": "news",
            "basis": "published",
            "min_count": 1,
            "period": "month",
            "effective_from": None,
            "effective_to": None,
            "source": "Văn phòng HĐND và UBND: tin, bài về cải cách thể chế định kỳ hằng tháng.",
        },
    ],
    "tasks": [
        {
            "stt": 1,
            "task": "Xây dựng Kế hoạch thông tin tuyên truyền CCHC năm 2027",
            "lead": "Phòng Văn hóa - Xã hội",
            "partners": "Các phòng, ban, đơn vị",
            "deadline_text": "Tháng 1/2027",
            "product": "Kế hoạch",
        },
        {
            "stt": 2,
            "task": "Đăng tải tin, bài về CCHC trên Cổng thông tin điện tử phường",
            "lead": "Văn phòng HĐND và UBND",
            "partners": None,
            "deadline_text": "Định kỳ hằng tháng",
            "product": "Tin, bài",
        },
    ],
    "unread": ["Tổ chức 02 hội nghị tuyên truyền về CCHC trong năm."],
}


def ward_proposal(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(WARD_2027) | changes


def add_ward_plan(con: duckdb.DuckDBPyConnection, **changes: Any) -> str:
    resolved = plans.resolve(con, plans.proposal_from_dict(ward_proposal(**changes)))
    assert resolved.ok, resolved.problems
    plans.add_plan(con, resolved, "tester")
    return resolved.plan_code


def ward_months(con: duckdb.DuckDBPyConnection, plan_code: str, as_of: date) -> pd.DataFrame:
    """The ward's own monthly portal quota in 2027, month by month."""
    frame = fulfillment(con, parse_period("2027"), as_of, [PHUC_LOI])
    frame = frame[(frame["plan"] == plan_code) & (frame["period"] == "month")]
    return frame.sort_values("period_start").reset_index(drop=True)


def version(con: duckdb.DuckDBPyConnection) -> str:
    return str(db.scalar(con, "meta/data_version"))
