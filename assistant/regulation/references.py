"""Cross-references in the text, as structured links.

Internal: 本办法第五条, 第六条至第十二条, 本条第一款, 前款, 第七条第（三）项.
External: 《…》（工信部联节〔2022〕88号）.
"""

from __future__ import annotations

import re

from . import patterns as P
from .citations import article_id
from .frontmatter import normalise_doc_number
from .model import Document, Reference
from .numerals import cn_to_int

_SELF = r"(?:本办法|本条例|本法|本规定|本细则|本决定|本实施办法|本管理办法)?"
_INTERNAL = re.compile(
    rf"(?<!》)(?<![\u4e00-\u9fa5]法)"
    rf"({_SELF})第({P.NUM})条(?:之({P.NUM}))?"
    rf"(?:第({P.NUM})款)?(?:第[（(]({P.NUM})[）)]项)?"
)
_RELATIVE = re.compile(rf"(本条第({P.NUM})款|前款|前两款|前三款|上款)")
_EXTERNAL = re.compile(
    r"《([^《》]{2,80})》(?:\s*[（(]([^（）()]{0,40}?(?:〔\s*\d{4}\s*〕|\[\d{4}\]|令第)[^（）()]{0,20}?号)[）)])?"
)
_OTHER_LAW_BEFORE = re.compile(r"《[^《》]*》$")


def find_references(text: str, article_number: int, article_sub: int, paragraph_number: int,
                    own_titles: set[str]) -> list[Reference]:
    refs: list[Reference] = []
    for match in _EXTERNAL.finditer(text):
        title = match.group(1)
        if title in own_titles:
            continue
        number = normalise_doc_number(match.group(2)) if match.group(2) else None
        refs.append(Reference("external", match.group(0), match.start(), match.end(),
                              title=title, doc_number=number))
    for match in _INTERNAL.finditer(text):
        if _OTHER_LAW_BEFORE.search(text[: match.start()]) and not match.group(1):
            # 《某法》第五条 cites another law, not this one.
            continue
        try:
            target = article_id(cn_to_int(match.group(2)), cn_to_int(match.group(3)) if match.group(3) else 0)
            if match.group(4):
                target += f"-p{cn_to_int(match.group(4))}"
            if match.group(5):
                target += ("" if match.group(4) else "-p1") + f"-i{cn_to_int(match.group(5))}"
        except ValueError:
            continue
        refs.append(Reference("internal", match.group(0), match.start(), match.end(), target=target))
    for match in _RELATIVE.finditer(text):
        base = article_id(article_number, article_sub)
        phrase = match.group(1)
        if phrase.startswith("本条第"):
            target = f"{base}-p{cn_to_int(match.group(2))}"
        elif phrase in ("前款", "上款"):
            target = f"{base}-p{max(paragraph_number - 1, 1)}"
        else:
            count = 2 if phrase == "前两款" else 3
            target = f"{base}-p{max(paragraph_number - count, 1)}"
        refs.append(Reference("internal", phrase, match.start(), match.end(), target=target))
    refs.sort(key=lambda r: r.start)
    return refs


def link_references(document: Document) -> None:
    own = {document.title}
    for article in document.articles:
        for paragraph in article.paragraphs:
            paragraph.references = find_references(
                paragraph.text, article.number, article.sub_number, paragraph.number, own)
            for item in paragraph.items:
                item.references = find_references(
                    item.text, article.number, article.sub_number, paragraph.number, own)
                for sub in item.subitems:
                    sub.references = find_references(
                        sub.text, article.number, article.sub_number, paragraph.number, own)
