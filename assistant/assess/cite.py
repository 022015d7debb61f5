"""Pinpoint citations of the measures, always taken from the knowledge base
(label and text as printed), never paraphrased."""

from __future__ import annotations


def citation(kb, clause_id: str) -> dict:
    """``{"article", "item", "label", "id", "citation", "quote"}`` for one clause id."""
    clause = kb.clause(clause_id)
    return {
        "article": clause.article,
        "item": clause.item,
        "label": clause.label,
        "id": clause.id,
        "citation": clause.citation,
        "quote": clause.text,
    }


def short_citations(kb, clause_ids) -> list[dict]:
    """``[{"article", "item", "label"}]`` for several clause ids, in the order given."""
    out = []
    for clause_id in clause_ids:
        clause = kb.clause(clause_id)
        out.append({"article": clause.article, "item": clause.item, "label": clause.label})
    return out
