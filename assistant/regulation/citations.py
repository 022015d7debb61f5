"""Stable ids and Chinese pinpoint citation labels.

``art-17-p1-i4`` ↔ ``第十七条第（四）项``. 款 is cited only where the
article has more than one, as drafting practice does.
"""

from __future__ import annotations

from .model import Article, Document, Heading
from .numerals import int_to_cn


def article_id(number: int, sub_number: int = 0) -> str:
    return f"art-{number}" + (f"_{sub_number}" if sub_number else "")


def article_label(number: int, sub_number: int = 0) -> str:
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub_number)}" if sub_number else "")


def item_marker_label(marker: str, number: int) -> str:
    """第（四）项 for （四）; 第4项 for items printed as 4."""
    if marker.startswith(("（", "(")):
        return f"第（{int_to_cn(number)}）项"
    return f"第{number}项"


def full_citation(title: str, label: str) -> str:
    return f"《{title}》{label}" if title else label


def assign_ids(document: Document) -> None:
    """Give every heading, article, 款, 项 and 目 its id and label."""
    for heading in document.headings:
        _label_heading(heading)
    for article in document.articles:
        _label_article(article)


def _label_heading(heading: Heading) -> None:
    prefix = f"pt-{heading.part}-" if heading.part is not None and heading.kind != "part" else ""
    if heading.kind == "part":
        heading.id = f"pt-{heading.number}"
        heading.label = f"第{int_to_cn(heading.number)}编"
    elif heading.kind == "subpart":
        heading.id = f"{prefix}sub-{heading.number}"
        heading.label = f"第{int_to_cn(heading.number)}分编"
    elif heading.kind == "chapter":
        heading.id = f"{prefix}ch-{heading.number}"
        heading.label = f"第{int_to_cn(heading.number)}章"
    else:
        heading.id = f"{prefix}ch-{heading.chapter}-sec-{heading.number}"
        heading.label = f"第{int_to_cn(heading.chapter or 0)}章第{int_to_cn(heading.number)}节"


def _label_article(article: Article) -> None:
    article.id = article_id(article.number, article.sub_number)
    article.label = article_label(article.number, article.sub_number)
    several = len(article.paragraphs) > 1
    for paragraph in article.paragraphs:
        paragraph.id = f"{article.id}-p{paragraph.number}"
        paragraph_label = article.label + (f"第{int_to_cn(paragraph.number)}款" if several else "")
        paragraph.label = paragraph_label if several else article.label
        for item in paragraph.items:
            item.id = f"{paragraph.id}-i{item.number}"
            item.label = paragraph_label + item_marker_label(item.marker, item.number)
            for sub in item.subitems:
                sub.id = f"{item.id}-s{sub.number}"
                sub.label = f"{item.label}第{sub.number}目"
