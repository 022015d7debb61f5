"""Calendar arithmetic for the periods the measures set: working days
(公示5个工作日, 30个工作日内), anniversaries (近三年, 三年内不得重新申报) and
strict ISO dates.

Working days follow China's official holidays and 调休 working days from
``chinese-calendar``. Outside the years it ships, only weekends are known:
the result is then marked as an estimate, never passed off as exact.

A year counted from day D ends on its anniversary: an event on 2023-06-01
blocks until 2026-06-01 and is clear on 2026-06-01 itself. The measures do
not say how to count a year from 29 February; we follow the month-end rule of
民法典第二百零二条 (no corresponding day → the last day of that month), so
2024-02-29 + 3 years is 2027-02-28.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import constants

SUPPORTED_FIRST = min(constants.holidays).year
SUPPORTED_LAST = max(max(constants.holidays), max(constants.workdays)).year


@dataclass(frozen=True)
class Computed:
    """A computed date and whether it rests on known holiday data."""

    date: dt.date
    estimate: bool = False
    note: str = ""

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def chinese(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


def is_supported(day: dt.date) -> bool:
    return SUPPORTED_FIRST <= day.year <= SUPPORTED_LAST


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, known exactly)."""
    if is_supported(day):
        return chinese_calendar.is_workday(day), True
    return day.weekday() < 5, False


def _note(estimate: bool) -> str:
    if estimate:
        return (f"所涉日期超出内置节假日数据范围（{SUPPORTED_FIRST}–{SUPPORTED_LAST}年），"
                "只按周末推算，未计法定节假日和调休，结果为估算，请以国务院办公厅公布的放假安排为准")
    return "已按国家法定节假日和调休安排计算"


def workdays_after(start: dt.date, count: int) -> Computed:
    """The *count*-th working day after *start* (start itself not counted):
    "办理相关手续后30个工作日内"."""
    day, seen, estimate = start, 0, False
    while seen < count:
        day += dt.timedelta(days=1)
        working, known = is_workday(day)
        estimate |= not known
        seen += working
    return Computed(day, estimate, _note(estimate))


def workdays_from(start: dt.date, count: int) -> Computed:
    """The last of *count* working days beginning on *start* (counted if it is
    a working day): "公示5个工作日" starting that day."""
    working, known = is_workday(start)
    estimate = not known
    if working:
        if count == 1:
            return Computed(start, estimate, _note(estimate))
        result = workdays_after(start, count - 1)
    else:
        result = workdays_after(start, count)
    estimate |= result.estimate
    return Computed(result.date, estimate, _note(estimate))


def add_years(start: dt.date, years: int) -> dt.date:
    """Same month and day *years* later (the anniversary); 29 February becomes
    28 February (the month-end rule of 民法典第二百零二条)."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return start.replace(year=year, day=day)


def blocked_until(event: dt.date, years: int, today: dt.date) -> dt.date | None:
    """The first day an event stops blocking (its anniversary), or None if it blocks no more."""
    until = add_years(event, years)
    return until if today < until else None


def is_within(event: dt.date, years: int, today: dt.date) -> bool:
    """True while *today* is inside the *years* that follow *event*."""
    return blocked_until(event, years, today) is not None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_iso_date(text: str) -> dt.date | None:
    """A strict ``YYYY-MM-DD`` date, or None if the text is not one (2023-02-30 is not)."""
    match = _ISO_DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def add_days(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=days)
