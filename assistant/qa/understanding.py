"""Understanding a question with spaCy: ``spacy.blank("zh")`` tokenised by the
shared jieba segmenter (same user dictionary as search), an EntityRuler for
the domain concepts and a Matcher for the question's intents.

Patterns come from ``kb/concepts.yaml`` and ``kb/intents.yaml``; a concept's
words are widened with the lexicon's synonyms of those words. Homophone
typos are corrected first (:mod:`typos`). A concept word is also found where
the segmenter split it, but never inside a longer concept word (实施 is not
施行 inside 实施方案).
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
from ..textnorm import fold, normalise_query, squeeze
from .datetext import Mentioned, find_dates
from .knowledge import Concept, Intent
from .typos import Correction, TypoCorrector
from .wordclass import WordClasses

_ITEM_ONLY = re.compile(r"第\s*[（(]?([一二三四五六七八九十\d]{1,3})[）)]?\s*项")
_PUNCT = re.compile(r"^[\W_]+$")
_TRAILING = re.compile(r"[\W_]+$")
_A_NOT_A = re.compile(r"([\u4e00-\u9fff]{1,2})[不没]\1")  # 看不看, 需要不需要: a yes/no question
# A concept is negated when one of these stands just before it in the same clause
# (没有政府批准, 未完成节能减排目标); 能不能 and 是不是 ask, they do not negate.
_NEGATED = re.compile(r"(?:没有|没|未经|未|无|不是|不|非)[^没未无不非，。,;；？?！!]{0,6}$")
_IN_PARK = re.compile(r"园区(?:内|里|中|里面|内部)[^，。,；;？?]{0,8}?(?:企业|工厂|公司)")


class SegmenterTokenizer:
    """spaCy tokenizer backed by the shared :class:`Segmenter`."""

    def __init__(self, vocab, segmenter: Segmenter):
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        pieces = self.segmenter.cut(text)
        doc = Doc(self.vocab, words=[word for word, _, _ in pieces], spaces=[False] * len(pieces))
        # Punctuation and spaces are dropped, so keep where each token sits in *text*.
        doc.user_data["offsets"] = [(start, end) for _, start, end in pieces]
        return doc


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
    text: str  # normalised question, typos corrected
    words: list[str]
    concepts: dict[str, list[str]]  # concept id → surface forms found
    entities: list[tuple[str, str]]  # (text, concept id) from the EntityRuler
    intents: set[str]
    unknown: list[str]  # content words outside the domain vocabulary
    topics: list[str] = field(default_factory=list)  # the unknown words that name a topic (nouns)
    refs: list[Ref] = field(default_factory=list)
    item_only: int | None = None  # 第三项 without an article
    dates: list[Mentioned] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)  # concepts said not to hold (没有批准)

    @property
    def subject(self) -> str | None:
        park, factory = "park" in self.concepts, "factory" in self.concepts
        if park and not factory:
            return "park"
        if factory and not park:
            return "factory"
        if park and factory and _IN_PARK.search(self.text):
            return "park"  # 园区内企业、园区里的绿色工厂: the park is what is asked about
        return None

    def has(self, concept: str) -> bool:
        return concept in self.concepts

    @property
    def present(self) -> set[str]:
        """Concepts and intents of the question; a negated concept also as ``!id``."""
        return set(self.concepts) | self.intents | {f"!{c}" for c in self.negated}


class Understanding:
    def __init__(self, segmenter: Segmenter, lexicon: Lexicon, concepts: list[Concept],
                 intents: list[Intent], vocabulary: set[str], word_classes: WordClasses | None = None):
        self.segmenter = segmenter
        self.word_classes = word_classes
        self.lexicon = lexicon
        self.concepts = {c.id: c for c in concepts}
        self.intents = {i.id: i for i in intents}
        self.nlp = spacy.blank("zh")
        self.nlp.tokenizer = SegmenterTokenizer(self.nlp.vocab, segmenter)
        self.ruler = self.nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        self.intent_matcher = Matcher(self.nlp.vocab)
        self._surface: dict[str, list[str]] = {}
        patterns = []
        for concept in concepts:
            forms = concept.surface_forms(lexicon)
            self._surface[concept.id] = forms
            patterns += [{"label": "CONCEPT", "pattern": [{"TEXT": form}], "id": concept.id} for form in forms]
            patterns += [{"label": "CONCEPT", "pattern": form, "id": concept.id} for form in forms if len(form) > 1]
        self.ruler.add_patterns(patterns)
        # Every multi-character concept word, longest first, for words the segmenter split;
        # and the printed terms of the measures, which hide shorter concept words inside
        # them (体系 in 绿色制造体系 is not a management system).
        self._phrases = sorted(((form, cid) for cid, forms in self._surface.items() for form in forms
                                if len(form) > 1), key=lambda pair: -len(pair[0]))
        self._terms = [fold(t) for t in lexicon.terms if len(t) > 2]
        for intent in intents:
            self.intent_matcher.add(intent.id, [[_token_spec(p) for p in seq] for seq in intent.sequences])
        self.vocabulary = vocabulary | {w for forms in self._surface.values() for w in forms}
        self.vocabulary |= {p for i in intents for seq in i.sequences for p in seq if p.isalnum() or len(p) > 1}
        self._question_words = [p for i in intents for seq in i.sequences for p in seq if _plain(p)]
        self._printed = ""  # the text of the measures: any word printed there is a domain word
        # Typos are corrected towards words of the measures, never towards other services.
        # Only whole words are targets: not phrases that begin or end with a particle (要附, 怎么审).
        foreign = {w for c in concepts if c.kind == "foreign" for w in self._surface[c.id]}
        targets = {w for w in (self.vocabulary | set(lexicon.user_words())) - foreign
                   if w[:1] not in lexicon.stopwords and w[-1:] not in lexicon.stopwords}
        self.typos = TypoCorrector(targets, segmenter.frequency, keep=foreign | self.vocabulary)

    def know_text(self, printed: str) -> None:
        """The printed text of the measures (a word found in it is a domain word)."""
        self._printed = printed

    def analyse(self, question: str, today: dt.date | None = None) -> Analysis:
        text, corrections = self.typos.correct(squeeze(normalise_query(question)))
        doc = self.nlp(text)
        concepts, negated = self._concepts(text, doc)
        intents = {self.nlp.vocab.strings[m] for m, _, _ in self.intent_matcher(doc)}
        # A plain intent phrase the tokenizer split across words (能不能 → 能|不能),
        # and sentence-final particles (能申报不？).
        ending = _TRAILING.sub("", text)
        for intent in self.intents.values():
            if any(len(seq) == 1 and _plain(seq[0]) and seq[0] in text for seq in intent.sequences):
                intents.add(intent.id)
            if any(ending.endswith(e) for e in intent.endings):
                intents.add(intent.id)
        if _A_NOT_A.search(text) and "yesno" in self.intents:
            intents.add("yesno")
        words = [t.text for t in doc if not _PUNCT.match(t.text)]
        content = [w for w in words if w not in self.lexicon.stopwords]
        unknown = [w for w in content if not self._known(w)]
        # A word the dictionary does not know but that starts or ends with a particle
        # (要设, 要往) is a verb phrase the segmenter glued, not a topic.
        topics = [w for w in unknown if len(w) > 1 and w[0] not in self.lexicon.stopwords
                  and w[-1] not in self.lexicon.stopwords
                  and (self.word_classes is None or self.word_classes.names_topic(w))]
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
        return Analysis(text, words, concepts, [(s.text, s.ent_id_) for s in doc.ents], intents, unknown,
                        topics, refs, item_only, dates, bad, corrections, negated)

    def _concepts(self, text: str, doc: Doc) -> tuple[dict[str, list[str]], set[str]]:
        """Concept → words found (a word inside a longer concept word does not
        count), and the concepts the question negates."""
        offsets = doc.user_data["offsets"]
        spans = [(offsets[s.start][0], offsets[s.end - 1][1], s.ent_id_) for s in doc.ents]
        for form, concept_id in self._phrases:
            start = text.find(form)
            while start != -1:
                spans.append((start, start + len(form), concept_id))
                start = text.find(form, start + 1)
        for term in self._terms:
            start = text.find(term)
            while start != -1:
                spans.append((start, start + len(term), ""))
                start = text.find(term, start + 1)
        # Lexicon aliases count for the concept of their canonical word.
        for alias, canonical in self.lexicon.expansions(text):
            for concept_id, forms in self._surface.items():
                if canonical in forms:
                    start = text.find(alias)
                    if start != -1:
                        spans.append((start, start + len(alias), concept_id))
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        kept: list[tuple[int, int]] = []
        concepts: dict[str, list[str]] = {}
        negated: set[str] = set()
        asking = _A_NOT_A.sub(lambda m: " " * len(m.group(0)), text)
        for start, end, concept_id in spans:
            if any(s <= start and end <= e and (e - s) > (end - start) for s, e in kept):
                continue
            kept.append((start, end))
            if not concept_id:
                continue  # a printed term that is no concept word
            concepts.setdefault(concept_id, []).append(text[start:end])
            if _NEGATED.search(asking[max(0, start - 8):start]):
                negated.add(concept_id)
        for concept_id in list(concepts):
            for implied in self.concepts[concept_id].also:
                concepts.setdefault(implied, []).append(f"({concept_id})")
        return {k: list(dict.fromkeys(v)) for k, v in concepts.items()}, negated

    def _known(self, word: str) -> bool:
        if word in self.vocabulary or word.isdigit() or (len(word) > 1 and word in self._printed):
            return True
        if len(word) > 1 and all(ch in self.lexicon.stopwords for ch in word):
            return True
        if any(p in word for p in self._question_words):
            return True  # 由谁来, 哪一年: a question word with a particle
        return any(word in known for known in self.vocabulary if len(known) > len(word))
