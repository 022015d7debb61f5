"""Dates printed in regulations, the effective-date rule and legal status."""

from __future__ import annotations

import datetime as dt
import re

from . import patterns as P
from .numerals import cn_to_int

STATUS_PENDING = "尚未生效"
STATUS_IN_FORCE = "现行有效"
STATUS_REPEALED = "已废止"

_AFTER_DAYS = re.compile(
    rf"自(?:本办法|本规定|本条例|本通知)?(公布|发布|印发|颁布)之日起\s*({P.NUM})\s*(?:日|天)后(?:施行|执行|生效)"
)
_ON_PUBLICATION = re.compile(r"自(?:本办法|本规定|本条例|本通知)?(公布|发布|印发|颁布)之日起(?:施行|执行|生效)")
_ON_DATE = re.compile(rf"自\s*({P.DATE.pattern})\s*起\s*(?:施行|执行|生效)")
_RULE_SENTENCE = re.compile(r"[^。；，,]*自[^。；]*?(?:施行|执行|生效)")


def parse_cn_date(text: str) -> str | None:
    """First date in *text* as ISO ``YYYY-MM-DD`` (2024 年 2 月 5 日 → 2024-02-05)."""
    match = P.DATE.search(text)
    if not match:
        return None
    try:
        year, month, day = (cn_to_int(match.group(i)) for i in (1, 2, 3))
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def effective_rule(text: str) -> str | None:
    """The sentence of *text* that says when the measures take effect."""
    for sentence in _RULE_SENTENCE.findall(text):
        if _AFTER_DAYS.search(sentence) or _ON_PUBLICATION.search(sentence) or _ON_DATE.search(sentence):
            return sentence.strip()
    return None


def effective_date(rule: str, issued: str | None) -> str | None:
    """Apply the rule: an explicit date, publication day, or N days after it.

    "自发布之日起30日后施行" is counted as the issue date plus 30 days
    (2024-02-05 → 2024-03-06).
    """
    match = _ON_DATE.search(rule)
    if match:
        return parse_cn_date(match.group(1))
    if issued is None:
        return None
    match = _AFTER_DAYS.search(rule)
    if match:
        days = cn_to_int(match.group(2))
        return (dt.date.fromisoformat(issued) + dt.timedelta(days=days)).isoformat()
    if _ON_PUBLICATION.search(rule):
        return issued
    return None


def status_on(effective: str | None, repealed_on: str | None, day: dt.date) -> str:
    """尚未生效 before the effective date, 已废止 from repeal, else 现行有效."""
    if repealed_on and day >= dt.date.fromisoformat(repealed_on):
        return STATUS_REPEALED
    if effective and day < dt.date.fromisoformat(effective):
        return STATUS_PENDING
    return STATUS_IN_FORCE
