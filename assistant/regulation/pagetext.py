"""Page furniture: the running headers, footers and page numbers that a printed page adds to the text.

An official document converted from PDF repeats its issuer (“重庆市经济和信息化委员会文件”) at the top of
every page and prints “— 3 —” at the foot. Those lines are layout, not wording: left in, they glue onto the
paragraph that crosses the page. :func:`strip_furniture` removes them from the edges of each page only, so
a line of the regulation that happens to look alike in the middle of a page stays.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# "— 3 —", "- 3 -", "第3页", "第 3 页 共 12 页", "3/12", "3 / 12", "Page 3", a bare "3".
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]+\s*\d{1,4}\s*[-—–－~～]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4})$",
    re.I,
)
EDGE = 3  # lines looked at, at the top and at the bottom of each page
HEADER, PAGE_NO = "页眉/页脚", "页码"


@dataclass(frozen=True)
class Removed:
    """One line taken out: what kind, which page (1-based), and its text."""

    kind: str
    page: int
    text: str


def _key(line: str) -> str:
    """Lines that differ only in spacing and numbers (“第 3 页”, “第 4 页”) are the same furniture."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(line.strip()))


def _edges(page: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first EDGE non-blank lines of *page*, and of the last EDGE from the bottom up."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    top = min(EDGE, max(len(filled) // 2, 1))  # a short page: its top and bottom do not overlap
    return filled[:top], filled[top:][::-1][:EDGE]


def running_lines(pages: list[list[str]]) -> tuple[set[str], set[str]]:
    """Keys of the lines found at the top, and at the bottom, of most pages (at least two): a header stays
    at the top and a footer at the bottom, while a title at the top of one page and a signature at the
    foot of another are no furniture."""
    if len(pages) < 2:
        return set(), set()
    needed = max(2, math.ceil(len(pages) * 0.5))
    found = []
    for side in (0, 1):
        counts: dict[str, int] = {}
        for page in pages:
            for key in {_key(page[i]) for i in _edges(page)[side]}:
                counts[key] = counts.get(key, 0) + 1
        # A lone number is a page number, handled on its own; a key without a letter is no header.
        found.append({key for key, count in counts.items() if count >= needed and re.search(r"[^\W\d_#]", key)})
    return found[0], found[1]


def strip_furniture(pages: list[list[str]]) -> tuple[list[list[str]], list[Removed]]:
    """*pages* without their running headers, footers and page numbers, and what was removed."""
    running = running_lines(pages)
    kept_pages: list[list[str]] = []
    removed: list[Removed] = []
    for number, page in enumerate(pages, 1):
        page = [line.replace("\f", "") for line in page]
        drop: dict[int, str] = {}
        # Peel from each edge inwards while the lines are furniture: a header over two lines goes, the
        # first article of the page stays.
        for side, order in enumerate(_edges(page)):
            for i in order:
                line = page[i].strip()
                if _key(line) in running[side]:
                    drop[i] = HEADER
                elif is_page_number(line):
                    drop[i] = PAGE_NO
                else:
                    break
        removed += [Removed(kind, number, page[i].strip()) for i, kind in sorted(drop.items())]
        kept_pages.append([line for i, line in enumerate(page) if i not in drop])
    return kept_pages, removed


def summary(removed: list[Removed], page_breaks: int = 0) -> list[str]:
    """What was removed, in Chinese, one line per distinct header and one for the page numbers."""
    out: list[str] = []
    headers: dict[str, list[int]] = {}
    for item in removed:
        if item.kind == HEADER:
            headers.setdefault(item.text, []).append(item.page)
    for text, pages in headers.items():
        out.append(f"{HEADER}“{text}”：{len(pages)} 处（第 {_pages(pages)} 页）")
    numbers = [item for item in removed if item.kind == PAGE_NO]
    if numbers:
        examples = "、".join(f"“{item.text}”" for item in numbers[:3])
        out.append(f"{PAGE_NO}：{len(numbers)} 处（如 {examples}）")
    if page_breaks:
        out.append(f"分页符：{page_breaks} 处")
    return out


def _pages(pages: list[int]) -> str:
    pages = sorted(set(pages))
    if len(pages) > 2 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}–{pages[-1]}"
    return "、".join(str(page) for page in pages)
