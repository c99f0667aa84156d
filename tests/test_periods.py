from datetime import date as d

import pytest

from cchc.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("2026-03", d(2026, 3, 1), d(2026, 3, 31)),
        ("2026-02", d(2026, 2, 1), d(2026, 2, 28)),
        ("2028-02", d(2028, 2, 1), d(2028, 2, 29)),
        ("2026-Q2", d(2026, 4, 1), d(2026, 6, 30)),
        ("2026-q4", d(2026, 10, 1), d(2026, 12, 31)),
        ("2026-W14", d(2026, 3, 30), d(2026, 4, 5)),
        ("2026-W01", d(2025, 12, 29), d(2026, 1, 4)),
        ("2026-W53", d(2026, 12, 28), d(2027, 1, 3)),
        ("2026", d(2026, 1, 1), d(2026, 12, 31)),
        ("2025-08..2025-12", d(2025, 8, 1), d(2025, 12, 31)),
        (" 2026-Q1..2026-03 ", d(2026, 1, 1), d(2026, 3, 31)),
    ],
)
def test_parse_period(spec, start, end):
    period = parse_period(spec)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("spec", ["2026-13", "2026-Q5", "2025-W53", "26-03", "March", "", "2026-12..2026-01"])
def test_malformed_period(spec):
    with pytest.raises(PeriodError):
        parse_period(spec)
