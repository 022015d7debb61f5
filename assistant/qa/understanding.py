"""Understanding a question with spaCy: ``spacy.blank("zh")`` tokenised by the
shared jieba segmenter (same user dictionary as search), an EntityRuler for
the domain concepts and a Matcher for the question's intents.

Patterns come from ``kb/concepts.yaml`` and ``kb/intents.yaml``; a concept's
words are widened with the lexicon's synonyms of those words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..lookup import Ref, find_ref_spans
from ..numerals import cn_to_int
from ..segment import Segmenter
from ..textnorm import normalise_query, squeeze
from .datetext import find_dates
from .knowledge import Concept, Intent

_ITEM_ONLY = re.compile(r"第([一二三四五六七八九十\d]{1,3})项")
_PUNCT = re.compile(r"^[\W_]+$")


class SegmenterTokenizer:
    """spaCy tokenizer backed by the shared :class:`Segmenter`."""

    def __init__(self, vocab, segmenter: Segmenter):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        words = [word for word, _, _ in self.segmenter.cut(text)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


def _token_spec(pattern: str) -> dict:
    if pattern.startswith("^") or pattern.endswith("$"):
        return {"TEXT": {"REGEX": pattern}}
    if len(pattern) == 1:
        return {"TEXT": pattern}
    return {"TEXT": {"REGEX": re.escape(pattern)}}


def _plain(pattern: str) -> bool:
    return len(pattern) > 1 and not pattern.startswith("^") and not pattern.endswith("$")


@dataclass
class Analysis:
    text: str  # normalised question
    words: list[str]
    concepts: dict[str, list[str]]  # concept id → surface forms found
    entities: list[tuple[str, str]]  # (text, concept id) from the EntityRuler
    intents: set[str]
    unknown: list[str]  # content words outside the domain vocabulary
    refs: list[Ref] = field(default_factory=list)
    item_only: int | None = None  # 第三项 without an article
    dates: list[dt.date] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str | None:
        park, factory = "park" in self.concepts, "factory" in self.concepts
        if park and not factory:
            return "park"
        if factory and not park:
            return "factory"
        return None

    def has(self, concept: str) -> bool:
        return concept in self.concepts


class Understanding:
    def __init__(self, segmenter: Segmenter, lexicon: Lexicon, concepts: list[Concept],
                 intents: list[Intent], vocabulary: set[str]):
        self.segmenter = segmenter
        self.lexicon = lexicon
        self.concepts = {c.id: c for c in concepts}
        self.intents = {i.id: i for i in intents}
        self.nlp = spacy.blank("zh")
        self.nlp.tokenizer = SegmenterTokenizer(self.nlp.vocab, segmenter)
        self.ruler = self.nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        self.concept_matcher = Matcher(self.nlp.vocab)
        self.intent_matcher = Matcher(self.nlp.vocab)
        self._surface: dict[str, list[str]] = {}
        patterns = []
        for concept in concepts:
            forms = concept.surface_forms(lexicon)
            self._surface[concept.id] = forms
            token_patterns = [[_token_spec(form)] for form in forms]
            patterns += [{"label": "CONCEPT", "pattern": p, "id": concept.id} for p in token_patterns]
            patterns += [{"label": "CONCEPT", "pattern": form, "id": concept.id} for form in forms if len(form) > 1]
            self.concept_matcher.add(concept.id, token_patterns)
        self.ruler.add_patterns(patterns)
        for intent in intents:
            self.intent_matcher.add(intent.id, [[_token_spec(p) for p in seq] for seq in intent.sequences])
        self.vocabulary = vocabulary | {w for forms in self._surface.values() for w in forms}
        self.vocabulary |= {p for i in intents for seq in i.sequences for p in seq if p.isalnum() or len(p) > 1}

    def analyse(self, question: str, today: dt.date | None = None) -> Analysis:
        text = squeeze(normalise_query(question))
        doc = self.nlp(text)
        concepts: dict[str, list[str]] = {}
        for match_id, start, end in self.concept_matcher(doc):
            concepts.setdefault(self.nlp.vocab.strings[match_id], []).append(doc[start:end].text)
        for span in doc.ents:
            concepts.setdefault(span.ent_id_, []).append(span.text)
        # Multi-token phrases (the tokenizer split a concept word) and words the
        # lexicon maps to a concept word.
        for concept_id, forms in self._surface.items():
            for form in forms:
                if len(form) > 1 and form in text:
                    concepts.setdefault(concept_id, []).append(form)
        for alias, canonical in self.lexicon.expansions(text):
            for concept_id, forms in self._surface.items():
                if canonical in forms:
                    concepts.setdefault(concept_id, []).append(alias)
        for concept_id in list(concepts):
            for implied in self.concepts[concept_id].also:
                concepts.setdefault(implied, []).append(f"({concept_id})")
        intents = {self.nlp.vocab.strings[m] for m, _, _ in self.intent_matcher(doc)}
        # A plain intent phrase the tokenizer split across words (能不能 → 能|不能).
        for intent in self.intents.values():
            if any(len(seq) == 1 and _plain(seq[0]) and seq[0] in text for seq in intent.sequences):
                intents.add(intent.id)
        words = [t.text for t in doc if not _PUNCT.match(t.text)]
        content = [w for w in words if w not in self.lexicon.stopwords]
        unknown = [w for w in content if not self._known(w)]
        dates, bad = find_dates(text, today or dt.date.today())
        item_only = None
        refs = [ref for ref, _, _ in find_ref_spans(text)]
        if not refs:
            match = _ITEM_ONLY.search(text)
            if match:
                try:
                    item_only = cn_to_int(match.group(1))
                except ValueError:
                    item_only = None
        return Analysis(text, words, {k: list(dict.fromkeys(v)) for k, v in concepts.items()},
                        [(s.text, s.ent_id_) for s in doc.ents], intents, unknown, refs, item_only, dates, bad)

    def _known(self, word: str) -> bool:
        if word in self.vocabulary or word.isdigit():
            return True
        if len(word) > 1 and all(ch in self.lexicon.stopwords for ch in word):
            return True
        return any(word in known for known in self.vocabulary if len(known) > len(word))
