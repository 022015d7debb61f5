"""Next steps: what to know first (第三条, 第八条), the procedure of 第九条–第十一条 as a timeline, what the title
brings (第十二条–第十四条) and the duties that come with it (第十六条–第十九条),
all from ``kb/questionnaires/procedure.yaml``.

A procedure step may name the readiness item that completes it
(``done_when``); the first step after the last one done is the next one.
"""

from __future__ import annotations

from .cite import citation, short_citations
from .engine import MET, Judgement

PHASES = {"note": "开始之前", "procedure": "申报流程", "benefit": "认定后可获得", "duty": "认定后的义务"}


def _entry(kb, phase: str, data: dict, status: str | None = None, labels: dict | None = None) -> dict:
    primary = citation(kb, data["source"][0])
    entry = {
        "phase": phase, "id": data["id"], "title": data.get("title", ""), "text": data["text"],
        "who": data.get("who", ""),
        "article": primary["article"], "item": primary["item"], "label": primary["label"],
        "citation": primary["citation"], "citations": short_citations(kb, data["source"]),
    }
    if status is not None:
        entry["status"] = status
        entry["status_label"] = labels[status]
    return entry


def _applies(data: dict, type: str) -> bool:
    return type in data.get("applies_to", [type])


def next_steps(kb, procedure: dict, type: str, readiness: list[Judgement]) -> list[dict]:
    met = {j.spec.id for j in readiness if j.status == MET}
    steps = [s for s in procedure["steps"] if _applies(s, type)]
    done = [bool(s.get("done_when")) and s["done_when"] in met for s in steps]
    last_done = max((i for i, d in enumerate(done) if d), default=-1)
    following = next((i for i in range(last_done + 1, len(steps)) if not done[i]), None)
    out = [_entry(kb, "note", n) for n in procedure.get("notes", []) if _applies(n, type)]
    for index, step in enumerate(steps):
        status = "done" if done[index] else "next" if index == following else "todo"
        out.append(_entry(kb, "procedure", step, status, procedure["step_statuses"]))
    out += [_entry(kb, "benefit", b) for b in procedure["benefits"] if _applies(b, type)]
    out += [_entry(kb, "duty", d) for d in procedure["duties"] if _applies(d, type)]
    return out
