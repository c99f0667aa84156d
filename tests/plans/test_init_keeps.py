"""init on an existing database never overwrites or deletes what people entered (issue 12):
data/plans.csv and data/quota_rules.csv only seed what a database does not have."""

from __future__ import annotations

from datetime import date

from cchc import plans, tasks
from cchc.setup import init_database
from tests.plans.helpers import add_ward_plan


def _state(con) -> tuple:
    listed = plans.plans_list(con, date(2027, 3, 1)).sort_values("plan_code").reset_index(drop=True)
    rules = {code: plans.plan_rules(con, code).reset_index(drop=True) for code in listed["plan_code"]}
    task_rows = tasks.task_status(con, date(2027, 3, 1))
    return listed, rules, task_rows


def test_a_second_init_keeps_added_plans_amendments_and_retirements(tmp_path):
    path = tmp_path / "kept.duckdb"
    con = init_database(path)
    code = add_ward_plan(con)
    rule = plans.plan_rules(con, "PL-2026").set_index("rule_id").loc["pl26-portal-month"]
    edit = plans.RuleEdit(
        "pl26-portal-month", rule["channel"], rule["item_kind"], rule["basis"], 4, rule["period"],
        applies_unit=rule["applies_unit"],
    )  # fmt: skip
    plans.amend_plan(con, "PL-2026", date(2026, 7, 1), [edit], "tester")  # a seed rule amended
    plans.retire_plan(con, "BM-2025", date(2025, 11, 1), "tester")  # a seed plan retired
    before = _state(con)
    con.close()

    con = init_database(path)  # again, on the same file
    try:
        after = _state(con)
        assert after[0].equals(before[0])
        assert set(after[1]) == set(before[1]) and all(after[1][c].equals(before[1][c]) for c in before[1])
        assert after[2].equals(before[2])
        assert code in set(after[0]["plan_code"])
        pl = plans.plan_rules(con, "PL-2026").set_index("rule_id")
        assert pl.loc["pl26-portal-month", "effective_to"].date() == date(2026, 6, 30)  # not reset by the CSV
        assert (
            plans.plans_list(con, date(2026, 1, 1)).set_index("plan_code").loc["BM-2025", "status"]
            == "Đã dừng"
        )
    finally:
        con.close()


def test_a_new_database_is_seeded_as_before(tmp_path):
    con = init_database(tmp_path / "new.duckdb")
    try:
        listed = plans.plans_list(con, date(2026, 11, 29)).set_index("plan_code")
        assert len(listed) == 6 and int(listed["rules"].sum()) == 31
        assert listed.loc["HN-75-2026", "tasks"] > 0
    finally:
        con.close()
