"""The result as Markdown (``assess --markdown`` and the terminal session).

Renders the result dictionary (``Assessment.to_dict()``), so the same text
can be made from a stored JSON result.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import BadInput
from .steps import PHASES

NAME_FIELD = "申报单位名称"
NAME_LIMIT = 60  # the longest registered names run to about 40 characters
# Letters of any script, digits and the punctuation found in registered names: whatever else
# (control characters, emoji, markup) would be lost or garbled in a PDF or a Word table.
_NAME = re.compile(r"^[\w\u3000 ·・（）()［］\[\]〔〕【】、，,.．&＆'’\-—－/／+＋#＃]+$")
_BEIJING = dt.timezone(dt.timedelta(hours=8))  # the build date as the applicants' calendar has it


def clean_enterprise_name(raw: str | None) -> str | None:
    """The 申报单位名称 as typed, tidied, or None when left empty; BadInput (field ``enterprise_name``)
    naming the field in words when it cannot be printed on a report."""
    name = " ".join((raw or "").replace("\u3000", " ").split())
    if not name:
        return None
    if len(name) > NAME_LIMIT:
        raise BadInput(f"{NAME_FIELD}：最多 {NAME_LIMIT} 个字，现在是 {len(name)} 个字", field="enterprise_name")
    if not _NAME.match(name):
        raise BadInput(f"{NAME_FIELD}：只能包含文字、字母、数字和括号、顿号、短横线等常用标点",
                       field="enterprise_name")
    return name


def with_context(result: dict, kb, enterprise_name: str | None = None) -> dict:
    """The result with what the reports show besides it: the applicant's name and the version people
    can read (the measures' 文号 and the knowledge base's build date; the hash stays in ``measures``)."""
    built = kb.data.get("built_at") if hasattr(kb, "data") else None
    try:
        day = dt.datetime.fromisoformat(built).astimezone(_BEIJING).date().isoformat() if built else None
    except ValueError:
        day = None
    return {**result, "enterprise_name": enterprise_name,
            "version": {"doc_number": result["measures"]["doc_number"], "built": day}}


def version_text(result: dict) -> str:
    """渝经信规范〔2024〕4号 · 知识库 2026-12-03 (a result stored without a version: the 文号 alone)."""
    version = result.get("version") or {"doc_number": result["measures"]["doc_number"], "built": None}
    built = f" · 知识库 {version['built']}" if version.get("built") else ""
    return f"{version['doc_number']}{built}"


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


def header_lines(result: dict, with_name: bool = True) -> list[str]:
    measures = result["measures"]
    name = [f"- 申报单位：{result['enterprise_name']}"] if with_name and result.get("enterprise_name") else []
    return [
        *name,
        f"- 评估日期：{result['date']}",
        f"- 依据：《{measures['title']}》（{measures['doc_number']}），{measures['effective']} 起施行；"
        f"评估日状态：{measures['status']}",
        f"- 版本：{version_text(result)}",
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


SECTIONS = {"conditions": "申报条件", "readiness": "申报准备（第九条）"}  # a result stored before ``sections``


def sections(result: dict) -> dict:
    return {**SECTIONS, **result.get("sections", {})}


def deadline_marks(deadline: dict) -> str:
    """（已过）（估算）: what the reader must know about a deadline's date."""
    return "".join(["（已过）" if deadline["passed"] else "", "（估算）" if deadline["estimate"] else ""])


def deadline_lines(result: dict) -> list[str]:
    """One line per date the answers set: 2026-07-14 更名、重组后申请调整的最后期限（已过）：…（第十九条）."""
    lines = []
    for d in result.get("deadlines", []):
        cited = "、".join(c["label"] for c in d["citations"])
        lines.append(f"- **{d['date']}** {d['title']}{deadline_marks(d)}：{d['reason']}（{cited}）")
    return lines


def render_markdown(result: dict) -> str:
    lines = [f"# {result['title']}报告", "", *header_lines(result), "", *_verdict(result)]
    if result.get("deadlines"):
        lines += ["## 期限", "", *deadline_lines(result), ""]
    titles = sections(result)
    lines += [f"## {titles['conditions']}（{result['basis']}等）", "", *_table(result["conditions"])]
    if result["readiness"]:
        lines += [f"## {titles['readiness']}", "", *_table(result["readiness"])]
    lines += ["## 整改与准备清单", "", *_checklist(result)]
    lines += ["## 下一步", "", *_steps(result)]
    lines += ["## 您的回答", "", *_answers(result)]
    lines += ["## 说明", "", f"- {result['disclaimer']}"]
    lines += [f"- 期限计算：{c['text']}依据：{c['authority']}。" for c in result["conventions"]]
    return "\n".join(lines).rstrip() + "\n"
