"""What the index holds, without Whoosh: the clauses that get a document of
their own, the text each is indexed with, and the words it is made of (the
domain vocabulary the Q&A also reads)."""

from __future__ import annotations

from ..errors import NotFound
from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.curated import rules
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


def asked_questions(kb: KnowledgeBase) -> dict[tuple[str, str], list[str]]:
    """What people ask that a clause answers: the description and example questions of every help-desk
    rule, under the clause the rule cites first (its article when that clause has no document of its own).
    Indexed beside the clause, they let a query in people's words (名单挂网几天) find a clause that says
    it in the measures' words (公示期为5个工作日)."""
    indexed = {(c.doc, c.id) for c in indexed_clauses(kb)}
    out: dict[tuple[str, str], list[str]] = {}
    for rule in rules(kb):
        if rule.kind != "answer" or not rule.source:
            continue  # a not_covered rule's questions are what the cited clause does NOT say
        try:
            clause = kb.clause(rule.source[0])
        except NotFound:
            continue
        key = (clause.doc, clause.id)
        if key not in indexed and (article := kb.article_of(clause)) is not None:
            key = (article.doc, article.id)
        out.setdefault(key, []).extend([rule.description, *rule.examples])
    return out


def vocabulary(kb: KnowledgeBase, segmenter: Segmenter) -> set[str]:
    """Every word of the index's text field: what the index tokenizer makes of each indexed clause."""
    return {word.text for clause in indexed_clauses(kb) for word in segmenter.words(fold_aligned(context_text(clause)))}
