"""Picker labels searchable without diacritics, and the months the pickers offer (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.screens.filters import pick_month
from ui.filters import searchable, shown


@pytest.mark.parametrize(
    ("label", "tail"),
    [
        ("Phường Phúc Lợi", "phuong phuc loi"),
        ("Phường Đống Đa", "phuong dong da"),
        ("Sở, ban, ngành", "so ban nganh"),
        ("Tháng 11", "thang 11"),
        ("HN-SKHCN", None),  # nothing to fold: left alone
        ("2026", None),
    ],
)
def test_a_label_carries_its_unaccented_form_out_of_sight(label, tail):
    text = searchable(label)
    assert shown(text) == label
    if tail is None:
        assert text == label
    else:
        assert text.endswith(tail) and text.count("\u2003") >= 100


MONTHS = [(2025, 8), (2025, 12), (2026, 3), (2026, 4), (2026, 11)]
TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 4, ([2025, 2026], 2026, [3, 4, 11], 4)),  # offered: kept
        (2026, 7, ([2025, 2026], 2026, [3, 4, 11], 4)),  # not offered: the nearest, earlier on a tie
        (2026, 12, ([2025, 2026], 2026, [3, 4, 11], 11)),
        (2024, 5, ([2025, 2026], 2026, [3, 4, 11], 11)),  # a year with nothing: this year, this month
        (2025, 1, ([2025, 2026], 2025, [8, 12], 8)),
    ],
)
def test_only_months_with_a_plan_or_data_are_offered(year, month, expected):
    assert pick_month(MONTHS, year, month, TODAY) == expected


def test_an_empty_database_offers_this_month():
    assert pick_month([], 2030, 1, TODAY) == ([2026], 2026, [11], 11)
