"""Normalising what people type: traditional → simplified characters,
full-width → half-width, control characters and stray spaces removed.

Every step maps one character to at most one character, so offsets in the
normalised text are offsets in the original (highlighting relies on it).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib.resources import files

from .errors import BadInput

MAX_QUERY_CHARS = 200
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Single-character traditional → simplified pairs from zhconv's tables."""
    # zhconv's own loader leaves its file open; read its table directly.
    raw = files("zhconv").joinpath("zhcdict.json").read_text(encoding="utf-8")
    table = {}
    for source, target in json.loads(raw)["zh2Hans"].items():
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return " " if ch in "\t\n\r\x0b\x0c" else ""
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        # Keep ideographic punctuation (〔〕) and anything NFKC would expand.
        folded = ch
    return folded.lower()


def fold(text: str) -> str:
    """Character-by-character normalisation; the result may be shorter only
    where control characters were dropped."""
    table = _t2s_table()
    return "".join(_fold_char(ch) for ch in text).translate(table)


def fold_aligned(text: str) -> str:
    """Like :func:`fold` but keeps one output character per input character
    (dropped characters become spaces), for mapping matches back to the text."""
    table = _t2s_table()
    return "".join(_fold_char(ch) or " " for ch in text).translate(table)


def normalise_query(text: str, limit: int = MAX_QUERY_CHARS) -> str:
    """Clean a query; raise :class:`BadInput` when it is too long to be a query."""
    if not isinstance(text, str):
        raise BadInput("查询必须是文字", field="q")
    if len(text) > limit * 5:
        raise BadInput(f"输入过长：最多 {limit} 个字", field="q")
    cleaned = _SPACES.sub(" ", fold(text)).strip()
    if len(cleaned) > limit:
        raise BadInput(f"输入过长：最多 {limit} 个字（现有 {len(cleaned)} 个）", field="q")
    return cleaned


def squeeze(text: str) -> str:
    """Spaces only matter between Latin letters and digits (ISO 14001)."""
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)
