"""Document → the JSON shape that ``parse --json`` prints and the built
knowledge base stores.

Contract (later tools rely on it): ``title``, ``doc_number``, ``issued``,
``effective``, ``chapters`` (``number``, ``title``), ``sections``
(``chapter``, ``number``, ``title``), ``articles`` (``number``, ``label``,
``chapter``, ``section``, ``paragraphs``: ``number``, ``text``, ``items``:
``number``, ``label``, ``text``). Everything else is an extension.
"""

from __future__ import annotations

import re
from pathlib import Path

from .citations import full_citation
from .model import Article, Document

FORMAT_VERSION = 1


def document_id(source: str) -> str:
    stem = Path(source).stem if source else "document"
    return re.sub(r"\s+", "-", stem)


def _article(article: Article, title: str) -> dict:
    data = article.to_dict()
    data["citation"] = full_citation(title, article.label)
    for paragraph in data["paragraphs"]:
        paragraph["citation"] = full_citation(title, paragraph["label"])
        for item in paragraph["items"]:
            item["citation"] = full_citation(title, item["label"])
            for sub in item["subitems"]:
                sub["citation"] = full_citation(title, sub["label"])
    return data


def document_to_dict(document: Document) -> dict:
    title = document.title
    return {
        "format": FORMAT_VERSION,
        "id": document.id or document_id(document.source),
        "source": Path(document.source).name if document.source else "",
        "title": title,
        "issuer": document.issuer,
        "doc_number": document.doc_number,
        "issued": document.issued,
        "effective": document.effective,
        "effective_rule": document.effective_rule,
        "effective_citation": document.effective_citation,
        "repeals": document.repeals,
        "notice": document.notice.to_dict() if document.notice else None,
        "preamble": document.preamble,
        "first_article": document.first_article,
        "articles_continuous": document.articles_continuous,
        "parts": [h.to_dict() for h in document.parts],
        "chapters": [h.to_dict() for h in document.chapters],
        "sections": [h.to_dict() for h in document.sections],
        "articles": [_article(a, title) for a in document.articles],
        "closing": document.closing,
        "appendix": document.appendix,
        "counts": {
            "parts": len(document.parts),
            "subparts": len(document.subparts),
            "chapters": len(document.chapters),
            "sections": len(document.sections),
            "articles": len(document.articles),
        },
    }
