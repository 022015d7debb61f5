"""Raw regulation text → :class:`Document`.

Pipeline: strip markup → reflow wrapped lines → structure → front matter →
metadata → ids, labels and references.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from . import patterns as P
from .citations import assign_ids
from .dates import effective_date, effective_rule, parse_cn_date
from .frontmatter import normalise_doc_number, split_front
from .markup import strip_markup
from .model import Document
from .references import link_references
from .reflow import reflow, tidy
from .structure import parse_body

_REPEALED = re.compile(r"《([^《》]+)》(?:\s*[（(]([^（）()]*?号)[）)])?")


def clean_lines(text: str) -> tuple[list[str], dict[str, str]]:
    """The cleaned source: logical lines (untidied) plus markup hints."""
    stripped = strip_markup(text)
    return reflow(stripped.lines), stripped.hints


def cleaned_text(text: str) -> str:
    """The cleaned source as one string, the reference for faithfulness."""
    lines, _ = clean_lines(text)
    return "\n".join(lines)


def parse_regulation(text: str, source: str = "") -> Document:
    lines, hints = clean_lines(text)
    if not lines:
        raise ParseError(f"{source or 'text'}: no text to parse")
    body = parse_body(lines)
    front = split_front(body.front, hints.get("title", "") or Path(source).stem)
    document = Document(
        title=front.title,
        source=source,
        notice=front.notice,
        front=[tidy(line) for line in body.front],
        preamble=front.preamble,
        headings=body.headings,
        articles=body.articles,
        outline=body.outline,
        closing=[tidy(line) for line in body.closing],
        appendix=[tidy(line) for line in body.appendix],
    )
    assign_ids(document)
    _metadata(document, hints)
    link_references(document)
    return document


def _metadata(document: Document, hints: dict[str, str]) -> None:
    notice = document.notice
    loose = document.preamble + document.closing
    document.issuer = (notice.issuer if notice else "") or hints.get("author", "")
    if notice and notice.doc_number:
        document.doc_number = notice.doc_number
    else:
        document.doc_number = _first_doc_number([*loose, document.source])
    document.issued = notice.date if notice and notice.date else _issue_date(loose, hints)
    rule, citation = _find_effective_rule(document)
    document.effective_rule = rule or ""
    document.effective_citation = citation
    document.effective = effective_date(rule, document.issued) if rule else None
    if rule:
        document.repeals = _repeals(document, citation)


def _first_doc_number(lines: list[str]) -> str:
    for line in lines:
        if P.DOC_NUMBER.search(line) or P.ORDER_NUMBER.search(line):
            return normalise_doc_number(line)
    return ""


def _issue_date(lines: list[str], hints: dict[str, str]) -> str | None:
    dated = [line for line in lines if P.DATE.search(line)]
    for line in dated:
        if re.search(r"(公布|发布|印发|颁布)", line):
            return parse_cn_date(line)
    if dated:
        return parse_cn_date(dated[0])
    return None


def _find_effective_rule(document: Document) -> tuple[str | None, str]:
    """Prefer the measures' own article (usually the last) over the notice."""
    for article in reversed(document.articles):
        for paragraph in article.paragraphs:
            rule = effective_rule(paragraph.text)
            if rule:
                return rule, paragraph.label
    if document.notice:
        for line in document.notice.body:
            rule = effective_rule(line)
            if rule:
                return rule, "印发通知"
    return None, ""


def _repeals(document: Document, citation: str) -> list[dict]:
    texts = [p.text for a in document.articles for p in a.paragraphs if p.label == citation]
    if document.notice:
        texts += document.notice.body
    found = []
    for text in texts:
        for sentence in re.split(r"[。；]", text):
            if "废止" not in sentence:
                continue
            for match in _REPEALED.finditer(sentence):
                if match.group(1) == document.title:
                    continue
                entry = {"title": match.group(1),
                         "doc_number": normalise_doc_number(match.group(2)) if match.group(2) else None}
                if entry not in found:
                    found.append(entry)
    return found
