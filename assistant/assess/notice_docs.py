"""The 一次性告知单 (:mod:`.notice`) as a PDF (fpdf2, like the report) and as
a Word document (python-docx, imported only when asked for)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from .notice import NOTHING, action_text, build_notice
from .pdf import FAMILY, MARKS, STATUS_COLOURS, WIDTH, ReportPDF, typeset

HEADINGS = ["序号", "条款", "事项", "状态", "需提供的材料或需办理的事项"]
LABELS = "→需补齐的事项办理程序与受理部门说明受理自评结论评估日期依据第页共______"


def _todo(item: dict) -> str:
    lines = [action_text(a) for a in item["actions"]]
    return "\n".join(lines) or item["reason"]


def _procedure_lines(notice: dict) -> tuple[str, list[str]]:
    authority = notice["authority"]
    lead = ""
    if authority:
        body = f"（受理：{authority['who']}）" if authority["who"] else ""
        lead = f"{authority['title']}{body}：{authority['text']}（{authority['label']}）"
    flow = " → ".join(f"{n}. {s['title']}（{s['who']}，{s['label']}）" for n, s in enumerate(notice["procedure"], 1))
    steps = ([flow] if flow else []) + [f"• {s['title']}：{s['text']}（{s['label']}）" for s in notice["notes"]]
    steps += [f"• {d['text']}（{d['label']}）" for d in notice["duties"]]
    return lead, steps


def _deadline_lines(notice: dict) -> list[str]:
    return [f"• {d['text']}（{d['label']}）" for d in notice["deadlines"]]


class NoticePDF(ReportPDF):
    def __init__(self, result: dict, notice: dict):
        super().__init__(result)
        self.set_title(notice["title"])
        self.notice = notice

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FAMILY, "", 8)
            self.set_text_color(110)
            self.cell(0, 5, f"{self.notice['title']} · {self.notice['date']}", new_x="LMARGIN", new_y="NEXT")
            self.ln(1)
            self.set_text_color(0)

    def grid(self, headings, rows, widths, size: float = 8.5, line_height: float = 4.4,
             padding: float = 1) -> None:
        """The report's table, smaller, so that the notice keeps to one page."""
        super().grid(headings, rows, widths, size, line_height, padding)


def render_notice_pdf(result: dict, font_cache: Path | None = None, extra_text: str = "") -> bytes:
    from .fonts import cached_fonts

    notice = build_notice(result)
    fonts = cached_fonts(json.dumps(notice, ensure_ascii=False) + LABELS + "".join(HEADINGS) + MARKS + NOTHING
                         + extra_text, font_cache)
    return typeset(NoticePDF(result, notice), fonts, lambda pdf: _pdf_body(pdf, notice))


def _pdf_body(pdf: NoticePDF, notice: dict) -> None:
    pdf.para(notice["title"], size=17, style="B", height=10)
    pdf.set_text_color(70)
    pdf.para(f"评估日期：{notice['date']}    自评结论：{notice['verdict_label']}", size=9, height=5)
    pdf.para(f"依据：{notice['basis']}", size=9, height=5)
    pdf.set_text_color(0)
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 10.5)
    blanks = list(notice["blanks"])
    for name, value in notice["filled"].items():  # a filled-in name can be long: a line of its own
        pdf.para(f"{name}：{value}", size=10.5, style="B", height=7)
        blanks.remove(name)
    pdf.set_font(FAMILY, "", 10.5)
    third = WIDTH / 3
    for name in blanks:
        pdf.cell(third, 8, f"{name}：________________")
    pdf.ln(10)
    pdf.heading("需补齐的事项", size=12)
    if notice["items"]:
        pdf.para(notice["intro"], size=9.5, height=5)
        pdf.ln(1)
        rows = [[(str(n), None), (i["label"], None), (i["title"], None),
                 (i["status_label"], STATUS_COLOURS[i["status"]]), (_todo(i), None)]
                for n, i in enumerate(notice["items"], 1)]
        pdf.grid(HEADINGS, rows, [9, 25, 32, 13, 101])
    else:
        pdf.para(NOTHING)
    if notice["deadlines"]:
        pdf.heading("期限", size=12)
        for line in _deadline_lines(notice):
            pdf.para(line, size=9.5, height=5, indent=3)
    pdf.heading(notice["procedure_title"], size=12)
    lead, steps = _procedure_lines(notice)
    if lead:
        pdf.para(lead, size=10, style="B", height=5.5)
    for line in steps:
        pdf.para(line, size=9, height=4.8, indent=3)
    pdf.ln(2)
    pdf.set_text_color(90)
    pdf.para(f"{notice['disclaimer']}（版本：{notice['version']}）", size=8.5, height=4.5)
    pdf.set_text_color(0)


def render_notice_docx(result: dict) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    notice = build_notice(result)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    title = document.add_heading(notice["title"], level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"评估日期：{notice['date']}    依据：{notice['basis']}    "
                           f"自评结论：{notice['verdict_label']}")
    document.add_paragraph("    ".join(f"{name}：{notice['filled'].get(name) or '________________'}"
                                       for name in notice["blanks"]))
    document.add_heading("需补齐的事项", level=2)
    if notice["items"]:
        document.add_paragraph(notice["intro"])
        table = document.add_table(rows=1, cols=len(HEADINGS))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADINGS, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for number, item in enumerate(notice["items"], 1):
            cells = table.add_row().cells
            for cell, text in zip(cells, [str(number), item["label"], item["title"], item["status_label"],
                                          _todo(item)], strict=True):
                cell.text = text
        for row in table.rows:
            for cell, width in zip(row.cells, (9, 25, 32, 13, 101), strict=True):
                cell.width = Mm(width)
    else:
        document.add_paragraph(NOTHING)
    if notice["deadlines"]:
        document.add_heading("期限", level=2)
        for line in _deadline_lines(notice):
            document.add_paragraph(line)
    document.add_heading(notice["procedure_title"], level=2)
    lead, steps = _procedure_lines(notice)
    if lead:
        document.add_paragraph().add_run(lead).bold = True
    for line in steps:
        document.add_paragraph(line)
    document.add_paragraph(f"{notice['disclaimer']}（版本：{notice['version']}）").runs[0].italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_notice(result: dict, fmt: str, font_cache: Path | None = None, extra_text: str = "") -> bytes:
    """The notice in *fmt* (``md``, ``pdf`` or ``docx``) as bytes."""
    if fmt == "md":
        from .notice import render_notice_markdown

        return render_notice_markdown(result).encode("utf-8")
    if fmt == "pdf":
        return render_notice_pdf(result, font_cache, extra_text)
    if fmt == "docx":
        return render_notice_docx(result)
    raise ValueError(fmt)
