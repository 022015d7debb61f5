"""Dates written in questions: 2023年6月1日, 2023-06-01, 3月1日, 6月1号,
二〇二三年六月一日, 今天, 明天, 昨天."""

from __future__ import annotations

import datetime as dt
import re

from ..numerals import cn_to_int

_CN = r"[零〇○一二三四五六七八九十]"
_FULL = re.compile(
    rf"(\d{{4}}|{_CN}{{4}})\s*[年\-/.]\s*(\d{{1,2}}|{_CN}{{1,3}})\s*[月\-/.]\s*(\d{{1,2}}|{_CN}{{1,3}})\s*[日号]?"
)
_MONTH_DAY = re.compile(rf"(?<![\d年/\-.])(\d{{1,2}}|{_CN}{{1,3}})\s*月\s*(\d{{1,2}}|{_CN}{{1,3}})\s*[日号]")
_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "昨天": -1, "昨日": -1, "后天": 2, "前天": -2}


def find_dates(text: str, today: dt.date) -> tuple[list[dt.date], list[str]]:
    """(valid dates in order of appearance, impossible dates as written)."""
    found: list[tuple[int, dt.date]] = []
    bad: list[str] = []
    taken: list[tuple[int, int]] = []
    for match in _FULL.finditer(text):
        taken.append(match.span())
        _add(found, bad, match, (match.group(1), match.group(2), match.group(3)))
    for match in _MONTH_DAY.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        _add(found, bad, match, (str(today.year), match.group(1), match.group(2)))
    for word, offset in _RELATIVE.items():
        position = text.find(word)
        if position != -1:
            found.append((position, today + dt.timedelta(days=offset)))
    found.sort(key=lambda pair: pair[0])
    return [day for _, day in found], bad


def _add(found: list, bad: list, match: re.Match, parts: tuple[str, str, str]) -> None:
    try:
        year, month, day = (cn_to_int(p) for p in parts)
        found.append((match.start(), dt.date(year, month, day)))
    except ValueError:
        bad.append(match.group(0))
