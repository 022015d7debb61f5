"""Where the article numbering of a text starts, and whether a doubtful
heading continues the heading numbering.

Most regulations start at 第一条, but one 编 of a code published alone
starts mid-code (人格权编 at 第九百八十九条) and an amendment lists the
articles it adds (宪法修正案 第三十二条…). Without knowing the start, every
article after the first would be taken for a quoted reference.
"""

from __future__ import annotations

from itertools import pairwise

from . import patterns as P
from .numerals import cn_to_int
from .reflow import tidy

_LEVELS = ("part", "subpart", "chapter", "section")


def _article_number(line: str, tight: bool) -> int | None:
    line = line.strip()
    match = P.ARTICLE.match(line)
    rest = 4
    if match is None and tight:
        match = P.ARTICLE_TIGHT.match(line)
        rest = 3
        if match is not None and P.REFERENCE_TAIL.match(match.group(rest)):
            return None
    if match is None or match.group(2):
        return None  # 第十条之一 never starts a text
    try:
        return cn_to_int(match.group(1))
    except ValueError:
        return None


def first_article_number(lines: list[str]) -> int:
    """The number of the first article: 1 unless the text shows otherwise.

    A 第一条 anywhere keeps the usual start (the behaviour for ordinary
    texts does not change). Otherwise the start is the first line-start
    article that the next line-start article continues (N, then N+1), so a
    lone reference quoted in a preamble is not taken for the start.
    """
    if any(_article_number(line, tight=True) == 1 for line in lines):
        return 1
    numbers = [n for n in (_article_number(line, tight=False) for line in lines) if n is not None]
    for current, following in pairwise(numbers):
        if following == current + 1:
            return current
    return numbers[0] if len(numbers) == 1 else 1


def is_title_line(line: str) -> bool:
    """A short unfinished line that is not numbered: a heading's title or its rest."""
    line = tidy(line)
    return 0 < len(line) <= 30 and not P.ends_terminal(line) and not _starts_numbered(line)


def _starts_numbered(line: str) -> bool:
    return bool(P.ARTICLE.match(line) or P.ITEM.match(line) or P.heading_match(line))


def continues_numbering(kind: str, previous: int | None, number: int, after_articles: bool,
                        following: list[str]) -> bool:
    """A punctuated or long title is a heading only in sequence and before its content.

    Ordinary text that starts with 第三章 … fails one of the two: its number
    does not continue the headings (*previous* is the last one of *kind*
    under the same parent), or neither an article nor a lower heading (a 节
    under a 章) follows it.
    """
    if after_articles:
        in_sequence = number == (previous + 1 if previous is not None else 1)
    else:
        # Before any article the numbering may restart after a table of contents.
        in_sequence = previous is None or number in (1, previous + 1)
    if not in_sequence or not following:
        return False
    nxt = following[0].strip()
    if len(following) > 1 and is_title_line(nxt):
        nxt = following[1].strip()  # the rest of a wrapped title
    if P.ARTICLE.match(nxt):
        return True
    below = P.heading_match(nxt) or P.long_heading_match(nxt)
    return below is not None and _LEVELS.index(below[0]) > _LEVELS.index(kind)
