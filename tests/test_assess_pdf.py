"""The PDF report: A4, Chinese embedded and rendered, every section present.

Page 1 is rendered to ``test-artifacts/assess-report-p1.png`` (git-ignored)
so a person can look at it.
"""

from __future__ import annotations

import logging

import pytest

from assistant.assess import assess
from assistant.assess.pdf import render_pdf, wrap
from assistant.assess.report import with_context
from assistant.config import PROJECT_ROOT

pymupdf = pytest.importorskip("pymupdf")

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
ANSWERS = {
    "registered_in_chongqing": "yes", "tax_in_chongqing": "yes", "manufacturing": "yes",
    "founded_on": "2023-07-01", "major_accident": "yes", "last_major_accident_on": "2024-02-29",
    "blacklisted": "no", "ever_revoked": "no", "green_org": "no", "target_responsibility": "unsure",
    "long_term_plan": "yes", "annual_targets": "no", "funding": "yes",
    "environmental_system": "yes", "safety_system": "yes", "quality_system": "yes", "energy_system": "unsure",
    "competitive": "yes", "advanced_indicators": "yes", "self_evaluation": "gaps", "evaluator_engaged": "no",
}


@pytest.fixture(scope="module")
def result(kb):
    return with_context(assess(kb, "factory", ANSWERS, "2025-06-01").to_dict(), kb, "重庆渝新（集团）绿色制造有限公司")


@pytest.fixture(scope="module")
def document(result):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("fpdf").addHandler(handler)
    try:
        data = render_pdf(result)
    finally:
        logging.getLogger("fpdf").removeHandler(handler)
    assert not [r for r in records if "missing" in r.getMessage()], "every character has a glyph"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "assess-report.pdf").write_bytes(data)
    doc = pymupdf.open(stream=data, filetype="pdf")
    yield data, doc
    doc.close()


def test_a4_with_an_embedded_chinese_font(document):
    data, doc = document
    assert data.startswith(b"%PDF")
    width, height = doc[0].rect.width, doc[0].rect.height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    fonts = doc[0].get_fonts()
    assert fonts and all("NotoSansSC" in font[3] for font in fonts)
    assert all(font[1] == "ttf" for font in fonts)  # embedded TrueType
    assert len(data) < 400_000, "the font is subset, not embedded whole"


def test_the_text_comes_back_out(document, result):
    _, doc = document
    text = "".join(page.get_text() for page in doc).replace("\n", "")
    for expected in [
        "绿色工厂申报自评报告", "评估日期：2025-06-01", "渝经信规范〔2024〕4号",
        "申报单位：重庆渝新（集团）绿色制造有限公司",
        f"版本：渝经信规范〔2024〕4号 · 知识库 {result['version']['built']}",
        "结论：暂不符合申报条件", "第七条第（三）项", "2027-02-28", "不足三年",  # 29 February → 28 February
        "整改与准备清单", "【机构】", "下一步", "公示5个工作日", "30个工作日", "您的回答", "2024-02-29",
        "不代替第三方评价",
    ]:
        assert expected in text, expected
    for condition in result["conditions"]:
        assert condition["label"] in text and condition["status_label"] in text
    assert result["measures"]["fingerprint"] not in text  # the hash is for machines: JSON only


def test_page_one_renders_to_png(document):
    _, doc = document
    pixmap = doc[0].get_pixmap(dpi=110)
    path = ARTIFACTS / "assess-report-p1.png"
    pixmap.save(path)
    assert path.stat().st_size > 20_000
    samples = pixmap.samples
    dark = sum(1 for i in range(0, len(samples), pixmap.n * 7) if samples[i] < 128)
    assert dark > 500, "page 1 carries text, not a blank page"


def test_park_report_renders(kb):
    data = render_pdf(assess(kb, "park", {"park_type": "other"}, "2025-06-01").to_dict())
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc).replace("\n", "")
    assert "绿色园区申报自评报告" in text and "第六条第（一）项" in text and "问卷尚未答完" not in text


def test_wrap_keeps_dates_whole_and_punctuation_off_line_starts(tmp_path):
    from fpdf import FPDF

    from assistant.assess.fonts import static_fonts
    from assistant.assess.pdf import close_fonts

    text = "最近一次事故发生在2023-06-01，未满三年，2026-06-01起才满三年（第七条）。" * 3
    pdf = FPDF()
    pdf.add_font("sc", "", str(static_fonts(text, tmp_path)[""]))
    pdf.set_font("sc", "", 10)
    for width in range(30, 120, 7):
        lines = wrap(pdf, text, width).split("\n")
        assert "".join(lines) == text
        assert all(pdf.get_string_width(line) <= width for line in lines)
        assert not any(line[0] in "，。）" for line in lines)
        assert not any(line.endswith("（") for line in lines)
        dates = sum(line.count("2023-06-01") + line.count("2026-06-01") for line in lines)
        assert dates == 6, "no date is split across lines"
    close_fonts(pdf)
