"""The result as a printable A4 PDF (``assess --pdf OUT``).

Renders the result dictionary with fpdf2 and an embedded, subset Chinese
font (:mod:`.fonts`), so it needs nothing but PyPI packages. Sections follow
the Markdown report: header, verdict, conditions, readiness, checklist,
next steps, answers, notes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from .fonts import cached_fonts
from .report import deadline_marks, sections, verdict_basis, version_text
from .steps import PHASES

FAMILY = "NotoSansSC"
WIDTH = 180  # A4 width 210 mm less 15 mm margins
STATUS_COLOURS = {"met": (27, 94, 32), "not_met": (183, 28, 28), "to_verify": (176, 96, 0)}
TONE_FILLS = {"not_met": (253, 236, 234), "to_verify": (255, 248, 225), "met": (225, 242, 228)}
MARKS = "：·【】（）《》“”、；。，•□"  # punctuation the layout itself adds
LABELS = {
    "report": "报告", "date": "评估日期", "basis": "依据", "effective": "施行日期", "status": "评估日状态",
    "version": "版本", "kb": "知识库", "enterprise": "申报单位", "verdict": "结论", "blocking_until": "起不再受此限制",
    "unanswered": "尚未回答的问题", "deadlines": "期限", "date_of": "日期",
    "passed": "已过", "estimate": "估算",  # not printed as labels: they put deadline_marks' characters in the font
    "clause": "条款", "item": "事项", "result": "结论", "reason": "理由", "checklist": "整改与准备清单",
    "nothing": "没有需要整改或补充的事项。", "steps": "下一步", "answers": "您的回答", "question": "问题",
    "answer": "回答", "notes": "说明", "convention": "期限计算", "authority": "依据", "page": "第 {} 页 / 共 {} 页",
}


# Line breaking for Chinese: break between characters, but keep runs of Latin
# letters and digits whole (2026-06-01), never start a line with closing
# punctuation and never end one with opening punctuation (禁则).
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-./:%]*|\s|.", re.S)
NO_LINE_START = set("，。、；：？！）》」』】〕”’%)]}.,;:!?")
NO_LINE_END = set("（《「『【〔“‘([{")


def _units(text: str) -> list[str]:
    units: list[str] = []
    for match in _UNIT.finditer(text):
        unit = match.group(0)
        if units and (unit[0] in NO_LINE_START or units[-1][-1] in NO_LINE_END):
            units[-1] += unit
        else:
            units.append(unit)
    return units


def wrap(pdf: FPDF, text: str, width: float) -> str:
    """*text* with line breaks so that every line fits *width* in the current font."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for unit in _units(paragraph):
            if line and pdf.get_string_width(line + unit) > width:
                lines.append(line.rstrip())
                line = unit.lstrip()
            else:
                line += unit
        lines.append(line)
    return "\n".join(lines)


class ReportPDF(FPDF):
    def __init__(self, result: dict):
        super().__init__(format="A4", unit="mm")
        self.result = result
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(f"{result['title']}{LABELS['report']}")
        self.set_creator("绿色认定助手")
        self.set_lang("zh-CN")

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110)
        name = f"{self.result['enterprise_name']} · " if self.result.get("enterprise_name") else ""
        self.cell(0, 5, f"{name}{self.result['title']}{LABELS['report']} · {LABELS['date']} {self.result['date']}",
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110)
        measures = self.result["measures"]
        self.cell(WIDTH / 2, 5, f"《{measures['title']}》{measures['doc_number']}")
        self.cell(WIDTH / 2, 5, LABELS["page"].format(self.page_no(), "{nb}"), align="R")
        self.set_text_color(0)

    # -- building blocks -------------------------------------------------------------------------

    def para(self, text: str, size: float = 10, style: str = "", height: float = 5.5, indent: float = 0) -> None:
        self.set_font(FAMILY, style, size)
        self.set_x(self.l_margin + indent)
        lines = wrap(self, text, WIDTH - indent - 2 * self.c_margin - 0.3)
        self.multi_cell(WIDTH - indent, height, lines, new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                        wrapmode=WrapMode.CHAR, align="L")

    def heading(self, text: str, size: float = 13) -> None:
        if self.will_page_break(45):
            self.add_page()
        self.ln(3)
        self.para(text, size=size, style="B", height=8)
        self.set_draw_color(180)
        self.line(self.l_margin, self.get_y(), self.l_margin + WIDTH, self.get_y())
        self.ln(2)

    def grid(self, headings: list[str], rows: list[list[tuple[str, tuple | None]]], widths: list[float],
             size: float = 9, line_height: float = 5, padding: float = 1.2) -> None:
        self.set_font(FAMILY, "", size)
        self.set_draw_color(190)
        heading_style = FontFace(emphasis="BOLD", fill_color=(238, 238, 238))
        with self.table(col_widths=widths, width=WIDTH, text_align="LEFT", wrapmode=WrapMode.CHAR,
                           line_height=line_height, padding=padding, headings_style=heading_style,
                           v_align="TOP") as table:
            table.row(headings)
            for cells in rows:
                row = table.row()
                for (text, colour), width in zip(cells, widths, strict=True):
                    style = FontFace(color=colour, emphasis="BOLD") if colour else None
                    row.cell(wrap(self, text, width - 2 * padding - 0.5), style=style)
        self.ln(2)


def _verdict(pdf: ReportPDF, result: dict) -> None:
    tone = result.get("verdict_tone") or ("not_met" if result["blocking"] else "met")  # stored older results
    pdf.set_fill_color(*TONE_FILLS[tone])
    top = pdf.get_y()
    lines = [f"{LABELS['verdict']}：{result['verdict_label']}"]
    basis = verdict_basis(result)
    body = [result["verdict_text"] + (f"（{LABELS['authority']}：{basis}）" if basis else "")]
    body += [f"• {b['label']} {b['title']}：{b['reason']}" + (f"（{b['until']} {LABELS['blocking_until']}）"
             if b["until"] else "") for b in result["blocking"]]
    if result["unanswered"]:
        body.append(f"{LABELS['unanswered']}（{len(result['unanswered'])}）：" +
                    "；".join(q["text"] for q in result["unanswered"]))
    pdf.set_font(FAMILY, "B", 14)
    pdf.multi_cell(WIDTH, 8, lines[0], fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=(2, 3, 0, 3))
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(WIDTH, 5.5, wrap(pdf, "\n".join(body), WIDTH - 6.5), fill=True, new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT, wrapmode=WrapMode.CHAR, align="L", padding=(1, 3, 3, 3))
    pdf.set_fill_color(255)
    if pdf.page_no() == 1:
        pdf.set_draw_color(*STATUS_COLOURS[tone])
        pdf.rect(pdf.l_margin, top, WIDTH, pdf.get_y() - top)
    pdf.ln(2)


def _reason(entry: dict) -> str:
    evidence = entry.get("evidence")
    if not evidence:
        return entry["reason"]
    cited = "、".join(c["label"] for c in evidence["citations"])
    return f"{entry['reason']}（{evidence['label']}，{cited}）"


def _judged(entries: list[dict]) -> list[list[tuple[str, tuple | None]]]:
    return [[(e["label"], None), (e["title"], None), (e["status_label"], STATUS_COLOURS[e["status"]]),
             (_reason(e), None)] for e in entries]


def _checklist(pdf: ReportPDF, result: dict) -> None:
    pdf.heading(LABELS["checklist"])
    if not result["checklist"]:
        pdf.para(LABELS["nothing"])
    for entry in result["checklist"]:
        if pdf.will_page_break(20):
            pdf.add_page()
        pdf.set_text_color(*STATUS_COLOURS[entry["status"]])
        pdf.para(f"{entry['label']} {entry['title']}（{entry['status_label']}）", size=10.5, style="B", height=6)
        pdf.set_text_color(90)
        pdf.para(entry["reason"], size=9, height=5)
        pdf.set_text_color(0)
        for action in entry["actions"]:
            cited = "、".join(c["label"] for c in action["citations"])
            pdf.para(f"□ 【{action['kind']}】{action['text']}（{cited}）", size=9.5, height=5.2, indent=4)
        pdf.ln(1.5)


def _steps(pdf: ReportPDF, result: dict) -> None:
    pdf.heading(LABELS["steps"])
    for phase, title in PHASES.items():
        entries = [s for s in result["next_steps"] if s["phase"] == phase]
        if not entries:
            continue
        pdf.para(title, size=10.5, style="B", height=7)
        for number, step in enumerate(entries, 1):
            cited = "、".join(c["label"] for c in step["citations"])
            if phase == "procedure":
                colour = STATUS_COLOURS["met"] if step["status"] == "done" else (0, 0, 0)
                pdf.set_text_color(*colour)
                text = f"{number}. 【{step['status_label']}】{step['title']}（{step['who']}）：{step['text']}"
            else:
                text = f"• {step['title']}：{step['text']}" if step["title"] else f"• {step['text']}"
            text += f"（{cited}）"
            pdf.para(text, size=9.5, height=5.2, indent=4)
            pdf.set_text_color(0)
        pdf.ln(1)


def knowledge_text(kb) -> str:
    """Every character the knowledge base can put into a report."""
    return "".join(c.text for c in kb.clauses()) + json.dumps(kb.curated, ensure_ascii=False)


def render_pdf(result: dict, font_cache: Path | None = None, extra_text: str = "") -> bytes:
    """The PDF report for a result dictionary (``Assessment.to_dict()``).

    *font_cache* is where the cut-down fonts are kept between reports (the
    data directory's cache); *extra_text* widens them (e.g. the whole
    knowledge base) so that later reports reuse them.
    """
    text = (json.dumps(result, ensure_ascii=False) + "".join(LABELS.values()) + "".join(PHASES.values())
            + MARKS + extra_text)
    return typeset(ReportPDF(result), cached_fonts(text, font_cache), lambda pdf: _body(pdf, result))


def typeset(pdf: FPDF, fonts: dict, body) -> bytes:
    """*pdf* with the CJK *fonts* registered, one page begun and *body* written on it, as bytes."""
    for style, path in fonts.items():
        pdf.add_font(FAMILY, style, str(path))
    try:
        pdf.add_page()
        body(pdf)
        return bytes(pdf.output())
    finally:
        close_fonts(pdf)


def close_fonts(pdf: FPDF) -> None:
    """Release the font files fpdf2 keeps open (before their directory goes)."""
    for font in pdf.fonts.values():
        if hasattr(font, "close"):
            font.close()


def _body(pdf: ReportPDF, result: dict) -> None:
    measures = result["measures"]
    pdf.para(f"{result['title']}{LABELS['report']}", size=18, style="B", height=10)
    if result.get("enterprise_name"):
        pdf.para(f"{LABELS['enterprise']}：{result['enterprise_name']}", size=11, style="B", height=6.5)
    pdf.set_text_color(70)
    pdf.para(f"{LABELS['date']}：{result['date']}    {LABELS['basis']}：《{measures['title']}》"
             f"（{measures['doc_number']}）", size=9, height=5)
    pdf.para(f"{LABELS['effective']}：{measures['effective']}    {LABELS['status']}：{measures['status']}    "
             f"{LABELS['version']}：{version_text(result)}", size=9, height=5)
    pdf.set_text_color(0)
    pdf.ln(3)
    _verdict(pdf, result)
    if result.get("deadlines"):
        pdf.heading(LABELS["deadlines"])
        rows = [[(d["date"], STATUS_COLOURS["not_met"] if d["passed"] else None),
                 (d["title"] + deadline_marks(d), None),
                 (d["reason"] + "（" + "、".join(c["label"] for c in d["citations"]) + "）", None)]
                for d in result["deadlines"]]
        pdf.grid([LABELS["date_of"], LABELS["item"], LABELS["reason"]], rows, [25, 50, 105])
    titles = sections(result)
    pdf.heading(f"{titles['conditions']}（{result['basis']}等）")
    headings = [LABELS["clause"], LABELS["item"], LABELS["result"], LABELS["reason"]]
    pdf.grid(headings, _judged(result["conditions"]), [31, 44, 15, 90])
    if result["readiness"]:
        pdf.heading(titles["readiness"])
        pdf.grid(headings, _judged(result["readiness"]), [31, 44, 15, 90])
    _checklist(pdf, result)
    _steps(pdf, result)
    pdf.heading(LABELS["answers"])
    rows = [[(a["question"], None), (a["answer"], None)] for a in result["answers"]]
    pdf.grid([LABELS["question"], LABELS["answer"]], rows, [135, 45])
    pdf.heading(LABELS["notes"])
    pdf.para(f"• {result['disclaimer']}", size=9.5)
    for convention in result["conventions"]:
        pdf.para(f"• {LABELS['convention']}：{convention['text']}{LABELS['authority']}：{convention['authority']}。",
                 size=9.5)
