"""Which clause does the curated knowledge speak to? For every article, 款 and
项: the Q&A rules, questionnaire questions and conditions, and evaluation cases
that cite it, and the clauses nothing cites.

A rule citing an item covers that item and counts under its article too; a
case citing an article counts for the article only. A 款 has a row of its own
only where its article has several (a lone 款 is the article).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .clauses import KnowledgeBase
from .curated import questionnaires, rules

KINDS = ("notice", "article", "paragraph", "item")


@dataclass
class Row:
    id: str
    label: str
    kind: str
    rules: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    cases: int = 0

    @property
    def cited(self) -> bool:
        return bool(self.rules or self.questions or self.cases)

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "kind": self.kind, "rules": self.rules,
                "questions": self.questions, "cases": self.cases, "cited": self.cited}


def coverage(kb: KnowledgeBase, case_files: list[Path] = ()) -> dict:
    """``{"clauses": [row…], "uncited": [id…], "totals": {...}}`` for the main document."""
    lone = _lone_paragraphs(kb)
    rows = {c.id: Row(c.id, c.label, c.kind) for c in kb.clauses() if c.kind in KINDS and c.id not in lone}
    for rule in rules(kb):
        for clause_id in dict.fromkeys(rule.source):
            _add(rows, kb, clause_id, lambda row, rid=rule.id: row.rules.append(rid))
    for kind, questionnaire in questionnaires(kb).items():
        for question in questionnaire.questions:
            for clause_id in dict.fromkeys(question.source):
                _add(rows, kb, clause_id, lambda row, q=f"{kind}:{question.id}": row.questions.append(q))
        for spec in questionnaire.specs():
            _add(rows, kb, spec.source, lambda row, s=f"{kind}:{spec.id}": row.questions.append(s))
    counted_files = []
    for path in case_files:
        cited = list(_cited(_read(path)))
        if cited:
            counted_files.append(path.name)
        for clause_id in cited:
            clause_id = lone.get(clause_id, clause_id)
            if clause_id in rows:
                rows[clause_id].cases += 1
    for row in rows.values():
        row.rules = sorted(set(row.rules), key=row.rules.index)
        row.questions = sorted(set(row.questions), key=row.questions.index)
    uncited = [row.id for row in rows.values() if not row.cited]
    return {
        "document": kb.main["title"],
        "clauses": [row.to_dict() for row in rows.values()],
        "uncited": uncited,
        "case_files": counted_files,
        "totals": {kind: {"clauses": sum(r.kind == kind for r in rows.values()),
                          "cited": sum(r.kind == kind and r.cited for r in rows.values())} for kind in KINDS},
    }


def _lone_paragraphs(kb: KnowledgeBase) -> dict[str, str]:
    """The id of each 款 that is the only one of its article → the article's id."""
    out = {}
    for clause in kb.clauses():
        if clause.kind == "article":
            paragraphs = [c for c in kb.clauses() if c.kind == "paragraph" and kb.article_of(c) is clause]
            if len(paragraphs) == 1:
                out[paragraphs[0].id] = clause.id
    return out


def _add(rows: dict[str, Row], kb: KnowledgeBase, clause_id: str, mark) -> None:
    """Mark the clause, and its article when the clause is a 款 or 项 of it."""
    if clause_id in rows:
        mark(rows[clause_id])
    if kb.has(clause_id):
        article = kb.article_of(kb.clause(clause_id))
        if article is not None and article.id != clause_id and article.id in rows:
            mark(rows[article.id])


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _cited(data: Any):
    """Clause ids cited by evaluation cases: ``cite`` of Q&A cases (and of their parts and turns),
    ``article`` of search cases."""
    if isinstance(data, dict):
        for key in ("cite", "also_cite"):
            value = data.get(key)
            if isinstance(value, str) and value:
                yield value
        article = data.get("article")
        if isinstance(article, int) and "q" in data:
            yield f"art-{article}"
        elif article == "notice" and "q" in data:
            yield "notice"
        for key in ("parts", "turns", "cases"):
            if isinstance(data.get(key), list):
                for entry in data[key]:
                    yield from _cited(entry)
    elif isinstance(data, list):
        for entry in data:
            yield from _cited(entry)


def by_article(report: dict) -> list[dict]:
    """Rows grouped for display: each article with its 款 and 项 under it."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    order: list[str] = []
    for row in report["clauses"]:
        article = row["id"].split("-p")[0]
        if article not in grouped:
            order.append(article)
        grouped[article].append(row)
    return [{"article": article, "rows": grouped[article]} for article in order]
