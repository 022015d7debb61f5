"""An official file (PDF, DOCX, TXT, Markdown) → the cleaned UTF-8 text the corpus keeps.

PDF pages are read with pypdf, Word documents with python-docx; both are imported only here, when a file
is ingested. Page furniture goes (:mod:`.pagetext`), wrapped lines become paragraphs (:func:`.reflow.reflow`)
and a title printed over two lines becomes one line. The notice before the measures and the 〔〕 of document
numbers are kept: the result parses into the same articles as the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AssistantError
from . import patterns as P
from .pagetext import Removed, strip_furniture, summary
from .reflow import reflow, starts_structure

SUFFIXES = (".pdf", ".docx", ".txt", ".md")
# The last words of a regulation's or notice's title.
_TITLE_END = re.compile(r"(?:办法|规定|细则|规则|条例|通知|决定|意见|方案|标准|指南|规范|目录|程序)》?$")
_PUNCTUATION = set("。；：，、！？")


class IngestError(AssistantError):
    """The file cannot be ingested (type, damage, no text); the message says why, in Chinese."""


@dataclass
class Ingested:
    """The cleaned text, the suffix it is stored with, and what was taken out."""

    text: str
    suffix: str
    removed: list[Removed] = field(default_factory=list)
    page_breaks: int = 0
    joined_titles: list[str] = field(default_factory=list)

    def report(self) -> list[str]:
        """What was removed, in Chinese (the joined titles are in :attr:`joined_titles`)."""
        return summary(self.removed, self.page_breaks)


def ingest(path: Path) -> Ingested:
    """Read and clean *path*; :class:`IngestError` if it cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”：可导入 PDF、DOCX、TXT、MD 文件")
    if not path.is_file():
        raise IngestError(f"找不到文件：{path}")
    if suffix in (".txt", ".md"):
        return _plain(path, suffix)
    pages = _pdf_pages(path) if suffix == ".pdf" else _docx_pages(path)
    if not any(line.strip() for page in pages for line in page):
        hint = "（可能是扫描件，请先做文字识别）" if suffix == ".pdf" else ""
        raise IngestError(f"{path.name} 中没有可提取的文字{hint}")
    kept, removed = strip_furniture(pages)
    lines = [line.strip() for page in kept for line in page if line.strip()]
    lines, joined = join_titles(lines)
    text = "\n".join(_join_physical(line) for line in reflow(lines)) + "\n"
    return Ingested(text, ".txt", removed, max(len(pages) - 1, 0), joined)


def _plain(path: Path, suffix: str) -> Ingested:
    """Text and Markdown pass through with normalised line endings (and page furniture removed if the
    text has form feeds, as ``pdftotext`` writes)."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IngestError(f"{path.name} 不是 UTF-8 或 GB18030 编码的文本")
    if "\x00" in text:
        raise IngestError(f"{path.name} 不是文本文件")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    removed: list[Removed] = []
    breaks = text.count("\f")
    if breaks:
        kept, removed = strip_furniture([page.split("\n") for page in text.split("\f")])
        text = "\n".join("\n".join(page) for page in kept)
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"
    return Ingested(text, suffix, removed, breaks)


def _pdf_pages(path: Path) -> list[list[str]]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{path.name} 已加密，无法读取文字")
        return [(page.extract_text() or "").replace("\r", "\n").split("\n") for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise IngestError(f"无法读取 PDF 文件 {path.name}：文件已损坏或不是 PDF（{type(error).__name__}）") from error


def _docx_pages(path: Path) -> list[list[str]]:
    """Body paragraphs and table rows, split at explicit page breaks (headers and footers of the sections are
    not part of the body, so they never arrive)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise IngestError(f"无法读取 Word 文件 {path.name}：文件已损坏或不是 DOCX（{type(error).__name__}）") from error
    except Exception as error:  # zipfile and lxml raise their own types for damaged packages
        raise IngestError(f"无法读取 Word 文件 {path.name}：{type(error).__name__}") from error
    pages: list[list[str]] = [[]]
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                pages[-1].append("| " + " | ".join(cells) + " |")
            continue
        if block.tag != qn("w:p"):
            continue
        line = ""
        for node in block.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            if node.tag == qn("w:t"):
                line += node.text or ""
            elif node.tag == qn("w:tab"):
                line += " "
            elif node.get(qn("w:type")) == "page":
                pages[-1].append(line)
                pages.append([])
                line = ""
            else:
                pages[-1].append(line)
                line = ""
        pages[-1].append(line)
    return pages


def join_titles(lines: list[str]) -> tuple[list[str], list[str]]:
    """Before the first chapter or article, join a title line with the line finishing it
    (重庆市绿色园区和绿色工厂 / 认定管理办法)."""
    out: list[str] = []
    joined: list[str] = []
    body = False
    for line in lines:
        body = body or starts_structure(line)
        previous = out[-1] if out else ""
        if (not body and previous and _title_start(previous) and len(line) <= 30 and _TITLE_END.search(line)
                and not starts_structure(line) and len(previous) + len(line) <= 60):
            out[-1] = previous + line
            joined.append(out[-1])
        else:
            out.append(line)
    return out, joined


def _title_start(line: str) -> bool:
    return (line[-1] not in _PUNCTUATION and not P.DATE_LINE.match(line) and not P.DOC_NUMBER_LINE.match(line)
            and not P.is_parenthetical(line) and not _TITLE_END.search(line) and len(line) <= 40)


def _join_physical(line: str) -> str:
    """A logical line from :func:`reflow` (physical lines joined by "\\n") as one line: no space between
    Chinese characters, one space where Latin text meets."""
    parts = [part.strip() for part in line.split("\n")]
    out = parts[0]
    for part in parts[1:]:
        cjk = (out and not out[-1].isascii()) or (part and not part[0].isascii())
        out += ("" if cjk else " ") + part
    return out


def safe_name(name: str) -> str:
    """A file name for the corpus: no directories, no leading dot."""
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "-", name.strip()).strip(". -")
    if not stem:
        raise IngestError(f"文件名“{name}”不可用")
    return stem
