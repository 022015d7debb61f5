"""Whoosh tokenizers: jieba words (with sub-words at the same position) and
single characters (for phrases and document numbers).

jieba's own ``ChineseAnalyzer`` gives character offsets as positions, which
breaks phrase queries, and drops single non-Chinese characters (so 4号 could
not be found). These tokenizers count positions in words, keep every digit
and letter, and normalise text the same way queries are normalised.

Whoosh pickles analyzers into the index, so the tokenizer holds only a key;
the segmenter itself is registered per process.
"""

from __future__ import annotations

import re

from whoosh.analysis import Token, Tokenizer

from ..segment import Segmenter
from ..textnorm import fold_aligned

_SEGMENTERS: dict[str, Segmenter] = {}
_CHAR = re.compile(r"[\w]", re.UNICODE)


def register_segmenter(key: str, segmenter: Segmenter) -> None:
    _SEGMENTERS[key] = segmenter


class JiebaTokenizer(Tokenizer):
    """Words of the domain-aware jieba segmenter, sub-words included."""

    def __init__(self, key: str):
        self.key = key

    def __eq__(self, other):
        return isinstance(other, JiebaTokenizer) and other.key == self.key

    def __hash__(self):
        return hash(("jieba", self.key))

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        segmenter = _SEGMENTERS[self.key]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for word in segmenter.words(fold_aligned(value)):
            token.text = word.text
            token.boost = 0.5 if word.sub else 1.0
            if keeporiginal:
                token.original = word.text
            if positions:
                token.pos = start_pos + word.position
            if chars:
                token.startchar = start_char + word.start
                token.endchar = start_char + word.end
            yield token


class CharTokenizer(Tokenizer):
    """Every letter, digit and Chinese character is a token; punctuation and
    spaces are skipped without breaking the position sequence, so a phrase
    of characters is a substring match (〔2022〕88号 matches 【2022】88号)."""

    def __eq__(self, other):
        return isinstance(other, CharTokenizer)

    def __hash__(self):
        return hash("chars")

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for index, ch in enumerate(fold_aligned(value)):
            if not _CHAR.match(ch) or ch == "_":
                continue
            token.text = ch
            token.boost = 1.0
            if keeporiginal:
                token.original = ch
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + index
                token.endchar = start_char + index + 1
            position += 1
            yield token


def char_terms(text: str) -> list[str]:
    """The character tokens of *text*, as the index sees them."""
    return [t.text for t in CharTokenizer()(text)]
