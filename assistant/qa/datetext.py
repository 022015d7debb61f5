"""Dates written in questions: 2023年6月1日, 2023-06-01, 3月1日, 6月1号,
二〇二三年六月一日, 2021年8月, 2026年, 今天, 明天, 昨天.

A date keeps its precision: 2021年8月 is a month, not 1 August. A month and
day without a year is taken in the current year, unless a weekday written
with it (5月6日星期一) says which nearby year was meant.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..regulation.numerals import cn_to_int

_CN = r"[零〇○一二两三四五六七八九十]"
_NUM = rf"(?:\d{{1,2}}|{_CN}{{1,3}})"
_YEAR = rf"(?:\d{{4}}|{_CN}{{4}})"
_FULL = re.compile(rf"({_YEAR})\s*[年\-/.]\s*({_NUM})\s*[月\-/.]\s*({_NUM})\s*[日号]?")
_YEAR_MONTH = re.compile(rf"({_YEAR})\s*年\s*({_NUM})\s*月(?!\s*{_NUM}\s*[日号])")
_YEAR_ONLY = re.compile(rf"(?<![\d〔(（])({_YEAR})\s*年(?!\s*{_NUM}\s*月)")
_MONTH_DAY = re.compile(rf"(?<![\d年/\-.])({_NUM})\s*月\s*({_NUM})\s*[日号]")
_WEEKDAY = re.compile(r"^\s*[（(,，]?\s*(?:星期|周|礼拜)([一二三四五六日天])")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "昨天": -1, "昨日": -1, "后天": 2, "前天": -2}
WEEKDAY_SEARCH_YEARS = 6


@dataclass(frozen=True)
class Mentioned:
    """A date as the question gave it: ``day`` is the first day of the period
    when the precision is a month or a year."""

    day: dt.date
    precision: str = "day"  # day | month | year
    assumed_year: bool = False  # the year was not written; taken from today or the weekday

    @property
    def text(self) -> str:
        if self.precision == "year":
            return f"{self.day.year}年"
        if self.precision == "month":
            return f"{self.day.year}年{self.day.month}月"
        return f"{self.day.year}年{self.day.month}月{self.day.day}日"


def find_dates(text: str, today: dt.date) -> tuple[list[Mentioned], list[str]]:
    """(dates in order of appearance, impossible dates as written)."""
    found: list[tuple[int, Mentioned]] = []
    bad: list[str] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        return not any(start < match.end() and match.start() < end for start, end in taken)

    for match in _FULL.finditer(text):
        taken.append(match.span())
        _add(found, bad, match, match.group(1), match.group(2), match.group(3))
    for match in _MONTH_DAY.finditer(text):
        if free(match):
            taken.append(match.span())
            _add_month_day(found, bad, match, text, today)
    for match in _YEAR_MONTH.finditer(text):
        if free(match):
            taken.append(match.span())
            _add(found, bad, match, match.group(1), match.group(2), "1", precision="month")
    for match in _YEAR_ONLY.finditer(text):
        if free(match):
            taken.append(match.span())
            _add(found, bad, match, match.group(1), "1", "1", precision="year")
    for word, offset in _RELATIVE.items():
        position = text.find(word)
        if position != -1:
            found.append((position, Mentioned(today + dt.timedelta(days=offset))))
    found.sort(key=lambda pair: pair[0])
    return [day for _, day in found], bad


YEARS = (1900, 2200)  # dates outside these years are no dates a question about the measures can mean


def _add(found: list, bad: list, match: re.Match, year: str, month: str, day: str,
         precision: str = "day") -> None:
    try:
        value = dt.date(cn_to_int(year), cn_to_int(month), cn_to_int(day))
    except ValueError:
        bad.append(match.group(0))
        return
    if not YEARS[0] <= value.year <= YEARS[1]:  # 9999年: nothing can be counted from it
        bad.append(match.group(0))
        return
    found.append((match.start(), Mentioned(value, precision)))


def _add_month_day(found: list, bad: list, match: re.Match, text: str, today: dt.date) -> None:
    try:
        month, day = cn_to_int(match.group(1)), cn_to_int(match.group(2))
    except ValueError:
        bad.append(match.group(0))
        return
    weekday = _WEEKDAY.match(text[match.end():])
    years = [today.year]
    if weekday:
        wanted = _WEEKDAYS[weekday.group(1)]
        # The nearest year in which that day falls on the weekday written.
        nearby = sorted(range(today.year - WEEKDAY_SEARCH_YEARS, today.year + WEEKDAY_SEARCH_YEARS + 1),
                        key=lambda y: (abs(y - today.year), y))
        years = [y for y in nearby if _valid(y, month, day) and dt.date(y, month, day).weekday() == wanted]
        years = years[:1] or [today.year]
    if not _valid(years[0], month, day):
        # 2月29日 without a year: the nearest leap year before today's.
        leap = next((y for y in range(today.year, today.year - 8, -1) if _valid(y, month, day)), None)
        if leap is None:
            bad.append(match.group(0))
            return
        years = [leap]
    found.append((match.start(), Mentioned(dt.date(years[0], month, day), "day", assumed_year=True)))


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
