"""Provinces side by side: a city account works within its province, a national one picks a
province; the overview, report and reminders of one province never show another's units."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest
from conftest import PHUC_LOI, add_items, item

from cchc import auth, provinces, reference
from cchc.screens import overview, reminders, report
from cchc.screens import tasks as tasks_screen
from cchc.screens import unit as unit_screen
from cchc.screens import users as users_screen
from cchc.tasks.seed import load_seed_tasks

THANH_HA = "10813"  # Hải Phòng (seed 001)
AS_OF = date(2026, 6, 20)


@pytest.fixture
def two(con):
    """Hà Nội and Hải Phòng, each with a commune quota and items of its own."""
    reference.load_reference_units(con)
    con.execute(
        "insert into quota_rules select * replace ('hp-commune-month' as rule_id, 'Hải Phòng' as scope_province)"
        " from quota_rules where rule_id = 'hn75-city-month-commune'"
    )
    add_items(
        con,
        [
            item(PHUC_LOI, date(2026, 5, 4), status="submitted"),
            item(THANH_HA, date(2026, 5, 6), status="submitted"),
            item("HN-STP", date(2026, 5, 7), status="submitted"),
        ],
    )
    return con


def _codes_and_names(con, province: str) -> tuple[set[str], set[str]]:
    codes = set(provinces.province_units(con, province))
    names = {n for c, n in con.execute("select code, name from units").fetchall() if c in codes}
    return codes, names


def _cells(*objects: object) -> set[str]:
    """Every text cell of every frame in the objects (dataclasses or frames)."""
    frames: list[pd.DataFrame] = []
    for obj in objects:
        if isinstance(obj, pd.DataFrame):
            frames.append(obj)
        elif dataclasses.is_dataclass(obj):
            frames += [v for v in vars(obj).values() if isinstance(v, pd.DataFrame)]
    return {v for f in frames for col in f.columns for v in f[col].tolist() if isinstance(v, str)}


def _pages_of(con, *, province: str | None, units: list[str] | None) -> set[str]:
    kw = {"province": province, "units": units}
    rows = overview.rows(con, 2026, AS_OF, **kw)
    return _cells(
        rows,
        overview.overview(rows, 2026, 5, "commune"),
        overview.kind_units(con, None, **kw),
        overview.commune_points(con, 2026, 5, AS_OF, **kw),
        report.report(con, "2026-Q2", AS_OF, "all", "", **kw),
        reminders.reminders(con, 2026, 5, AS_OF, "all", "", ("Chưa đạt", "Đang thực hiện"), **kw),
        reminders.picker_units(con, "all", **kw),
        unit_screen.ward_options(con, **kw),
        unit_screen.department_options(con, **kw),
        pd.DataFrame({"plan": list(tasks_screen.plan_choices(con, AS_OF, **kw).values())}),
        pd.DataFrame({"lead": list(tasks_screen.lead_choices(con, "", **kw).values())}),
        tasks_screen.board(con, AS_OF, "", "", **kw),
    )


@pytest.mark.parametrize(("mine", "other"), [("HN", "HP"), ("HP", "HN")])
def test_a_city_accounts_pages_hold_no_unit_of_another_province(two, mine, other):
    user = auth.create_user(
        two, username=f"admin.{mine.lower()}", display_name="Sở Nội vụ", role="city",
        password="mat-khau-dai-1", unit_code=mine, created_by="t",
    )  # fmt: skip
    scope = auth.allowed_units(two, user)
    own_codes, _ = _codes_and_names(two, mine)
    assert set(scope) == own_codes
    other_codes, other_names = _codes_and_names(two, other)
    shown = _pages_of(two, province=None, units=scope)
    assert not shown & (other_codes | (other_names - _codes_and_names(two, mine)[1]))
    expected = {"HN": "Phường Phúc Lợi", "HP": "Xã Thanh Hà"}[mine]
    assert expected in shown  # the page does show its own province's units


@pytest.mark.parametrize(("pick", "other"), [("HN", "HP"), ("HP", "HN")])
def test_a_national_user_sees_one_province_at_a_time(two, pick, other):
    user = auth.create_user(
        two, username="bo.noivu", display_name="Bộ Nội vụ", role="national",
        password="mat-khau-dai-1", created_by="t",
    )  # fmt: skip
    assert auth.allowed_units(two, user) is None and not user.can_manage and user.can_manage_units
    other_codes, other_names = _codes_and_names(two, other)
    shown = _pages_of(two, province=pick, units=None)
    assert not shown & (other_codes | (other_names - _codes_and_names(two, pick)[1]))
    assert {"HN": PHUC_LOI, "HP": THANH_HA}[pick] in shown


def test_without_a_province_the_overview_reads_as_before(two):
    everyone = set(overview.rows(two, 2026, AS_OF)["unit_code"])
    assert {PHUC_LOI, THANH_HA} <= everyone
    hai_phong = set(provinces.province_units(two, "HP"))
    assert set(overview.rows(two, 2026, AS_OF, province="HN")["unit_code"]) == everyone - hai_phong


def test_provinces_list_home_first_then_by_name(two):
    found = provinces.province_list(two)
    assert len(found) == 34 and found["code"].iloc[0] == "HN"
    names = found["province"].tolist()[1:]
    assert names.index("Đà Nẵng") < names.index("Điện Biên") < names.index("Gia Lai")
    assert provinces.province_list(two, units=provinces.province_units(two, "HP"))["code"].tolist() == ["HP"]
    assert provinces.province_of(two, f"{THANH_HA}-VP") in (None, "HP")
    assert provinces.province_of(two, "27427-KP01") == "HCM"
    assert provinces.province_of(two, "HN") == "HN"
    # A link to a commune opens the ward page on its province, unless the asker may not see it.
    assert provinces.province_of(two, THANH_HA) == "HP"
    assert provinces.province_of(two, THANH_HA, units=provinces.province_units(two, "HN")) is None


@pytest.mark.parametrize(
    ("role", "unit", "message"),
    [
        ("city", PHUC_LOI, "không gắn với đơn vị"),
        ("national", "HN", "không gắn với đơn vị"),
        ("city", "KHONGCO", "Không có đơn vị"),
    ],
)
def test_city_and_national_accounts_are_tied_to_a_province_or_nothing(two, role, unit, message):
    with pytest.raises(auth.AuthError, match=message):
        auth.create_user(
            two, username="x.y", display_name="X", role=role, password="mat-khau-dai-1",
            unit_code=unit, created_by="t",
        )  # fmt: skip


def test_a_province_admin_makes_accounts_of_its_province_only(two):
    admin = auth.create_user(
        two, username="admin.hp", display_name="HP", role="city", password="mat-khau-dai-1",
        unit_code="HP", created_by="t",
    )  # fmt: skip
    scope = auth.allowed_units(two, admin)
    made = users_screen.save_account(
        two, admin, "thanhha.vp", "Thanh Hà", "unit", "mat-khau-dai-2", THANH_HA, units=scope
    )
    assert made.unit_code == THANH_HA
    for role, unit in [("unit", PHUC_LOI), ("national", None), ("city", None), ("city", "HN")]:
        with pytest.raises(auth.AuthError, match="trong tỉnh mình"):
            users_screen.save_account(two, admin, "ke.khac", "K", role, "mat-khau-dai-3", unit, units=scope)
    auth.create_user(
        two, username="pl.vp", display_name="PL", role="unit", password="mat-khau-dai-1",
        unit_code=PHUC_LOI, created_by="t",
    )  # fmt: skip
    with pytest.raises(auth.AuthError, match="trong tỉnh mình"):  # not even by moving it into HP
        users_screen.save_account(two, admin, "pl.vp", "PL", "unit", "mat-khau-dai-4", THANH_HA, units=scope)
    assert "Thành phố Hải Phòng (Thành phố)" in users_screen.unit_choices(two, units=scope).values()


def test_cli_fulfillment_and_tasks_print_the_same_once_the_country_is_added(tmp_path, capsys):
    from cchc import db, tasks
    from cchc.__main__ import main

    path = tmp_path / "old.duckdb"
    con = db.connect(path)  # a database made before: Hà Nội's units file, its rules, tasks, items
    reference.upsert_units(con, reference.read_units(reference.DATA_DIR / "units.csv"))
    reference.load_plans_and_rules(con)
    tasks.load_seed_tasks(con)
    add_items(con, [item(PHUC_LOI, date(2026, 5, 4)), item("HN-STP", date(2026, 5, 7), status="submitted")])
    con.close()
    commands = [
        ["fulfillment", "--db", str(path), "--period", "2026-Q2", "--as-of", "2026-06-20", "--format", "csv"],
        ["tasks", "--db", str(path), "--as-of", "2026-06-20"],
    ]

    def outputs() -> list[str]:
        printed = []
        for args in commands:
            assert main(args) == 0
            printed.append(capsys.readouterr().out)
        return printed

    before = outputs()
    con = db.connect(path)
    assert reference.load_reference_units(con) > 3000
    con.close()
    assert outputs() == before
    assert PHUC_LOI in before[0] and "HN-75-2026" in before[1]
    commands = [[*args, "--province", "HN"] for args in commands]
    hanoi = outputs()
    assert hanoi[0] == before[0]  # every quota row here is Hà Nội's
    kept = [line for line in before[1].splitlines() if not line.startswith(("TH-14-2026,", "PD-88-2025,"))]
    assert hanoi[1].splitlines() == kept  # the tasks of Hải Phòng's and TP.HCM's plans are left out
    commands = [[*args[:-2], "--province", "HP"] for args in commands]
    hai_phong = outputs()
    assert PHUC_LOI not in hai_phong[0] and "HN-STP" not in hai_phong[0]
    assert "Thanh Hà" in hai_phong[1] and "Phúc Lợi" not in hai_phong[1]
    assert main([*commands[0][:-2], "--province", "KHONGCO"]) == 2


def test_a_national_user_reads_one_provinces_tasks(two):
    """The Nhiệm vụ page's plans, leads and board, for the province picked."""
    load_seed_tasks(two)
    hn, hp = (
        {
            "plans": tasks_screen.plan_choices(two, AS_OF, province=p),
            "leads": tasks_screen.lead_choices(two, "", province=p),
            "board": tasks_screen.board(two, AS_OF, "", "", province=p),
        }
        for p in ("HN", "HP")
    )
    assert list(hp["plans"]) == ["TH-14-2026"] and "HN-75-2026" in hn["plans"]
    assert "TH-14-2026" not in hn["plans"]
    assert set(hp["leads"]) <= set(provinces.province_units(two, "HP")) and hp["leads"]
    assert set(hn["leads"]) <= set(provinces.province_units(two, "HN"))
    assert set(hp["board"].status["plan"]) == {"TH-14-2026"} and len(hn["board"].status) > 0
    assert "TH-14-2026" not in set(hn["board"].status["plan"])
    everything = tasks_screen.board(two, AS_OF, "", "")
    assert len(everything.status) > len(hn["board"].status) + len(hp["board"].status) - 1
