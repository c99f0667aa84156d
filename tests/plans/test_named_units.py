"""Units a plan names that the database lacks (issue 12, point 5): proposed with a code, kind,
parent and province; created with the plan in one transaction when confirmed (the page's
checkbox, `plan add --add-units`), audited; rules and tasks then resolve to them. Default
behaviour unchanged: unconfirmed, they stay unresolved and `plan add` exits 1."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc import db, plans, reference, tasks
from cchc.plans.new_units import ADD_ALL, ADD_NEEDED
from tests.plans.offices_doc import HOANG_MAI, NEW_OFFICES, PLAN_CODE, write_offices_plan

ROOT = Path(__file__).resolve().parents[2]


def _unit(con, code: str) -> tuple | None:
    rows = db.execute(con.cursor(), "plans/plan_unit", {"code": code})
    return tuple(rows[0][:5]) if rows else None


def _codes_under(con, parent: str) -> set[str]:
    return {code for code, _name in db.execute(con.cursor(), "units/unit_offices", {"unit": parent})}


def test_the_offices_a_plan_names_are_proposed_as_new_with_code_kind_parent_and_province(con, tmp_path):
    proposal = plans.load_proposal(write_offices_plan(tmp_path / "hm.txt"))
    resolved = plans.resolve(con, proposal)
    assert [(u.name, u.kind) for u in resolved.new_units] == list(NEW_OFFICES.items())
    kt = next(u for u in resolved.new_units if u.name == "Phòng Kinh tế phường Hoàng Mai")
    assert (kt.code, kt.parent, kt.province, kt.needed, kt.add) == (
        "00331-PKT",
        HOANG_MAI,
        "Hà Nội",
        True,
        False,
    )
    assert [u.needed for u in resolved.new_units] == [
        False,
        True,
        False,
        False,
    ]  # only its rule and task need it
    # unconfirmed: the rule and the task it leads stay unresolved, as before
    assert not resolved.ok and len(resolved.problems) == 2
    assert "«Phòng Kinh tế phường Hoàng Mai»" in resolved.problems[0] and "STT 1" in resolved.problems[1]


def test_a_known_office_is_resolved_to_its_code_not_proposed(con):
    proposal = plans.proposal_from_dict(
        {
            "issuer": "UBND phường Phúc Lợi",
            "title": "Kế hoạch 2028",
            "period_start": "2028-01-01",
            "period_end": "2028-12-31",
            "units": [
                {"name": "Phòng Văn hóa - Xã hội phường Phúc Lợi", "kind": "ward_office", "source": "x"}
            ],
        }
    )
    resolved = plans.resolve(con, proposal, add_units=ADD_ALL)
    assert [(u.code, u.new) for u in resolved.units] == [("00136-VHXH", False)]
    assert resolved.added_units == []


def test_confirmed_offices_are_created_with_the_plan_and_its_rules_and_tasks_resolve_to_them(con, tmp_path):
    proposal = plans.load_proposal(write_offices_plan(tmp_path / "hm.txt"))
    resolved = plans.resolve(con, proposal, add_units=ADD_NEEDED)
    assert resolved.ok, resolved.problems
    assert [u.code for u in resolved.added_units] == ["00331-PKT"]
    plans.add_plan(con, resolved, "phuong.hm")
    assert _unit(con, "00331-PKT") == (
        "00331-PKT",
        "Phòng Kinh tế phường Hoàng Mai",
        "ward_office",
        HOANG_MAI,
        "Hà Nội",
    )
    assert _codes_under(con, HOANG_MAI) == {"00331-PKT"}  # the others were not confirmed
    rules = plans.plan_rules(con, PLAN_CODE).set_index("rule_id")
    assert rules.loc[f"{PLAN_CODE.lower()}-r2", "applies_unit"] == "00331-PKT"
    status = tasks.task_status(con, date(2027, 3, 1), plan=PLAN_CODE)
    assert (
        status.iloc[0]["lead_units"] == "Phòng Kinh tế phường Hoàng Mai"
    )  # the task's lead is the new office
    log = db.run(con, "auth/audit_list", {"limit": 5})
    added = log[log["action"] == "plan_unit_add"]
    assert list(added["username"]) == ["phuong.hm"]
    assert (
        "00331-PKT: Phòng Kinh tế phường Hoàng Mai" in added.iloc[0]["detail"]
        and PLAN_CODE in added.iloc[0]["detail"]
    )
    change = plans.plan_changes(con, PLAN_CODE).iloc[0]
    assert "1 đơn vị mới" in change["note"]


def test_a_person_may_refuse_a_needed_office_and_confirm_another_under_a_new_name(con, tmp_path):
    raw = json.loads(
        json.dumps(plans.read_document(write_offices_plan(tmp_path / "hm.txt").read_bytes(), "hm.txt"))
    )
    for unit in raw["units"]:
        unit["add"] = unit["name"] == "Công an phường Hoàng Mai"
        if unit["add"]:
            unit["new_name"] = "Công an phường Hoàng Mai (Hà Nội)"
    resolved = plans.resolve(con, plans.proposal_from_dict(raw), add_units=ADD_ALL)
    assert [(u.label, u.add) for u in resolved.new_units if u.add] == [
        ("Công an phường Hoàng Mai (Hà Nội)", True)
    ]
    assert not resolved.ok  # Phòng Kinh tế was refused: its rule and task stay unresolved


def test_a_plan_that_fails_in_its_transaction_leaves_no_unit_behind(con, tmp_path):
    proposal = plans.load_proposal(write_offices_plan(tmp_path / "hm.txt"))
    resolved = plans.resolve(con, proposal, add_units=ADD_ALL)
    assert resolved.ok and len(resolved.added_units) == 4
    # meanwhile someone else adds a unit under the code proposed for Công an phường
    reference.upsert_units(
        con,
        [
            {"code": "00331-CA", "name": "Công an phường Hoàng Mai", "kind": "ward_office", "parent_code": HOANG_MAI,
             "province": "Hà Nội", "aliases": None, "lat": None, "lon": None}
        ],
    )  # fmt: skip
    with pytest.raises(Exception):  # noqa: B017 — the engine's key violation; what matters is what is left
        plans.add_plan(con, resolved, "phuong.hm")
    assert _codes_under(con, HOANG_MAI) == {"00331-CA"}  # none of the plan's four
    assert PLAN_CODE not in set(plans.plans_list(con, date(2027, 3, 1))["plan_code"])
    log = db.run(con, "auth/audit_list", {"limit": 5})
    assert "plan_unit_add" not in set(log["action"])


# ---------------------------------------------------------------- the command line, on a real file


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def database(tmp_path) -> Path:
    path = tmp_path / "cli.duckdb"
    con = db.connect(path)
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    con.close()
    return path


def _offices(database: Path) -> set[str]:
    con = db.connect(database)
    try:
        return _codes_under(con, HOANG_MAI)
    finally:
        con.close()


def test_plan_read_shows_the_units_and_plan_add_creates_them_only_with_add_units(database, tmp_path):
    doc = write_offices_plan(tmp_path / "ke-hoach-hoang-mai.txt")
    read = cli("plan", "read", str(doc), "--format", "json")
    assert read.returncode == 0, read.stderr
    assert {u["name"]: u["kind"] for u in json.loads(read.stdout)["units"]} == NEW_OFFICES
    plain = cli("plan", "add", str(doc), "--db", str(database), "--yes")
    assert plain.returncode == 1  # default unchanged: unresolved, closest names, nothing written
    assert "«Phòng Kinh tế phường Hoàng Mai»" in plain.stderr and "Có phải:" in plain.stderr
    assert "--add-units" in plain.stderr and "chưa ghi gì" in plain.stderr
    assert _offices(database) == set()
    shown = cli("plan", "add", str(doc), "--db", str(database), "--add-units")
    assert shown.returncode == 0 and "Phòng Kinh tế phường Hoàng Mai — mã 00331-PKT" in shown.stdout
    assert "sẽ thêm cùng kế hoạch" in shown.stdout and _offices(database) == set()  # no --yes: nothing
    added = cli("plan", "add", str(doc), "--db", str(database), "--add-units", "--yes")
    assert added.returncode == 0, added.stderr
    assert f"Đã thêm kế hoạch {PLAN_CODE}: 2 định mức, 1 nhiệm vụ" in added.stdout
    assert "Đã thêm 4 đơn vị mới" in added.stdout
    assert _offices(database) == {"00331-VPHVU", "00331-PKT", "00331-PVHXH", "00331-CA"}


def test_add_units_with_another_unresolved_name_writes_no_unit(database, tmp_path):
    doc = write_offices_plan(tmp_path / "hm.txt")
    doc.write_text(
        doc.read_text(encoding="utf-8") + "2\tHội thi\tCác trường mầm non\t\tQuý III\tHội thi\n",
        encoding="utf-8",
    )
    out = cli("plan", "add", str(doc), "--db", str(database), "--add-units", "--yes")
    assert out.returncode == 1 and "STT 2" in out.stderr
    assert _offices(database) == set()


# ---------------------------------------------------------------- the review screen's data


def test_the_review_lists_new_units_checked_when_needed_and_saves_the_persons_choice(con, tmp_path):
    from cchc import auth
    from cchc.screens import plan_review

    data = write_offices_plan(tmp_path / "hm.txt").read_bytes()
    review = plan_review.read_upload(con, data, "hm.txt", "city")
    assert [(u.label, u.needed, u.add) for u in review.new_units] == [
        ("Văn phòng HĐND và UBND phường Hoàng Mai", False, False),
        ("Phòng Kinh tế phường Hoàng Mai", True, True),
        ("Phòng Văn hóa - Xã hội phường Hoàng Mai", False, False),
        ("Công an phường Hoàng Mai", False, False),
    ]
    assert review.problems == [] and review.can_save  # checked by default: the plan resolves
    kt = review.new_units[1]
    assert (kt.code, kt.kind, kt.parent) == (
        "00331-PKT",
        "Phòng, ban, đơn vị thuộc xã/phường",
        "Phường Hoàng Mai",
    )
    decisions = {u.name: (u.add, u.label) for u in review.new_units}
    decisions["Phòng Kinh tế phường Hoàng Mai"] = (True, "Phòng Kinh tế (Phường Hoàng Mai)")
    decisions["Công an phường Hoàng Mai"] = (True, "Công an phường Hoàng Mai")
    edited = plan_review.apply_units(review.proposal, decisions)
    message = plan_review.save_plan(con, edited, auth.User("snv", "Sở Nội vụ", "city"), "hm.txt")
    assert "Đã lưu kế hoạch 00331-21-2027" in message
    assert "Đã thêm 2 đơn vị mới: Phòng Kinh tế (Phường Hoàng Mai); Công an phường Hoàng Mai." in message
    assert _codes_under(con, HOANG_MAI) == {"00331-PKT", "00331-CA"}
    assert (
        _unit(con, "00331-PKT")[1] == "Phòng Kinh tế (Phường Hoàng Mai)"
    )  # the edited name; the plan's is an alias
    rules = plans.plan_rules(con, PLAN_CODE).set_index("rule_id")
    assert rules.loc[f"{PLAN_CODE.lower()}-r2", "applies_unit"] == "00331-PKT"


def test_a_plan_naming_no_new_unit_shows_no_such_section(con):
    from cchc.screens import plan_review
    from tests.plans.helpers import ward_proposal

    review = plan_review.review_proposal(con, ward_proposal(), "city")
    assert review.new_units == []


def test_a_ward_account_adds_its_own_offices_with_its_plan_never_another_wards(con, tmp_path):
    from cchc import auth
    from cchc.screens import plan_review

    data = write_offices_plan(tmp_path / "hm.txt").read_bytes()
    other = auth.User("phucloi", "Phường Phúc Lợi", "unit", "00136")
    review = plan_review.read_upload(con, data, "hm.txt", "unit", units=auth.allowed_units(con, other))
    assert not review.allowed
    with pytest.raises(plans.PlanWriteError, match="không được thay đổi kế hoạch"):
        plan_review.save_plan(con, review.proposal, other, "hm.txt", units=auth.allowed_units(con, other))
    assert _codes_under(con, HOANG_MAI) == set()  # nothing written
    own = auth.User("hoangmai", "Phường Hoàng Mai", "unit", HOANG_MAI)
    scope = auth.allowed_units(con, own)
    plan_review.save_plan(con, review.proposal, own, "hm.txt", units=scope)
    assert _codes_under(con, HOANG_MAI) == {"00331-PKT"}
    assert "00331-PKT" in auth.allowed_units(con, own)  # the new office is within the ward's account


@pytest.mark.parametrize(
    ("new_name", "says"),
    [
        ("Phòng Văn hóa - Xã hội (Phường Phúc Lợi)", "trùng tên đơn vị đã có (mã 00136-VHXH)"),
        ("Công an phường Hoàng Mai", "trùng tên"),  # the name of another new unit of the plan
    ],
)
def test_a_new_unit_renamed_to_a_name_taken_is_a_problem_and_nothing_is_written(
    con, tmp_path, new_name, says
):
    raw = plans.read_document(write_offices_plan(tmp_path / "hm.txt").read_bytes(), "hm.txt")
    for unit in raw["units"]:
        unit["add"] = True
        if unit["name"] == "Phòng Kinh tế phường Hoàng Mai":
            unit["new_name"] = new_name
    resolved = plans.resolve(con, plans.proposal_from_dict(raw))
    assert not resolved.ok and any(says in p for p in resolved.problems)
    with pytest.raises(plans.PlanWriteError):
        plans.add_plan(con, resolved, "tester")
    assert _codes_under(con, HOANG_MAI) == set()


def test_undoing_the_plan_keeps_its_units_and_adding_it_again_finds_them(con, tmp_path):
    proposal = plans.load_proposal(write_offices_plan(tmp_path / "hm.txt"))
    change = plans.add_plan(con, plans.resolve(con, proposal, add_units=ADD_NEEDED), "tester")
    plans.undo_change(con, change, "tester")
    assert PLAN_CODE not in set(plans.plans_list(con, date(2027, 3, 1))["plan_code"])
    assert _codes_under(con, HOANG_MAI) == {"00331-PKT"}
    again = plans.resolve(con, proposal)  # the office is there; the three never confirmed are still new
    assert again.ok and [u.code for u in again.new_units] == ["00331-VPHVU", "00331-PVHXH", "00331-CA"]
    assert next(u.code for u in again.units if u.name == "Phòng Kinh tế phường Hoàng Mai") == "00331-PKT"


HAI_PHONG = """UBND THÀNH PHỐ HẢI PHÒNG
Số: 40/KH-UBND
Hải Phòng, ngày 20 tháng 01 năm 2027

KẾ HOẠCH
Thông tin, tuyên truyền cải cách hành chính năm 2027

III. TỔ CHỨC THỰC HIỆN

1. Sở Tư pháp

- Hằng tháng, có ít nhất 01 tin/bài gửi đăng trên Trang thông tin CCHC của Thành phố về công tác xây dựng và thi hành pháp luật.

2. Bảo hiểm xã hội thành phố Hải Phòng

- Tuyên truyền về dịch vụ công trực tuyến.
"""


def test_a_province_plan_adds_its_departments_under_the_province(con, tmp_path):
    path = tmp_path / "hp.txt"
    path.write_text(HAI_PHONG, encoding="utf-8")
    resolved = plans.resolve(con, plans.load_proposal(path), add_units=ADD_NEEDED)
    assert [(u.label, u.kind, u.code, u.needed, u.add) for u in resolved.new_units] == [
        ("Sở Tư pháp", "department", "HP-STP", True, True),  # not Hà Nội's Sở Tư pháp (HN-STP)
        ("Bảo hiểm xã hội thành phố Hải Phòng", "central_agency", "HP-BHXH", True, True),  # leads its task
    ]
    assert resolved.ok, resolved.problems
    plans.add_plan(con, resolved, "snv.hp")
    assert _unit(con, "HP-STP") == ("HP-STP", "Sở Tư pháp", "department", "HP", "Hải Phòng")
    rule = plans.plan_rules(con, resolved.plan_code).iloc[0]
    assert rule["applies_unit"] == "HP-STP"
    assert _unit(con, "HP-BHXH")[2:] == ("central_agency", "HP", "Hải Phòng")


SEED_OFFICES = {  # seed → the codes data/units.csv gives the units it names (transcribed by hand)
    "000": ["00136-VHXH", "00136-VP", "00136-KTHTDT", "00136-PVHCC", "00136-TTVHTTTT", "00136-VHXH"],
    "001": ["10813-VHXH", "10813-KT", "10813-PVHCC", "10813-VP", "10813-DVSNC"],
    "002": ["27427-VP", "27427-VHXH", "27427-KTHTDT", "27427-PVHCC", "27427-CA"],
    "003": ["00292-VHXH", "00292-VP", "00292-KTHTDT"],
    "004": [
        "HN-SNV", "HN-SKHCN", "HN-VPUB", "HN-PVHCC", "HN-STP", "HN-SVHTT", "HN-STC", "HN-SNNMT", "HN-VNCPT",
        "HN-BPTTH",
    ],
}  # fmt: skip


@pytest.mark.parametrize("seed", sorted(SEED_OFFICES))
def test_the_units_each_seed_names_are_those_of_our_catalogue(con, seed):
    path = next((ROOT / "data" / "seeds").glob(f"{seed}_*.txt"))
    resolved = plans.resolve(con, plans.load_proposal(path), add_units=ADD_ALL)
    assert [u.code for u in resolved.units] == SEED_OFFICES[seed]
    assert resolved.new_units == []
