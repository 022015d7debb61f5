"""Clause search: pinpoint references first, then ranked clauses grouped by
article (the article heading the clauses of it that print the query), with
matching words marked, synonyms included."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from whoosh import query as Q

from ..errors import BadInput, NotFound
from ..knowledge.clauses import Clause, KnowledgeBase
from ..knowledge.lexicon import Lexicon
from ..knowledge.lookup import Ref, resolve
from ..segment import Segmenter
from ..textnorm import fold, fold_aligned
from .documents import asked_questions
from .grouping import Group, group_hits
from .highlight import highlight, matched_terms
from .querying import ParsedQuery, build_query, parse_query
from .suggest import Suggester

MAX_LIMIT = 100
CANDIDATES = 100


@dataclass
class Hit:
    """One group: its head clause (the article, or the clause a reference names)
    and, in *matches*, the clauses of it that print the query, best first."""

    clause: Clause
    score: float
    highlight: str
    pinpoint: bool = False
    matches: list[tuple[Clause, float, str]] = field(default_factory=list)
    best_id: str = ""  # the clause of the group that scored best (the head or a match)
    intro: str = ""  # marked lead-in shared by the matching items (申报绿色工厂的基本条件：)
    article_id: str | None = None  # the article the group belongs to (None: the notice)
    asked: str = ""  # when nothing shown prints the query: the question people ask that it answers

    def to_dict(self) -> dict:
        c = self.clause
        return {
            "id": c.id, "article": c.article, "paragraph": c.paragraph, "item": c.item,
            "label": c.label, "citation": c.citation, "text": c.text, "highlight": self.highlight,
            "score": round(self.score, 4),
            "document": c.doc, "kind": c.kind, "chapter": c.chapter, "chapter_title": c.chapter_title,
            "pinpoint": self.pinpoint,
            "matches": [{"id": m.id, "label": m.label, "citation": m.citation, "highlight": h,
                         "score": round(s, 4), "kind": m.kind, "paragraph": m.paragraph, "item": m.item,
                         "text": m.text} for m, s, h in self.matches],
            "article_id": self.article_id, "best_id": self.best_id or c.id, "intro": self.intro,
            "asked": self.asked,
        }


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    suggestions: list[str] = field(default_factory=list)
    message: str = ""
    offset: int = 0

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "suggestions": self.suggestions, "message": self.message, "offset": self.offset}


class SearchEngine:
    def __init__(self, kb: KnowledgeBase, index, segmenter: Segmenter, lexicon: Lexicon):
        self.kb, self.index, self.segmenter, self.lexicon = kb, index, segmenter, lexicon
        self._local = threading.local()
        self._fold_cache: dict[tuple, str] = {}
        with index.searcher() as searcher:
            self.vocabulary = {t.decode("utf-8") if isinstance(t, bytes) else t for t in searcher.lexicon("text")}
        self.suggester = Suggester(self.vocabulary, lexicon)
        self._asked = asked_questions(kb)
        # Each question folded once, for the hint that names the question a result was found by.
        self._asked_folded = {key: [(q, squeeze_all(fold(q))) for q in questions]
                              for key, questions in self._asked.items()}
        self.question_suggester = None  # set by the Q&A layer: text -> list of questions

    def _searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher()
        return searcher

    def search(self, raw: str, limit: int = 10, offset: int = 0, chapter: int | None = None,
               subject: str | None = None, document: str | None = None) -> SearchResult:
        if not 1 <= limit <= MAX_LIMIT:
            raise BadInput(f"limit 应在 1 到 {MAX_LIMIT} 之间", field="limit")
        if offset < 0:
            raise BadInput("offset 不能为负数", field="offset")
        if document is not None and document not in self.kb.documents:
            raise BadInput(f"没有这部法规：{document}", field="document")
        parsed = parse_query(raw, self.segmenter, self.lexicon)
        if parsed.empty:
            return SearchResult(parsed.text, 0, [], self._fallback_suggestions(parsed),
                                message="请输入要检索的词语或条款号")
        pinpoints, missing = self._pinpoints(parsed, document)
        folded = _fold_concepts(parsed.concepts(self.segmenter))
        ranked = self._ranked(parsed, folded, chapter, subject, document)
        concepts = parsed.highlight_concepts(self.segmenter)
        groups = group_hits(self.kb, pinpoints, ranked)
        page = [self._hit(group.settle(lambda clause: self._prints_query(clause, concepts)), concepts, folded)
                for group in groups[offset: offset + limit]]
        result = SearchResult(parsed.text, len(groups), page, offset=offset)
        if missing:
            result.message = "；".join(missing)
        if not groups:
            result.message = result.message or "没有找到相关条款"
            result.suggestions = self._fallback_suggestions(parsed)
        return result

    def _pinpoints(self, parsed: ParsedQuery, document: str | None) -> tuple[list[Clause], list[str]]:
        clauses: list[Clause] = []
        missing: list[str] = []
        for ref in parsed.refs:
            try:
                clauses.extend(self._resolve(ref, document))
            except NotFound as error:
                missing.append(str(error))
        return clauses, missing

    def _resolve(self, ref: Ref, document: str | None) -> list[Clause]:
        clause = resolve(self.kb, ref, document)
        if clause.kind in ("chapter", "section"):
            # A chapter is shown as its articles, in order.
            return [c for c in self.kb.clauses(clause.doc) if c.kind == "article" and c.chapter == clause.chapter
                    and (clause.kind == "chapter" or c.section == clause.section)]
        return [clause]

    def _ranked(self, parsed: ParsedQuery, concepts, chapter, subject, document) -> list[tuple[Clause, float]]:
        query = build_query(parsed, self.segmenter)
        if query is None:
            return []
        filters = []
        if chapter is not None:
            filters.append(Q.Term("chapter", str(chapter)))
        if subject:
            filters.append(Q.Term("subjects", subject))
        if document:
            filters.append(Q.Term("doc", document))
        restrict = Q.And(filters) if filters else None
        results = self._searcher().search(query, limit=CANDIDATES, filter=restrict)
        ranked = []
        for hit in results:
            try:
                clause = self.kb.clause(hit["id"], hit["doc"])
            except NotFound:
                continue
            factor = _coverage_factor(self._folded(clause, with_lead=True, asked=True), concepts)
            ranked.append((clause, float(hit.score) * factor))
        ranked.sort(key=lambda pair: -pair[1])
        return ranked

    def _folded(self, clause: Clause, with_lead: bool = False, asked: bool = False) -> str:
        """Folded, space-free text of a clause, with its lead-in and the questions it answers if asked
        (cached: clauses never change)."""
        key = (clause.doc, clause.id, with_lead, asked)
        text = self._fold_cache.get(key)
        if text is None:
            raw = f"{clause.lead}{clause.text}" if with_lead else clause.text
            if asked:
                raw += "\n" + "\n".join(self._asked.get((clause.doc, clause.id), []))
            text = self._fold_cache[key] = squeeze_all(fold(raw))
        return text

    def _hit(self, group: Group, concepts, folded) -> Hit:
        matches = [(c, sc, self._highlight(c, concepts)) for c, sc in group.matches]
        head = self._highlight(group.clause, concepts)
        marked = "<mark" in head or any("<mark" in h for _, _, h in matches)
        return Hit(group.clause, group.score, head, pinpoint=group.pinpoint,
                   matches=matches, best_id=group.best.id, intro=self._intro(group, concepts),
                   article_id=article.id if (article := self.kb.article_of(group.clause)) else None,
                   asked="" if marked or group.pinpoint else self._asked_for(group, folded))

    def _asked_for(self, group: Group, concepts) -> str:
        """The question people ask (a help-desk rule's example) that covers most of the query, among those
        the group's clauses answer: says why an article whose words differ from the query was found."""
        best, best_covered = "", 0
        for clause in (group.clause, *(c for c, _ in group.candidates)):
            for question, text in self._asked_folded.get((clause.doc, clause.id), []):
                # A single character in common (谁, 钱) is no reason to show a question.
                covered = sum(1 for forms in concepts
                              if any(len("".join(form)) > 1 and all(p in text for p in form) for form in forms))
                if covered > best_covered:
                    best, best_covered = question, covered
        return best

    def _intro(self, group: Group, concepts) -> str:
        """The lead-in of the items listed under an article, when they share one."""
        leads = {c.lead for c, _ in group.matches if c.kind == "item"}
        if group.clause.kind != "article" or len(leads) != 1 or any(c.kind != "item" for c, _ in group.matches):
            return ""
        lead = leads.pop()
        return highlight(lead, matched_terms(lead, concepts))

    def _aligned(self, clause: Clause) -> str:
        key = (clause.doc, clause.id, "aligned")
        aligned = self._fold_cache.get(key)
        if aligned is None:
            aligned = self._fold_cache[key] = fold_aligned(clause.text)
        return aligned

    def _prints_query(self, clause: Clause, concepts) -> bool:
        """The clause's own text prints a word asked for, a synonym of it or a phrase (not just a part)."""
        return bool(matched_terms(clause.text, concepts, self._aligned(clause), tiers=1))

    def _highlight(self, clause: Clause, concepts) -> str:
        aligned = self._aligned(clause)
        return highlight(clause.text, matched_terms(clause.text, concepts, aligned), aligned)

    def _fallback_suggestions(self, parsed: ParsedQuery) -> list[str]:
        suggestions = self.suggester.near_terms(parsed.words + [a for a, _ in parsed.aliases])
        if self.question_suggester is not None:
            suggestions += [q for q in self.question_suggester(parsed.text) if q not in suggestions]
        return suggestions[:8]


def _fold_concepts(concepts: list[list[tuple[str, ...]]]) -> list[list[tuple[str, ...]]]:
    return [[tuple(squeeze_all(fold(part)) for part in form) for form in forms] for forms in concepts]


def _coverage_factor(text: str, concepts: list[list[tuple[str, ...]]]) -> float:
    """Favour clauses that cover more of what was asked: BM25 adds up term
    scores, so one rare word can outweigh two concepts matched together."""
    if len(concepts) < 2:
        return 1.0
    covered = sum(1 for forms in concepts if any(all(part in text for part in form) for form in forms))
    return 0.4 + 0.6 * covered / len(concepts)


def squeeze_all(text: str) -> str:
    return "".join(text.split())
