"""Calendar arithmetic for the periods the measures set: working days
(公示5个工作日, 30个工作日内), anniversaries (近三年, 三年内不得重新申报) and
strict ISO dates.

Working days follow China's official holidays and 调休 working days: a
:class:`HolidayTable` built from the State Council's notices as data (``kb/holidays.yaml``
and the data directory's override, assembled by the knowledge layer) over the years
``chinese-calendar`` ships. Outside every year the table knows, only weekends are
known: the result is then marked as an estimate, never passed off as exact.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import chinese_calendar
from chinese_calendar import constants

# The years chinese-calendar ships (its data starts with 2004 and ends with the latest notice it transcribed).
SUPPORTED_FIRST = min(constants.holidays).year
SUPPORTED_LAST = max(max(constants.holidays), max(constants.workdays)).year


@dataclass(frozen=True)
class HolidayTable:
    """Which days are worked, year by year.

    A year in *years* was declared from its notice and replaces chinese-calendar's data for that year
    entirely (a notice is the whole schedule of its year, so a corrected or newer notice wins); *days*
    holds every declared day off (False) and 调休 working day (True). With *builtin*, chinese-calendar
    answers for the other years it ships.
    """

    days: Mapping[dt.date, bool] = field(default_factory=dict)
    years: frozenset[int] = frozenset()
    builtin: bool = True

    @classmethod
    def declared(cls, years: Mapping[int, tuple[Iterable[dt.date], Iterable[dt.date]]],
                 builtin: bool = True) -> HolidayTable:
        """A table from ``{year: (days off, working days)}``."""
        days: dict[dt.date, bool] = {}
        for off, worked in years.values():
            days.update(dict.fromkeys(off, False))
            days.update(dict.fromkeys(worked, True))
        return cls(days, frozenset(years), builtin)

    def covers(self, year: int) -> bool:
        """Whether every day of *year* is known exactly."""
        return year in self.years or (self.builtin and SUPPORTED_FIRST <= year <= SUPPORTED_LAST)

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """(is a working day, known exactly)."""
        if day in self.days:  # a notice may reach into the year before (元旦 from 31 December)
            return self.days[day], True
        if day.year in self.years:
            return day.weekday() < 5, True
        if self.covers(day.year):
            return chinese_calendar.is_workday(day), True
        return day.weekday() < 5, False

    def coverage(self) -> str:
        """The years known exactly, as the note says them: 2004–2026年, or 2004–2026年、2028年."""
        known = sorted(self.years | (set(range(SUPPORTED_FIRST, SUPPORTED_LAST + 1)) if self.builtin else set()))
        if not known:
            return "无"
        spans: list[list[int]] = []
        for year in known:
            if spans and year == spans[-1][1] + 1:
                spans[-1][1] = year
            else:
                spans.append([year, year])
        return "、".join(f"{a}–{b}年" if a != b else f"{a}年" for a, b in spans)


DEFAULT_TABLE = HolidayTable()
"""chinese-calendar alone: what periods use when no table is given."""


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


def _table(table: HolidayTable | None) -> HolidayTable:
    return table if table is not None else DEFAULT_TABLE


def is_supported(day: dt.date, table: HolidayTable | None = None) -> bool:
    return _table(table).covers(day.year)


def is_workday(day: dt.date, table: HolidayTable | None = None) -> tuple[bool, bool]:
    """(is a working day, known exactly)."""
    return _table(table).is_workday(day)


def _note(estimate: bool, table: HolidayTable) -> str:
    if estimate:
        return (f"所涉日期超出内置节假日数据范围（{table.coverage()}），"
                "只按周末推算，未计法定节假日和调休，结果为估算，请以国务院办公厅公布的放假安排为准")
    return "已按国家法定节假日和调休安排计算"


def workdays_after(start: dt.date, count: int, table: HolidayTable | None = None) -> Computed:
    """The *count*-th working day after *start* (start itself not counted):
    "办理相关手续后30个工作日内"."""
    table = _table(table)
    day, seen, estimate = start, 0, False
    while seen < count:
        day += dt.timedelta(days=1)
        working, known = table.is_workday(day)
        estimate |= not known
        seen += working
    return Computed(day, estimate, _note(estimate, table))


def workdays_from(start: dt.date, count: int, table: HolidayTable | None = None) -> Computed:
    """The last of *count* working days beginning on *start* (counted if it is
    a working day): "公示5个工作日" starting that day."""
    table = _table(table)
    working, known = table.is_workday(start)
    estimate = not known
    if working:
        if count == 1:
            return Computed(start, estimate, _note(estimate, table))
        result = workdays_after(start, count - 1, table)
    else:
        result = workdays_after(start, count, table)
    estimate |= result.estimate
    return Computed(result.date, estimate, _note(estimate, table))


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
