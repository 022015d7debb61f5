"""The 一次性告知单: on one page, every condition of a result not met or still
to verify, what to supply or do for it and its clause; then the procedure
and the body to apply to; blank fields for 申请单位, 经办人 and 日期.

Built from the result dictionary (``Assessment.to_dict()``) alone: every
text is the result's own (its checklist, next steps and citations), so the
notice never states a criterion the result does not.
"""

from __future__ import annotations

from .report import deadline_marks, header_lines, version_text

TITLE = "一次性告知单"
BLANKS = ("申请单位", "经办人", "日期")
INTRO = "经对照下列条款自评，以下事项尚不符合或有待核实，请一次性补齐材料或完成相应事项："
NOTHING = "没有不符合或待核实的事项。"


def _labels(citations: list[dict], own: str) -> str:
    """The clauses an action cites besides the item's own (already in its row)."""
    return "、".join(label for label in dict.fromkeys(c["label"] for c in citations) if label != own)


def action_text(action: dict) -> str:
    """□【证明材料】准备……（第九条）: an action, with the other clauses it cites."""
    cited = f"（{action['clauses']}）" if action["clauses"] else ""
    return f"□【{action['kind']}】{action['text']}{cited}"


def notice_items(result: dict) -> list[dict]:
    """One item per condition or readiness item not met or to verify, with what to do."""
    actions = {entry["id"]: entry["actions"] for entry in result["checklist"]}
    items = []
    for row in [*result["conditions"], *result["readiness"]]:
        if row["status"] == "met":
            continue
        todo = [{"kind": a["kind"], "text": a["text"], "clauses": _labels(a["citations"], row["label"])}
                for a in actions.get(row["id"], [])]
        items.append({"id": row["id"], "label": row["label"], "title": row["title"], "status": row["status"],
                      "status_label": row["status_label"], "reason": row["reason"], "actions": todo})
    return items


def _authority(steps: list[dict]) -> dict | None:
    """The step where the applicant applies, and the body that receives it (the next step's)."""
    for index, step in enumerate(steps):
        if step["id"] == "apply":
            after = steps[index + 1]["who"] if index + 1 < len(steps) else ""
            return {"title": step["title"], "text": step["text"], "label": step["label"], "who": after}
    return None


def deadline_text(deadline: dict) -> str:
    """2027-01-12 更名、重组后申请调整的最后期限（估算）."""
    return f"{deadline['date']} {deadline['title']}{deadline_marks(deadline)}"


def build_notice(result: dict) -> dict:
    """The notice as data, for the Markdown, PDF, DOCX and HTML renderings. A questionnaire for those
    already certified has no application procedure: its notice lists the duties of the title instead."""
    procedure = [s for s in result["next_steps"] if s["phase"] == "procedure"]
    notes = [s for s in result["next_steps"] if s["phase"] == "note"]
    duties = [] if procedure else [s for s in result["next_steps"] if s["phase"] == "duty"]
    heading = result.get("notice_heading") or {}
    measures = result["measures"]
    return {
        "title": heading.get("title") or f"{result['type_label']}申报{TITLE}",
        "procedure_title": "办理程序与受理部门" if procedure or not duties else "认定后的义务",
        "duties": [{"text": s["text"], "label": s["label"]} for s in duties],
        "deadlines": [{"text": deadline_text(d), "label": "、".join(c["label"] for c in d["citations"])}
                      for d in result.get("deadlines", [])],
        "type_label": result["type_label"],
        "date": result["date"],
        "basis": f"《{measures['title']}》（{measures['doc_number']}）",
        "verdict_label": result["verdict_label"],
        "verdict_text": result["verdict_text"],
        "intro": heading.get("intro") or INTRO,
        "items": notice_items(result),
        "procedure": [{"title": s["title"], "who": s["who"], "text": s["text"], "label": s["label"],
                       "status_label": s.get("status_label", "")} for s in procedure],
        "notes": [{"title": s["title"], "text": s["text"], "label": s["label"]} for s in notes],
        "authority": _authority(procedure),
        "blanks": list(BLANKS),
        # 申请单位 comes filled in when the applicant gave the name on the result page.
        "filled": {BLANKS[0]: result["enterprise_name"]} if result.get("enterprise_name") else {},
        "enterprise_name": result.get("enterprise_name"),
        "version": version_text(result),
        "disclaimer": result["disclaimer"],
        "header": header_lines(result, with_name=False),
    }


def _cell(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_notice_markdown(result: dict) -> str:
    notice = build_notice(result)
    lines = [f"# {notice['title']}", ""]
    lines += [f"- {name}：{notice['filled'].get(name) or '______________________'}" for name in notice["blanks"]]
    lines += ["", *notice["header"], f"- 自评结论：{notice['verdict_label']}", "", "## 需补齐的事项", ""]
    if not notice["items"]:
        lines += [NOTHING, ""]
    else:
        lines += [notice["intro"], "", "| 序号 | 条款 | 事项 | 状态 | 需提供的材料或需办理的事项 |",
                  "| --- | --- | --- | --- | --- |"]
        for number, item in enumerate(notice["items"], 1):
            todo = "<br>".join(_cell(action_text(a)) for a in item["actions"])
            lines.append(f"| {number} | {item['label']} | {_cell(item['title'])} | {item['status_label']} | "
                         f"{todo or _cell(item['reason'])} |")
        lines.append("")
    if notice["deadlines"]:
        lines += ["## 期限", "", *[f"- {d['text']}（{d['label']}）" for d in notice["deadlines"]], ""]
    lines += [f"## {notice['procedure_title']}", ""]
    lines += [f"- {d['text']}（{d['label']}）" for d in notice["duties"]]
    authority = notice["authority"]
    if authority:
        body = f"（受理：{authority['who']}）" if authority["who"] else ""
        lines += [f"**{authority['title']}**{body}：{authority['text']}（{authority['label']}）", ""]
    lines += [f"{n}. {s['title']}（{s['who']}）：{s['text']}（{s['label']}）" for n, s in
              enumerate(notice["procedure"], 1)]
    lines += [f"- {s['title']}：{s['text']}（{s['label']}）" for s in notice["notes"]]
    lines += ["", "## 说明", "", f"- {notice['disclaimer']}"]
    return "\n".join(lines).rstrip() + "\n"
