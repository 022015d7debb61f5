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

from spacy.lang.zh import Chinese
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..knowledge.concepts import Concept, Subject
from ..knowledge.intents import Intent
from ..knowledge.lexicon import Lexicon
from ..knowledge.lookup import Ref, find_ref_spans
from ..regulation.numerals import cn_to_int
from ..segment import Segmenter
from ..textnorm import fold, normalise_query, squeeze
from .datetext import Mentioned, find_dates
from .typos import Correction, Readings, TypoCorrector
from .wordclass import WordClasses

_ITEM_ONLY = re.compile(r"第\s*[（(]?([一二三四五六七八九十\d]{1,3})[）)]?\s*项")
_PUNCT = re.compile(r"^[\W_]+$")
_TRAILING = re.compile(r"[\W_]+$")
_A_NOT_A = re.compile(r"([\u4e00-\u9fff]{1,2})[不没]\1")  # 看不看, 需要不需要: a yes/no question
# A concept is negated when one of these stands just before it in the same clause
# (没有政府批准, 未完成节能减排目标); 能不能 and 是不是 ask, they do not negate.
# A modifier with 的 may stand between (没设绿色发展方面的管理机构).
_NEGATED = re.compile(r"(?:没有|没|未经|未|无|不是|不|非)(?:[^没未无不非，。,;；？?！!]{0,6}"
                      r"|[^没未无不非，。,;；？?！!的]{0,9}的[^没未无不非，。,;；？?！!的]{0,3})$")


def _beaten(span: tuple[int, int], other: tuple[int, int], starts: set[int], ends: set[int]) -> bool:
    """A found word gives way to a longer word around it (实施 inside 实施方案), and to a
    word as long that it overlaps when that one is a word of the segmentation and it is
    not: in 园区|里 the word is 园区, not 区里; in 才能|评判 it is 评判, not 能评. Other
    overlapping words (报什么|什么东西) both count."""
    (start, end), (s, e) = span, other
    if span == other or end <= s or e <= start:
        return False
    if s <= start and end <= e:
        return True
    return (e - s) == (end - start) and s in starts and e in ends and not (start in starts and end in ends)


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


GAP = "…"  # in an intent's sequence: up to four words of anything (多少…补贴)


def _said(phrase: str, text: str, words: list[tuple[int, int]]) -> bool:
    """*phrase* is in *text* inside one word (由谁来) or as whole words (能|不能), not cutting
    into a word of the dictionary: 怎么办 is not said in 怎么|办理, nor 会被 in 会|不会|被.
    *words* are the spans of the dictionary's words of two characters or more; a run the
    segmenter glued without the dictionary (多少|天发) is no word to respect."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        inside = any(a <= start and end <= b for a, b in words)
        if inside or not any(a < start < b or a < end < b for a, b in words):
            return True
        start = text.find(phrase, start + 1)
    return False


def _token_spec(pattern: str) -> dict:
    if pattern == GAP:
        return {"OP": "{,4}"}
    if pattern.startswith("^") or pattern.endswith("$"):
        return {"TEXT": {"REGEX": pattern}}
    if len(pattern) == 1:
        return {"TEXT": pattern}
    return {"TEXT": {"REGEX": re.escape(pattern)}}


def _plain(pattern: str) -> bool:
    return len(pattern) > 1 and pattern != GAP and not pattern.startswith("^") and not pattern.endswith("$")


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
    subjects: tuple[Subject, ...] = ()  # the subjects the measures distinguish (kb/concepts.yaml)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where each word of the text starts and ends

    @property
    def subject(self) -> str | None:
        """The one subject the question names; of several, the one whose ``prevails_when`` it
        matches (园区内企业、园区里的绿色工厂: the park is what is asked about)."""
        named = [s for s in self.subjects if s.id in self.concepts]
        if len(named) == 1:
            return named[0].id
        prevailing = [s for s in named if s.prevails is not None and s.prevails.search(self.text)]
        return prevailing[0].id if len(named) > 1 and prevailing else None

    def has(self, concept: str) -> bool:
        return concept in self.concepts

    @property
    def present(self) -> set[str]:
        """Concepts and intents of the question; a negated concept also as ``!id``."""
        return set(self.concepts) | self.intents | {f"!{c}" for c in self.negated}


class Understanding:
    def __init__(self, segmenter: Segmenter, lexicon: Lexicon, concepts: list[Concept],
                 intents: list[Intent], vocabulary: set[str], word_classes: WordClasses | None = None,
                 subjects: list[Subject] = (), readings: Readings | None = None):
        self.segmenter = segmenter
        self.subjects = tuple(subjects)
        self.word_classes = word_classes
        self.lexicon = lexicon
        self.concepts = {c.id: c for c in concepts}
        self.intents = {i.id: i for i in intents}
        self.nlp = Chinese()  # spacy.blank("zh") without looking the language up in the registry
        self.nlp.tokenizer = SegmenterTokenizer(self.nlp.vocab, segmenter)
        self.ruler = self.nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
        self.intent_matcher = Matcher(self.nlp.vocab)
        self._surface: dict[str, list[str]] = {}  # concept id → its words and their aliases, folded
        for concept in concepts:
            self._surface[concept.id] = concept.surface_forms(lexicon)
        # The EntityRuler finds one-character concept words (厂, 报, 税) only as whole words;
        # longer ones are found in the text itself (below), also where the segmenter split them.
        self.ruler.add_patterns([{"label": "CONCEPT", "pattern": [{"TEXT": form}], "id": cid}
                                 for cid, forms in self._surface.items() for form in forms if len(form) == 1])
        # Every multi-character concept word, longest first, for words the segmenter split;
        # and the printed terms of the measures, which hide shorter concept words inside
        # them (体系 in 绿色制造体系 is not a management system). Indexed by first character
        # so that a question is scanned once, not once per word.
        phrases = sorted(((form, cid) for cid, forms in self._surface.items() for form in forms
                          if len(form) > 1), key=lambda pair: -len(pair[0]))
        terms = [(fold(t), "") for t in lexicon.term_words if len(t) > 2]
        self._starting: dict[str, list[tuple[str, str]]] = {}
        for form, cid in [*phrases, *terms]:
            self._starting.setdefault(form[0], []).append((form, cid))
        self._of_canonical: dict[str, list[str]] = {}  # a lexicon canonical word → concepts it is a word of
        for cid, forms in self._surface.items():
            for form in forms:
                self._of_canonical.setdefault(form, []).append(cid)
        # Intent phrases: one plain word is looked for in the text; sequences, one-character
        # words and patterns go to the Matcher.
        self._plain_intents = [(seq[0], i.id) for i in intents for seq in i.sequences
                               if len(seq) == 1 and _plain(seq[0])]
        for intent in intents:
            sequences = [seq for seq in intent.sequences if not (len(seq) == 1 and _plain(seq[0]))]
            if sequences:
                self.intent_matcher.add(intent.id, [[_token_spec(p) for p in seq] for seq in sequences])
        self._endings = [(e, i.id) for i in intents for e in i.endings]
        self.vocabulary = vocabulary | {w for forms in self._surface.values() for w in forms}
        self.vocabulary |= {p for i in intents for seq in i.sequences for p in seq if p.isalnum() or len(p) > 1}
        self._question_words = [p for i in intents for seq in i.sequences for p in seq if _plain(p)]
        # Every part of a vocabulary word: a word found inside one is a domain word (审 in 审核).
        self._parts = {word[i:j] for word in self.vocabulary for i in range(len(word))
                       for j in range(i + 1, len(word) + 1) if j - i < len(word)}
        self._printed = ""  # the text of the measures: any word printed there is a domain word
        # Typos are corrected towards words of the measures, never towards other services.
        # Only whole words are targets: not phrases that begin or end with a particle (要附, 怎么审).
        foreign = {w for c in concepts if c.kind == "foreign" for w in self._surface[c.id]}
        targets = {w for w in (self.vocabulary | set(lexicon.user_words())) - foreign
                   if w[:1] not in lexicon.stopword_set and w[-1:] not in lexicon.stopword_set}
        # Function words are typed as meant (咨询一下 is not 咨询以下).
        self.typos = TypoCorrector(targets, segmenter.frequency,
                                   keep=foreign | self.vocabulary | set(lexicon.stopword_set), readings=readings)

    @property
    def surface(self) -> dict[str, list[str]]:
        return self._surface

    def know_text(self, printed: str) -> None:
        """The printed text of the measures (a word found in it is a domain word)."""
        self._printed = printed

    def _dictionary_words(self, text: str, doc: Doc) -> list[tuple[int, int]]:
        """Spans of the tokens of *doc* that are words of the dictionary (not glued characters)."""
        return [(a, b) for a, b in doc.user_data["offsets"] if b - a > 1 and self.segmenter.is_word(text[a:b])]

    def analyse(self, question: str, today: dt.date | None = None) -> Analysis:
        text = squeeze(normalise_query(question))
        doc = self.nlp(text)
        text, corrections = self.typos.correct(text, self._dictionary_words(text, doc))
        if corrections:
            doc = self.nlp(text)  # read again as corrected; most questions need no second reading
        concepts, negated = self._concepts(text, doc)
        intents = {self.nlp.vocab.strings[m] for m, _, _ in self.intent_matcher(doc)}
        # A plain intent phrase anywhere in the text, also where the tokenizer split it
        # (能不能 → 能|不能), and sentence-final particles (能申报不？).
        known = self._dictionary_words(text, doc)
        intents |= {intent for phrase, intent in self._plain_intents
                    if phrase in text and _said(phrase, text, known)}
        ending = _TRAILING.sub("", text)
        intents |= {intent for word, intent in self._endings if ending.endswith(word)}
        if _A_NOT_A.search(text) and "yesno" in self.intents:
            intents.add("yesno")
        words = [t.text for t in doc if not _PUNCT.match(t.text)]
        content = [w for w in words if w not in self.lexicon.stopword_set]
        unknown = [w for w in content if not self._known(w)]
        # A word the dictionary does not know but that starts or ends with a particle
        # (要设, 要往) is a verb phrase the segmenter glued, not a topic.
        topics = [w for w in unknown if len(w) > 1 and w[0] not in self.lexicon.stopword_set
                  and w[-1] not in self.lexicon.stopword_set
                  and (self.word_classes is None or self.word_classes.names_topic(w, self.segmenter.is_word))]
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
                        topics, refs, item_only, dates, bad, corrections, negated, self.subjects,
                        list(doc.user_data["offsets"]))

    def _concepts(self, text: str, doc: Doc) -> tuple[dict[str, list[str]], set[str]]:
        """Concept → words found (a word inside a longer concept word does not
        count), and the concepts the question negates."""
        offsets = doc.user_data["offsets"]
        starts, ends = {a for a, _ in offsets}, {b for _, b in offsets}
        spans = [(offsets[s.start][0], offsets[s.end - 1][1], s.ent_id_) for s in doc.ents]
        for start, char in enumerate(text):
            for form, concept_id in self._starting.get(char, ()):
                if text.startswith(form, start):
                    spans.append((start, start + len(form), concept_id))
        # Lexicon aliases count for the concept of their canonical word.
        for alias, canonical in self.lexicon.expansions(text):
            start = text.find(alias)
            if start != -1:
                spans += [(start, start + len(alias), cid) for cid in self._of_canonical.get(canonical, ())]
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        kept: list[tuple[int, int]] = []
        concepts: dict[str, list[str]] = {}
        negated: set[str] = set()
        asking = _A_NOT_A.sub(lambda m: " " * len(m.group(0)), text)
        for start, end, concept_id in spans:
            if any(_beaten((start, end), other, starts, ends) for other in kept):
                continue
            kept.append((start, end))
            if not concept_id:
                continue  # a printed term that is no concept word
            concepts.setdefault(concept_id, []).append(text[start:end])
            if _NEGATED.search(asking[max(0, start - 15):start]):
                negated.add(concept_id)
        for concept_id in list(concepts):
            for implied in self.concepts[concept_id].also:
                concepts.setdefault(implied, []).append(f"({concept_id})")
        return {k: list(dict.fromkeys(v)) for k, v in concepts.items()}, negated

    def asks(self, word: str) -> bool:
        """The word is (or holds) a question word of an intent: 由谁来, 哪一年, 算不算."""
        return any(p in word for p in self._question_words)

    def _known(self, word: str) -> bool:
        if word in self.vocabulary or word.isdigit() or (len(word) > 1 and word in self._printed):
            return True
        if len(word) > 1 and all(ch in self.lexicon.stopword_set for ch in word):
            return True
        if self.asks(word):
            return True  # 由谁来, 哪一年: a question word with a particle
        return word in self._parts
