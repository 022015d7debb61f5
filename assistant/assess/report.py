"""The result as Markdown (``assess --markdown`` and the terminal session).

Renders the result dictionary (``Assessment.to_dict()``), so the same text
can be made from a stored JSON result.
"""

from __future__ import annotations

from .steps import PHASES


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def header_lines(result: dict) -> list[str]:
    measures = result["measures"]
    return [
        f"- 评估日期：{result['date']}",
        f"- 依据：《{measures['title']}》（{measures['doc_number']}），{measures['effective']} 起施行；"
        f"评估日状态：{measures['status']}",
        f"- 知识库版本：{measures['fingerprint']}",
    ]


def status_text(row: dict) -> str:
    """The status as shown, with the document that evidences it (符合（由第三方评价报告证明）)."""
    evidence = row.get("evidence")
    return f"{row['status_label']}（{evidence['label']}）" if evidence else row["status_label"]


def verdict_basis(result: dict) -> str:
    """The clauses the verdict rests on (第九条、第十条), or nothing for a result stored without them."""
    return "、".join(c["label"] for c in result.get("verdict_citations", []))


def _verdict(result: dict) -> list[str]:
    basis = verdict_basis(result)
    text = result["verdict_text"] + (f"（依据：{basis}）" if basis else "")
    lines = [f"## 结论：{result['verdict_label']}", "", text, ""]
    for block in result["blocking"]:
        until = f"（{block['until']} 起不再受此限制）" if block["until"] else ""
        lines.append(f"- **{block['label']}** {block['title']}：{block['reason']}{until}")
    if result["unanswered"]:
        lines += ["", f"尚未回答的问题（{len(result['unanswered'])} 个）："]
        lines += [f"- {q['text']}（{q['id']}）" for q in result["unanswered"]]
    return [*lines, ""]


def _table(rows: list[dict]) -> list[str]:
    lines = ["| 条款 | 事项 | 结论 | 理由 |", "| --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {row['label']} | {_cell(row['title'])} | {_cell(status_text(row))} | {_cell(row['reason'])} |")
    return [*lines, ""]


def _checklist(result: dict) -> list[str]:
    if not result["checklist"]:
        return ["没有需要整改或补充的事项。", ""]
    lines = []
    for entry in result["checklist"]:
        lines += [f"### {entry['label']} {entry['title']}（{entry['status_label']}）", "", entry["reason"], ""]
        for action in entry["actions"]:
            cited = "、".join(c["label"] for c in action["citations"])
            lines.append(f"- [ ] 【{action['kind']}】{action['text']}（{cited}）")
        lines.append("")
    return lines


def _steps(result: dict) -> list[str]:
    lines = []
    for phase, title in PHASES.items():
        entries = [s for s in result["next_steps"] if s["phase"] == phase]
        if not entries:
            continue
        lines += [f"### {title}", ""]
        for number, step in enumerate(entries, 1):
            cited = "、".join(c["label"] for c in step["citations"])
            if phase == "procedure":
                lines.append(f"{number}. 【{step['status_label']}】**{step['title']}**（{step['who']}）："
                             f"{step['text']}（{cited}）")
            elif step["title"]:
                lines.append(f"- **{step['title']}**：{step['text']}（{cited}）")
            else:
                lines.append(f"- {step['text']}（{cited}）")
        lines.append("")
    return lines


def _answers(result: dict) -> list[str]:
    lines = ["| 问题 | 回答 |", "| --- | --- |"]
    lines += [f"| {_cell(a['question'])} | {_cell(a['answer'])} |" for a in result["answers"]]
    return [*lines, ""]


def render_markdown(result: dict) -> str:
    lines = [f"# {result['title']}报告", "", *header_lines(result), "", *_verdict(result)]
    lines += [f"## 申报条件（{result['basis']}等）", "", *_table(result["conditions"])]
    if result["readiness"]:
        lines += ["## 申报准备（第九条）", "", *_table(result["readiness"])]
    lines += ["## 整改与准备清单", "", *_checklist(result)]
    lines += ["## 下一步", "", *_steps(result)]
    lines += ["## 您的回答", "", *_answers(result)]
    lines += ["## 说明", "", f"- {result['disclaimer']}"]
    lines += [f"- 期限计算：{c['text']}依据：{c['authority']}。" for c in result["conventions"]]
    return "\n".join(lines).rstrip() + "\n"
