"""Figures with units in questions and clauses (三年, 5个工作日, 半个月, 两批), compared
across units of one family: 5天 is not 5个工作日, and half a month is not 5 working days."""

from __future__ import annotations

import re

from ..regulation.numerals import cn_to_int

_COUNT = re.compile(r"(\d+|[零一二两三四五六七八九十百]+)")
# A figure with its unit; not an ordinal (第二年) nor a calendar year (2024年), and 一次性
# (all at once) is no count of times.
_FIGURE = re.compile(r"(?<![第\d])(\d{1,3}|[一二两三四五六七八九十半]{1,3})\s*"
                     r"(个工作日|工作日|个季度|季度|个月|个星期|星期|周|日|天|年|次|回|批)(?!性|末|年)")
_UNITS = {"个工作日": ("workday", 1), "工作日": ("workday", 1), "个季度": ("day", 90), "季度": ("day", 90),
          "个月": ("day", 30), "个星期": ("day", 7),
          "星期": ("day", 7), "周": ("day", 7), "日": ("day", 1), "天": ("day", 1), "年": ("year", 1),
          "次": ("times", 1), "回": ("times", 1), "批": ("times", 1)}
FAMILY = {"workday": "days", "day": "days", "year": "days"}  # compared with each other
_DAYS = {"day": 1, "year": 365}  # calendar units: 12个月 is 一年, 5个工作日 is no number of days


# 每年认定一次 is a period of one year; 每两年 of two.
_EVERY = re.compile(r"每(\d{1,2}|[一两二三四五六七八九十]{1,2})?个?(年|季度|月|周|星期|天|日)")
_EVERY_UNITS = {"月": "个月"}


def count_of(text: str) -> int:
    """30个工作日 → 30; 三年 → 3."""
    match = _COUNT.search(text)
    if not match:
        raise ValueError(f"no count in {text!r}")
    return cn_to_int(match.group(1))


def figures(text: str) -> set[tuple[int, str]]:
    """(value, unit) of every figure in *text*: 三年 → (3, "year"), 半个月 → (15, "day")."""
    out = set()
    for number, unit in _FIGURE.findall(text):
        kind, factor = _UNITS[unit]
        try:
            value = 0.5 if number == "半" else cn_to_int(number.replace("半", ""))
        except ValueError:
            continue
        out.add((round(value * factor), kind))
    for number, unit in _EVERY.findall(text):
        kind, factor = _UNITS[_EVERY_UNITS.get(unit, unit)]
        try:
            value = cn_to_int(number) if number else 1
        except ValueError:
            continue
        out.add((round(value * factor), kind))
    return out


def family(unit: str) -> str:
    return FAMILY.get(unit, unit)


def mismatched(asked: set[tuple[int, str]], stated: set[tuple[int, str]]) -> list[tuple[int, str]]:
    """Figures of the question of a family the clause gives a figure in, that the clause does not give."""
    families = {family(unit) for _, unit in stated}
    return sorted(f for f in asked if family(f[1]) in families and f not in stated
                  and not any(_same_time(f, s) for s in stated))


def _same_time(one: tuple[int, str], other: tuple[int, str]) -> bool:
    """12个月 and 一年 are one time (within a few days); a workday is no calendar day."""
    if one[1] not in _DAYS or other[1] not in _DAYS:
        return False
    a, b = one[0] * _DAYS[one[1]], other[0] * _DAYS[other[1]]
    return abs(a - b) <= 0.05 * max(a, b)
