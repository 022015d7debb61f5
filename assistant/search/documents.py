"""What the index holds, without Whoosh: the clauses that get a document of
their own, the text each is indexed with, and the words it is made of (the
domain vocabulary the Q&A also reads)."""

from __future__ import annotations

from ..knowledge.clauses import Clause, KnowledgeBase
from ..segment import Segmenter
from ..textnorm import fold_aligned


def indexed_clauses(kb: KnowledgeBase) -> list[Clause]:
    """The clauses that get an index document (a lone 款 repeats its article)."""
    paragraphs: dict[tuple[str, int | None, int], int] = {}
    for clause in kb.ordered:
        if clause.kind == "paragraph":
            key = (clause.doc, clause.article, clause.sub_number)
            paragraphs[key] = paragraphs.get(key, 0) + 1
    chosen = []
    for clause in kb.ordered:
        if clause.kind in ("chapter", "section"):
            continue
        if clause.kind == "paragraph" and paragraphs[(clause.doc, clause.article, clause.sub_number)] == 1:
            continue
        chosen.append(clause)
    return chosen


def context_text(clause: Clause) -> str:
    """An item is indexed with its 款 lead-in (申报绿色工厂的基本条件：…), so the
    lead-in's words count for each item."""
    return f"{clause.lead} {clause.text}" if clause.lead else clause.text


def vocabulary(kb: KnowledgeBase, segmenter: Segmenter) -> set[str]:
    """Every word of the index's text field: what the index tokenizer makes of each indexed clause."""
    return {word.text for clause in indexed_clauses(kb) for word in segmenter.words(fold_aligned(context_text(clause)))}
