"""Join physical lines into logical lines (paragraphs, items, headings).

Text extracted from a PDF is wrapped at the page width, has blank lines
between lines and a leading space after page breaks; Markdown and plain text
carry one paragraph per line. One rule set handles both: a line continues
the previous one unless the previous one ended a sentence or the new one
starts a structural element. Only in wrapped text can a line that ends a
sentence still continue (the sentence ended at the margin).
"""

from __future__ import annotations

import re
import unicodedata

from . import patterns as P

# A line ending on one of these was cut in the middle of a phrase.
_NEEDS_MORE = set("，、《（(“的和及或与在对于为将把被由向从以其之并且按依据")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _page_width(lines: list[str]) -> int | None:
    """The wrap width if *lines* look wrapped at a fixed width, else None."""
    widths = sorted(display_width(line) for line in lines if line)
    if len(widths) < 8:
        return None
    top = widths[int(len(widths) * 0.9)]
    if top > 160:
        return None
    near_top = [line for line in lines if line and display_width(line) >= top - 6]
    if len(near_top) < len(widths) * 0.25:
        return None
    # Wrapped lines are cut mid-sentence; short uniform lines that each end a
    # sentence are one paragraph per line.
    cut = sum(1 for line in near_top if not P.ends_terminal(line))
    return top if cut >= len(near_top) * 0.5 else None


def starts_structure(line: str) -> bool:
    """Line begins a heading, article, item or sub-item."""
    return bool(
        P.heading_match(line)
        or P.ARTICLE.match(line)
        or P.ARTICLE_TIGHT.match(line)
        or P.ITEM.match(line)
        or P.SUBITEM.match(line)
        or P.CIRCLED.match(line)
    )


def _looks_like_reference(line: str) -> bool:
    """第十四条规定… at a line start: a cross-reference, not a heading."""
    match = P.ARTICLE_TIGHT.match(line)
    return bool(match) and not P.ARTICLE.match(line) and bool(P.REFERENCE_TAIL.match(match.group(3)))


def _closed(line: str) -> bool:
    """Nothing may be appended to this line (headings, dates, numbers)."""
    return bool(
        P.heading_match(line)
        or P.DATE_LINE.match(line)
        or P.DOC_NUMBER_LINE.match(line)
        or P.is_parenthetical(line)
        or P.TABLE_ROW.match(line)
        or re.fullmatch(rf"第{P.NUM}条(?:之{P.NUM})?", line)
    )


def _fresh(line: str) -> bool:
    """This line never continues the one before it."""
    return bool(
        P.heading_match(line)
        or P.DATE_LINE.match(line)
        or P.DATE_START.match(line)
        or P.DOC_NUMBER_LINE.match(line)
        or P.APPENDIX_START.match(line)
        or P.TABLE_ROW.match(line)
    )


def _unbalanced(text: str) -> bool:
    return text.count("《") > text.count("》") or text.count("（") > text.count("）")


def reflow(physical: list[str]) -> list[str]:
    """Return logical lines; concatenating them loses no character."""
    lines = [line.strip() for line in physical]
    lines = [line for line in lines if line]
    width = _page_width(lines)
    logical: list[str] = []
    for line in lines:
        if logical and _continues(logical[-1], line, width):
            logical[-1] = _glue(logical[-1], line)
        else:
            logical.append(line)
    return logical


def _last_physical_full(current: str, width: int | None) -> bool:
    return width is not None and display_width(current.rsplit("\n", 1)[-1]) >= width - 6


def _continues(current: str, line: str, width: int | None) -> bool:
    previous = current.rsplit("\n", 1)[-1]
    if _closed(previous) and not _unbalanced(current):
        return False
    if _fresh(line):
        return False
    if _unbalanced(current) and not starts_structure(line):
        return True
    full = _last_physical_full(current, width)
    if starts_structure(line):
        # A marker after an unfinished sentence at the margin is a
        # cross-reference that wrapped onto the next line.
        return not P.ends_terminal(previous) and (full or _looks_like_reference(line))
    if P.ends_terminal(previous):
        # After a finished sentence, 第二章 审查，批准 starts a heading even
        # though its punctuation keeps it from being a sure one.
        return full and not P.long_heading_match(line)
    if width is None:
        # One paragraph per line: an unfinished line continues only when it
        # was visibly cut (long, or ending on a word that needs more).
        return len(previous) >= 20 or previous[-1] in _NEEDS_MORE
    return True


def _glue(current: str, line: str) -> str:
    # "\n" marks the physical join; whitespace is tidied later, and the
    # marker lets the full-line test look at the last physical line only.
    return current + "\n" + line


def tidy(text: str) -> str:
    """Remove layout whitespace: line joins and spaces next to Chinese text."""
    text = re.sub(r"[\s\u3000\u2003\u00a0]+", " ", text).strip()
    return re.sub(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ", "", text)
