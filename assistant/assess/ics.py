"""The deadlines of an assessment as an iCalendar file (RFC 5545), through the
``icalendar`` library: one all-day event per date the answers set (第十九条's
30 working days, the end of 第十八条's three years), with the reason and the
clause in its description. A date already passed is left out: a calendar is
for what is still ahead.

The file is deterministic (UIDs and stamps derive from the assessment), so
downloading it twice imports as the same events, not duplicates.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

PRODUCT = "-//green-assistant//绿色认定助手//ZH"


def _uid(result: dict, deadline: dict) -> str:
    key = "|".join([result["type"], deadline["id"], deadline["date"], deadline["title"]])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + "@green-assistant"


def upcoming(result: dict) -> list[dict]:
    """The deadlines that have not passed on the assessment date."""
    return [d for d in result.get("deadlines", []) if not d["passed"]]


def render_ics(result: dict) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", result["title"])
    stamp = dt.datetime.combine(dt.date.fromisoformat(result["date"]), dt.time(), tzinfo=dt.UTC)
    measures = result["measures"]
    for deadline in upcoming(result):
        day = dt.date.fromisoformat(deadline["date"])
        event = Event()
        event.add("uid", _uid(result, deadline))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        cited = "、".join(c["label"] for c in deadline["citations"])
        event.add("summary", f"{deadline['title']}（{cited}）")
        lines = [deadline["reason"], f"依据：《{measures['title']}》（{measures['doc_number']}）{cited}"]
        if deadline["estimate"]:
            lines.append("注意：此日期为估算。")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()  # a week ahead: time enough to prepare the documents
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{deadline['title']}（{cited}）")
        alarm.add("trigger", dt.timedelta(days=-7))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
