"""Time windows counted in years: "近三年" (第六条第（三）项, 第七条第（三）项) and
"三年内不得重新申报" (第十八条).

An event on day D blocks while the assessment date is before the N-th
anniversary of D, and no longer from the anniversary on: an accident on
2023-06-01 blocks until 2026-06-01 and is clear on 2026-06-01 itself.
The measures do not say how to count a year from 29 February; we follow the
month-end rule of 民法典第二百零二条 (no corresponding day → the last day of
that month), so 2024-02-29 + 3 years is 2027-02-28.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def anniversary(day: dt.date, years: int) -> dt.date:
    """The day *years* after *day*; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def blocked_until(event: dt.date, years: int, today: dt.date) -> dt.date | None:
    """The first day the event stops blocking, or None if it blocks no more."""
    until = anniversary(event, years)
    return until if today < until else None


def is_within(event: dt.date, years: int, today: dt.date) -> bool:
    """True while *today* is inside the *years* that follow *event*."""
    return blocked_until(event, years, today) is not None


def parse_iso_date(text: str) -> dt.date | None:
    """A strict ``YYYY-MM-DD`` date, or None if the text is not one (2023-02-30 is not)."""
    match = _ISO_DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
