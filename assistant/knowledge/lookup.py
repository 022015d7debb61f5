"""Pinpoint references typed by people → clause ids.

Accepted: ``17``, ``17条``, ``第十七条``, ``第7条第3项``, ``第十七条第四项``,
``第十七条第（四）项``, ``第七条第二款``, ``第二章``, ``art-17-p1-i4``, ``notice``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import BadInput, NotFound
from ..regulation.numerals import cn_to_int
from .clauses import Clause, KnowledgeBase

_N = r"[零〇一二两三四五六七八九十百千\d]+"
_ARTICLE_REF = re.compile(
    rf"第?({_N})条(?:之({_N}))?(?:第?({_N})款)?(?:第?[（(]?({_N})[）)]?项)?(?:第?({_N})目)?"
)
_CHAPTER_REF = re.compile(rf"第({_N})章(?:第({_N})节)?")
_ID = re.compile(r"^(?:art-\d+(?:_\d+)?(?:-p\d+)?(?:-i\d+)?(?:-s\d+)?|(?:pt-\d+-)?ch-\d+(?:-sec-\d+)?|notice)$")
_NOTICE_WORDS = ("印发通知", "通知", "notice")
_NOT_A_NUMBER = "哪这那每几任某另同上下头各"
_NUMERALS = set("零〇一二两三四五六七八九十百")


@dataclass(frozen=True)
class Ref:
    text: str
    article: int | None = None
    sub_number: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    chapter: int | None = None
    section: int | None = None
    node_id: str | None = None


def normalise_ref(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def parse_ref(text: str) -> Ref | None:
    """Parse *text* when the whole of it is a reference, else None."""
    raw = normalise_ref(text)
    if not raw:
        return None
    lowered = raw.lower()
    if _ID.match(lowered):
        return Ref(raw, node_id=lowered)
    if raw in _NOTICE_WORDS:
        return Ref(raw, node_id="notice")
    if raw.isdigit():
        return Ref(raw, article=int(raw))
    bare = raw[1:] if raw.startswith("第") else raw
    if bare and all(ch in _NUMERALS for ch in bare):  # 二十四, 第二十四: an article number in words
        try:
            return Ref(raw, article=cn_to_int(bare))
        except ValueError:
            return None
    match = _CHAPTER_REF.fullmatch(raw)
    if match:
        return _chapter_ref(raw, match)
    match = _ARTICLE_REF.fullmatch(raw)
    if match:
        return _article_ref(raw, match)
    return None


def find_refs(text: str) -> list[Ref]:
    """Every reference printed inside free text (第十七条第四项是什么)."""
    return [ref for ref, _, _ in find_ref_spans(normalise_ref(text))]


def find_ref_spans(text: str) -> list[tuple[Ref, int, int]]:
    """References in *text* as given (no normalisation), with their spans, in order."""
    found: list[tuple[Ref, int, int]] = []
    for match in _CHAPTER_REF.finditer(text):
        ref = _chapter_ref(match.group(0), match)
        if ref is not None:
            found.append((ref, match.start(), match.end()))
    for match in _ARTICLE_REF.finditer(text):
        start = match.start()
        # 17条 needs a digit run of its own; 第三方 is not a reference, nor 哪一条, 这一条, 几条, 一条一条.
        if not match.group(0).startswith("第") and start > 0 and (text[start - 1].isdigit()
                                                                 or text[start - 1] in _NOT_A_NUMBER):
            continue
        if not match.group(0).startswith("第") and match.group(0) in ("一条", "两条", "几条"):
            continue
        ref = _article_ref(match.group(0), match)
        if ref is not None:
            found.append((ref, start, match.end()))
    found.sort(key=lambda entry: entry[1])
    return found


def _chapter_ref(raw: str, match: re.Match) -> Ref | None:
    try:
        return Ref(raw, chapter=cn_to_int(match.group(1)),
                   section=cn_to_int(match.group(2)) if match.group(2) else None)
    except ValueError:
        return None


def _article_ref(raw: str, match: re.Match) -> Ref | None:
    def num(index: int) -> int | None:
        return cn_to_int(match.group(index)) if match.group(index) else None

    try:
        return Ref(raw, article=num(1), sub_number=num(2) or 0, paragraph=num(3),
                   item=num(4), subitem=num(5))
    except ValueError:
        return None


def resolve(knowledge: KnowledgeBase, ref: Ref, doc_id: str | None = None) -> Clause:
    """The clause *ref* points at, or :class:`NotFound` with a helpful message."""
    if ref.node_id:
        return knowledge.clause(ref.node_id, doc_id)
    document = knowledge.document(doc_id)
    if ref.chapter is not None:
        for chapter in document["chapters"]:
            if chapter["number"] == ref.chapter:
                if ref.section is None:
                    return knowledge.clause(chapter["id"], document["id"])
                for section in document["sections"]:
                    if section["chapter"] == ref.chapter and section["number"] == ref.section:
                        return knowledge.clause(section["id"], document["id"])
        raise NotFound(f"没有{ref.text}")
    article = next((a for a in document["articles"]
                    if a["number"] == ref.article and a["sub_number"] == ref.sub_number), None)
    if article is None:
        total = len(document["articles"])
        raise NotFound(f"《{document['title']}》共{total}条，没有第{ref.article}条")
    node_id = article["id"]
    paragraphs = article["paragraphs"]
    if ref.paragraph is not None:
        if not 1 <= ref.paragraph <= len(paragraphs):
            raise NotFound(f"{article['label']}只有{len(paragraphs)}款")
        paragraphs = [paragraphs[ref.paragraph - 1]]
        node_id = paragraphs[0]["id"]
    if ref.item is not None:
        holder = next((p for p in paragraphs if len(p["items"]) >= ref.item), None)
        if holder is None:
            count = sum(len(p["items"]) for p in paragraphs)
            raise NotFound(f"{article['label']}没有第{ref.item}项（共{count}项）")
        item = holder["items"][ref.item - 1]
        node_id = item["id"]
        if ref.subitem is not None:
            if not 1 <= ref.subitem <= len(item["subitems"]):
                raise NotFound(f"{item['label']}没有第{ref.subitem}目")
            node_id = item["subitems"][ref.subitem - 1]["id"]
    return knowledge.clause(node_id, document["id"])


def lookup(knowledge: KnowledgeBase, text: str, doc_id: str | None = None) -> Clause:
    ref = parse_ref(text)
    if ref is None:
        raise BadInput(f"“{text}”不是条款号，请写成“第十七条”“17”或“第7条第3项”这样的形式", field="ref")
    return resolve(knowledge, ref, doc_id)
