"""``ingest``: an official PDF or Word file becomes a corpus text that parses into the same articles as the
text it was printed from, with the running header, the page numbers and the page breaks gone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.regulation import parse_regulation
from assistant.regulation.ingest import IngestError, ingest, join_titles
from assistant.regulation.pagetext import is_page_number, strip_furniture
from tests.conftest import CORPUS

SOURCE = CORPUS / "cq-green-certification-2024.txt"
HEADER = "重庆市经济和信息化委员会文件"
LINES_PER_PAGE = 22


def _physical_lines() -> list[str]:
    return [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _pages() -> list[list[str]]:
    """The notice alone on the first page, then the measures, as printed (the title already over two lines)."""
    lines = _physical_lines()
    cut = lines.index("（此件公开发布）") + 1
    notice, measures = lines[:cut], lines[cut:]
    return [notice] + [measures[i:i + LINES_PER_PAGE] for i in range(0, len(measures), LINES_PER_PAGE)]


def _articles(text: str) -> list[tuple[str, str]]:
    document = parse_regulation(text, SOURCE.name)
    return [(article.id, re.sub(r"\s+", "", article.text)) for article in document.articles]


def _check_same_regulation(text: str) -> None:
    expected = parse_regulation(SOURCE.read_text(encoding="utf-8"), SOURCE.name)
    got = parse_regulation(text, SOURCE.name)
    assert _articles(text) == _articles(SOURCE.read_text(encoding="utf-8"))
    assert len(got.articles) == len(expected.articles) > 20
    assert got.notice is not None and got.notice.doc_number == "渝经信规范〔2024〕4号"
    assert got.notice.body == expected.notice.body
    assert got.title == expected.title == "重庆市绿色园区和绿色工厂认定管理办法"
    assert "渝经信规范〔2024〕4" in text
    assert HEADER not in text and "—" not in text and "\f" not in text


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    from fpdf import FPDF

    from assistant.assess.fonts import cached_fonts

    directory = tmp_path_factory.mktemp("pdf")
    fonts = cached_fonts(SOURCE.read_text(encoding="utf-8") + HEADER + "—", directory / "fonts")
    pdf = FPDF()
    pdf.add_font("cjk", "", str(fonts[""]))
    pdf.set_auto_page_break(False)
    for number, page in enumerate(_pages(), 1):
        pdf.add_page()
        pdf.set_font("cjk", "", 10)
        pdf.text(20, 15, HEADER)
        for row, line in enumerate(page):
            pdf.text(20, 30 + row * 10, line)
        pdf.text(100, 285, f"— {number} —")
    path = directory / "渝经信规范〔2024〕4号.pdf"
    pdf.output(str(path))
    for font in pdf.fonts.values():
        if hasattr(font, "close"):
            font.close()
    return path


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory) -> Path:
    """Paragraphs as in the Word original, the title over two paragraphs; a converted file keeps the header
    and the page number in the body, with page breaks between pages."""
    import docx
    from docx.enum.text import WD_BREAK

    from assistant.regulation.parser import clean_lines

    paragraphs = ["".join(part.strip() for part in line.split("\n"))
                  for line in clean_lines(SOURCE.read_text(encoding="utf-8"))[0]]
    title = paragraphs.index("重庆市绿色园区和绿色工厂认定管理办法")
    paragraphs[title:title + 1] = ["重庆市绿色园区和绿色工厂", "认定管理办法"]
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER  # a real header: not part of the body
    pages = [paragraphs[:title]] + [paragraphs[i:i + 12] for i in range(title, len(paragraphs), 12)]
    for number, page in enumerate(pages, 1):
        document.add_paragraph(HEADER)
        for text in page:
            document.add_paragraph(text)
        footer = document.add_paragraph(f"- {number} -")
        if number < len(pages):
            footer.add_run().add_break(WD_BREAK.PAGE)
    path = tmp_path_factory.mktemp("docx") / "green.docx"
    document.save(str(path))
    return path


def test_a_pdf_parses_into_the_articles_of_its_source(pdf_file):
    result = ingest(pdf_file)
    _check_same_regulation(result.text)
    pages = len(_pages())
    assert [r.text for r in result.removed if r.kind == "页码"] == [f"— {n} —" for n in range(1, pages + 1)]
    assert sum(1 for r in result.removed if r.text == HEADER) == pages
    assert result.page_breaks == pages - 1
    assert "重庆市绿色园区和绿色工厂认定管理办法" in result.text.splitlines()


def test_a_docx_parses_into_the_articles_of_its_source(docx_file):
    result = ingest(docx_file)
    _check_same_regulation(result.text)
    assert "重庆市绿色园区和绿色工厂认定管理办法" in result.joined_titles
    assert {r.text for r in result.removed} >= {HEADER, "- 1 -"}


def test_the_command_writes_the_corpus_and_reports_what_it_removed(runner, sandbox, pdf_file):
    done = runner("ingest", str(pdf_file), "--name", "green-pdf", env_settings=sandbox)
    assert done.exit_code == 0, done.output
    written = sandbox.corpus_dir / "green-pdf.txt"
    text = written.read_text(encoding="utf-8")
    _check_same_regulation(text)
    assert "已去除" in done.output and HEADER in done.output and "— 1 —" in done.output
    assert "已合并分两行印的标题：“重庆市绿色园区和绿色工厂认定管理办法”" in done.output
    assert "页码" in done.output and f"解析出 {len(_articles(text))} 条" in done.output


def test_a_dry_run_writes_nothing(runner, sandbox, docx_file):
    done = runner("ingest", str(docx_file), "--dry-run", env_settings=sandbox)
    assert done.exit_code == 0, done.output
    assert "试运行" in done.output and HEADER in done.output
    assert not (sandbox.corpus_dir / "green.txt").exists()


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_and_markdown_pass_through_with_normalised_line_endings(runner, sandbox, tmp_path, suffix):
    original = SOURCE.read_text(encoding="utf-8")
    source = tmp_path / f"plain{suffix}"
    source.write_bytes(("\ufeff" + original.replace("\n", "\r\n")).encode("utf-8"))
    done = runner("ingest", str(source), env_settings=sandbox)
    assert done.exit_code == 0, done.output
    written = (sandbox.corpus_dir / f"plain{suffix}").read_bytes().decode("utf-8")
    assert "\r" not in written and "\ufeff" not in written
    assert written.strip("\n") == "\n".join(line.rstrip() for line in original.split("\n")).strip("\n")
    assert _articles(written) == _articles(original)


def test_form_feeds_in_a_text_are_page_breaks(tmp_path):
    pages = ["\n".join([HEADER, *page, f"第{n}页"]) for n, page in enumerate(_pages(), 1)]
    source = tmp_path / "pdftotext.txt"
    source.write_text("\f".join(pages), encoding="utf-8")
    result = ingest(source)
    _check_same_regulation(result.text)
    assert result.page_breaks == len(pages) - 1 and "第1页" in {r.text for r in result.removed}


@pytest.mark.parametrize(("name", "content", "message"), [
    ("table.xlsx", b"PK\x03\x04", "不支持的文件类型"),
    ("broken.pdf", b"%PDF-1.4\nthis is no pdf", "无法读取 PDF 文件"),
    ("broken.docx", b"not a zip at all", "无法读取 Word 文件"),
    ("binary.txt", b"\x00\x01\x02", "不是文本文件"),
])
def test_a_file_that_cannot_be_used_gets_a_chinese_message(runner, sandbox, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    done = runner("ingest", str(path), env_settings=sandbox)
    assert done.exit_code == 1
    assert message in done.output and "Traceback" not in done.output
    assert not list(sandbox.corpus_dir.glob(f"{path.stem}.*"))


def test_a_missing_file_and_an_empty_pdf(runner, sandbox, tmp_path):
    from fpdf import FPDF

    done = runner("ingest", str(tmp_path / "missing.pdf"), env_settings=sandbox)
    assert done.exit_code == 1 and "找不到文件" in done.output
    blank = FPDF()
    blank.add_page()
    blank.output(str(tmp_path / "scan.pdf"))
    done = runner("ingest", str(tmp_path / "scan.pdf"), env_settings=sandbox)
    assert done.exit_code == 1 and "没有可提取的文字" in done.output


@pytest.mark.parametrize("line", ["— 3 —", "- 3 -", "第3页", "第 3 页 共 12 页", "3/12", "12", "Page 3 of 9"])
def test_page_numbers(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["第三条", "2024 年 2 月 5 日", "渝经信规范〔2024〕4 号", "（一）3 个月"])
def test_not_page_numbers(line):
    assert not is_page_number(line)


def test_only_the_edges_of_a_page_are_furniture():
    pages = [[HEADER, "第一条 正文。", "12", "第二条 正文。", "— 1 —"],
             [HEADER, "第三条 正文。", HEADER, "第四条 正文。", "— 2 —"]]
    kept, removed = strip_furniture(pages)
    assert kept == [["第一条 正文。", "12", "第二条 正文。"], ["第三条 正文。", HEADER, "第四条 正文。"]]
    assert [(r.kind, r.page) for r in removed] == [("页眉/页脚", 1), ("页码", 1), ("页眉/页脚", 2), ("页码", 2)]


def test_a_title_over_two_lines_is_joined_but_not_the_notice_lines():
    lines = ["重庆市经济和信息化委员会", "渝经信规范〔2024〕4 号", "重庆市绿色园区和绿色工厂", "认定管理办法",
             "第一章 总则", "第一条 为了规范管理，制定本", "办法"]
    joined, titles = join_titles(lines)
    assert joined == ["重庆市经济和信息化委员会", "渝经信规范〔2024〕4 号", "重庆市绿色园区和绿色工厂认定管理办法",
                      "第一章 总则", "第一条 为了规范管理，制定本", "办法"]
    assert titles == ["重庆市绿色园区和绿色工厂认定管理办法"]


def test_unsupported_type_error_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="可导入 PDF、DOCX、TXT、MD"):
        ingest(tmp_path / "x.doc")


def test_a_line_at_the_top_of_one_page_and_the_foot_of_another_stays():
    pages = [["重庆市经济和信息化委员会", "第一条 正文。", "第二条 正文。"],
             ["第三条 正文。", "第四条 正文。", "重庆市经济和信息化委员会"]]
    kept, removed = strip_furniture(pages)
    assert kept == pages and removed == []


def test_an_undecodable_text_gets_a_chinese_message(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\x80\x80\xff")
    with pytest.raises(IngestError, match="编码"):
        ingest(path)
