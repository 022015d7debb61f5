"""What a staff query means: pinpoint references, quoted phrases, document
numbers, words, and the synonyms of the words people use.

Whatever is typed is plain text: nothing here is query syntax (AND, OR, *,
brackets and quotes that do not pair up are just characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as Q

from ..knowledge.lexicon import Lexicon
from ..knowledge.lookup import Ref, find_ref_spans, parse_ref
from ..segment import Segmenter
from ..textnorm import normalise_query, squeeze
from .analysis import char_terms

EXACT = 1.0
ALIAS_PHRASE = 1.0  # the alias itself printed in the text is an exact match
SYNONYM = 0.6
ALIAS_PART = 0.15
HEADING = 0.3
DOC_NUMBER = 3.0
SINGLE_CHAR = 0.25
SUBWORD = 0.4
# A word in the questions a clause answers (the help-desk rules' examples) counts less than in its text;
# tuned on bench/sets/search_fresh_6_tune.yaml, then measured on the unseen fresh_5 (bench/README.md).
ASKED = 0.4

_QUOTES = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|『([^』]+)』|\'([^\']+)\'')
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{0,12}[〔\[【(]\s*\d{4}\s*[〕\]】)]\s*\d{1,5}\s*号|[\u4e00-\u9fff]{0,10}令第\d{1,5}号|\d{1,5}号"
)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")


@dataclass
class ParsedQuery:
    text: str  # normalised
    refs: list[Ref] = field(default_factory=list)
    whole_ref: bool = False  # the query is nothing but a reference
    phrases: list[str] = field(default_factory=list)  # required (quoted)
    doc_numbers: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias typed, canonical word)
    alias_parts: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.refs or self.phrases or self.doc_numbers or self.words or self.aliases)

    def concepts(self, segmenter: Segmenter) -> list[list[tuple[str, ...]]]:
        """Each thing the query asks about, as alternative surface forms; a form
        is a tuple of words that must all appear (撤销 … 称号)."""
        out: list[list[tuple[str, ...]]] = []
        for word in self.words:
            forms = [(word,)] + [(w.text,) for w in segmenter.words(word) if w.sub]
            out.append(forms)
        groups: dict[str, list[tuple[str, ...]]] = {}
        for alias, canonical in self.aliases:
            forms = groups.setdefault(alias, [(alias,)])
            forms.append(tuple(canonical.split()))
        out.extend(groups.values())
        out.extend([(p,)] for p in (*self.phrases, *self.doc_numbers))
        return out

    def highlight_concepts(self, segmenter: Segmenter) -> list[list[list[tuple[str, ...]]]]:
        """What to mark for each thing asked about, as tiers of forms (a form is
        words that must all be printed), most literal first. A clause is marked
        with the first tier of each concept it prints: the typed word, else the
        parts of it that matched (适用范围 → 适用); the alias typed and the
        words it expands to (造假 → 弄虚作假, 虚假材料), else the words the
        expansion was searched as, else the alias's own words."""
        out: list[list[list[tuple[str, ...]]]] = []
        for word in self.words:
            out.append([[(word,)], [(w.text,) for w in segmenter.words(word) if w.sub]])
        canonicals: dict[str, list[str]] = {}
        for alias, canonical in self.aliases:
            canonicals.setdefault(alias, []).append(canonical)
        for alias, targets in canonicals.items():
            out.append([
                [(alias,), *(tuple(c.split()) for c in targets)],
                [tuple(w for w, _, _ in segmenter.cut(c) if _markable(w)) for c in targets],
                [(w,) for w, _, _ in segmenter.cut(alias) if _markable(w)],
            ])
        out.extend([[(p,)]] for p in (*self.phrases, *self.doc_numbers))
        return out


def _markable(word: str) -> bool:
    """Single Chinese characters are never marked: they would mark half the text."""
    return len(word) > 1 or word.isascii()


def parse_query(raw: str, segmenter: Segmenter, lexicon: Lexicon) -> ParsedQuery:
    text = normalise_query(raw)
    parsed = ParsedQuery(text=text)
    whole = parse_ref(text)
    if whole is not None:
        parsed.refs, parsed.whole_ref = [whole], True
        return parsed
    rest = squeeze(text)
    rest = _take_quoted(rest, parsed)
    rest = _take_doc_numbers(rest, parsed)
    spans = find_ref_spans(rest)
    for ref, start, end in reversed(spans):
        parsed.refs.insert(0, ref)
        rest = rest[:start] + " " + rest[end:]
    rest = _take_aliases(rest, parsed, lexicon)
    words = [w for w, _, _ in segmenter.cut(rest) if not _PUNCT_ONLY.match(w)]
    content = [w for w in words if w not in lexicon.stopword_set]
    if not content and not (parsed.refs or parsed.phrases or parsed.doc_numbers or parsed.aliases):
        content = words  # a query of nothing but common words still means something
    parsed.words = list(dict.fromkeys(content))
    if parsed.refs and not (parsed.words or parsed.phrases or parsed.doc_numbers or parsed.aliases):
        parsed.whole_ref = True
    return parsed


def _take_quoted(text: str, parsed: ParsedQuery) -> str:
    def keep(match: re.Match) -> str:
        phrase = next(g for g in match.groups() if g is not None).strip()
        if char_terms(phrase):
            parsed.phrases.append(phrase)
        return " "

    text = _QUOTES.sub(keep, text)
    # Quotes left unpaired are ordinary characters with no meaning.
    return re.sub(r"[\"“”「」『』']", " ", text)


def _take_doc_numbers(text: str, parsed: ParsedQuery) -> str:
    def keep(match: re.Match) -> str:
        parsed.doc_numbers.append(match.group(0).strip())
        return " "

    return _DOC_NUMBER.sub(keep, text)


def _take_aliases(text: str, parsed: ParsedQuery, lexicon: Lexicon) -> str:
    """Aliases are matched as whole phrases; their words only weakly on their own."""
    found = lexicon.expansions(text)
    parsed.aliases.extend(found)
    for alias in dict.fromkeys(a for a, _ in found):
        text = text.replace(alias, " ")
        parsed.alias_parts.append(alias)
    return text


def build_query(parsed: ParsedQuery, segmenter: Segmenter) -> Q.Query | None:
    """The Whoosh query for everything but the pinpoint references."""
    should: list[Q.Query] = []
    for word in parsed.words:
        boost = SINGLE_CHAR if len(word) == 1 and not word.isascii() else EXACT
        options = [Q.Term("text", word, boost=boost), Q.Term("heading", word, boost=HEADING * boost)]
        # A long query word (适用范围) also matches through its parts (适用).
        options += [Q.Term("text", sub.text, boost=SUBWORD) for sub in segmenter.words(word) if sub.sub]
        options.append(Q.Term("asked", word, boost=ASKED * boost))
        should.append(_any(options))
    for alias, canonical in parsed.aliases:
        should.append(_char_phrase(alias, ALIAS_PHRASE))
        canonical_words = [w for w, _, _ in segmenter.cut(canonical)] or [canonical]
        should.append(Q.And([Q.Term("text", w, boost=SYNONYM) for w in canonical_words])
                      if len(canonical_words) > 1 else Q.Term("text", canonical_words[0], boost=SYNONYM))
    for alias in parsed.alias_parts:
        for word, _, _ in segmenter.cut(alias):
            if len(word) > 1:
                should.append(Q.Term("text", word, boost=ALIAS_PART))
    for number in parsed.doc_numbers:
        should.append(_char_phrase(number, DOC_NUMBER))
    required = [_char_phrase(p, EXACT) for p in parsed.phrases]
    must = (Q.And(required) if len(required) > 1 else required[0]) if required else None
    if must is not None and should:
        return Q.AndMaybe(must, _any(should))
    return must if must is not None else (_any(should) if should else None)


def _any(subqueries: list[Q.Query]) -> Q.Or:
    """An Or scored with Whoosh's union matcher. Its automatic choice, an array matcher
    over the whole index, costs more on this small index than it saves and ranks
    the same (bench/search_relevance.py: p50 1.9 → 1.5 ms)."""
    query = Q.Or(subqueries)
    query.matcher_type = Q.Or.DEFAULT_MATCHER
    return query


def _char_phrase(text: str, boost: float) -> Q.Query:
    chars = char_terms(text)
    if len(chars) == 1:
        return Q.Term("chars", chars[0], boost=boost)
    return Q.Phrase("chars", chars, boost=boost)
