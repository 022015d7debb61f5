"""Mark the matching words of a clause with ``<mark>``; everything else is escaped."""

from __future__ import annotations

import functools
import html
import re

from ..textnorm import fold_aligned

_GAP = re.compile(r"[\s\W_]*")


@functools.lru_cache(maxsize=2048)
def _pattern(term: str) -> re.Pattern | None:
    """Match *term* in folded text, allowing punctuation or spaces between
    characters (a query 2024年4号 still marks 〔2024〕4 号)."""
    chars = [ch for ch in fold_aligned(term) if ch.strip() and (ch.isalnum())]
    if not chars:
        return None
    return re.compile(_GAP.pattern.join(re.escape(ch) for ch in chars))


def spans(text: str, terms: list[str], folded: str | None = None) -> list[tuple[int, int]]:
    folded = folded if folded is not None else fold_aligned(text)
    found: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        if len(term) < 2 and not term.isascii():
            continue  # single Chinese characters would mark half the text
        pattern = _pattern(term)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                found.append((match.start(), match.end()))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def matched_terms(text: str, concepts: list[list[list[tuple[str, ...]]]], folded: str | None = None,
                  tiers: int | None = None) -> list[str]:
    """The words to mark in *text*: for each concept, every form of its first
    tier that *text* prints (all of a form's words), looking at no more than
    *tiers* tiers. See ``ParsedQuery.highlight_concepts``."""
    folded = folded if folded is not None else fold_aligned(text)
    terms: list[str] = []
    for concept in concepts:
        for tier in concept[:tiers]:
            found = [part for form in tier if form and all(spans(text, [part], folded) for part in form)
                     for part in form]
            if found:
                terms.extend(found)
                break
    return list(dict.fromkeys(terms))


def highlight(text: str, terms: list[str], folded: str | None = None) -> str:
    """HTML with the terms wrapped in <mark>; safe to insert into a page.

    *folded* is ``fold_aligned(text)`` when the caller has it already."""
    out: list[str] = []
    cursor = 0
    for start, end in spans(text, terms, folded):
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)

