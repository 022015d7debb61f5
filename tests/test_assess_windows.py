"""Three-year windows and strict dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.periods import add_years, blocked_until, is_within, parse_iso_date

D = dt.date.fromisoformat


@pytest.mark.parametrize(("event", "years", "expected"), [
    ("2023-06-01", 3, "2026-06-01"),
    ("2024-02-29", 3, "2027-02-28"),  # no 29 February in 2027: month-end rule
    ("2024-02-29", 4, "2028-02-29"),
    ("2023-12-31", 3, "2026-12-31"),
    ("2021-03-01", 3, "2024-03-01"),
])
def test_anniversary(event, years, expected):
    assert add_years(D(event), years) == D(expected)


@pytest.mark.parametrize(("today", "until"), [
    ("2023-06-01", "2026-06-01"),  # the day itself
    ("2026-05-31", "2026-06-01"),  # the day before the anniversary
    ("2026-06-01", None),          # free from the anniversary on
    ("2030-01-01", None),
])
def test_an_event_blocks_until_its_anniversary(today, until):
    result = blocked_until(D("2023-06-01"), 3, D(today))
    assert result == (D(until) if until else None)
    assert is_within(D("2023-06-01"), 3, D(today)) == (until is not None)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(1, 5))
def test_the_anniversary_is_the_first_free_day(event, years):
    free = add_years(event, years)
    assert blocked_until(event, years, free) is None
    assert blocked_until(event, years, free - dt.timedelta(days=1)) == free
    assert (free.month, free.year) == (event.month, event.year + years)


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-06-01", "2023-06-01"),
    (" 2024-02-29 ", "2024-02-29"),
    ("2023-02-29", None),  # not a leap year
    ("2023-02-30", None),
    ("2023-13-01", None),
    ("2023-6-1", None),     # strict YYYY-MM-DD
    ("2023/06/01", None),
    ("昨天", None),
])
def test_parse_iso_date(text, expected):
    result = parse_iso_date(text)
    assert (result.isoformat() if result else None) == expected
