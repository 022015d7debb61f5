"""Logical lines → 编/章/节/条/款/项/目.

Headings are trusted only when their numbering is plausible: an article
number must move forward, a chapter number must move forward within its
part. A line that merely starts with 第十四条规定… is text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import patterns as P
from .model import Article, Heading, Item, Paragraph, SubItem
from .numbering import continues_numbering, first_article_number, is_title_line
from .numerals import cn_to_int
from .reflow import tidy


@dataclass
class Body:
    front: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    outline: list[object] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)


class _State:
    def __init__(self) -> None:
        self.body = Body()
        self.part: int | None = None
        self.chapter: int | None = None
        self.section: int | None = None
        self.article: Article | None = None
        self.in_appendix = False
        self.pending_title: Heading | None = None
        self.first_article = 1
        self.subpart: int | None = None

    @property
    def started(self) -> bool:
        return bool(self.body.outline)


def parse_body(lines: list[str]) -> Body:
    state = _State()
    state.first_article = first_article_number(lines)
    for index, raw in enumerate(lines):
        if state.in_appendix:
            state.body.appendix.append(raw)
            continue
        if state.pending_title is not None:
            heading = state.pending_title
            state.pending_title = None
            if is_title_line(raw):
                # Either the whole title (printed under 第二章) or the rest of
                # one that wrapped at the line end.
                heading.title = tidy(heading.title + raw)
                continue
        if _take_heading(state, raw, lines[index + 1:index + 3]) or _take_article(state, raw):
            continue
        if state.article is None:
            if state.started:
                # Text between a heading and its first article (a note, an
                # introduction) stays with the heading.
                state.body.outline[-1].notes.append(tidy(raw))  # type: ignore[union-attr]
            else:
                state.body.front.append(raw)
            continue
        if P.APPENDIX_START.match(raw.strip()):
            state.in_appendix = True
            state.body.appendix.append(raw)
            continue
        _take_text(state.article, raw)
    _split_closing(state.body)
    return state.body


def _take_heading(state: _State, raw: str, following: list[str]) -> bool:
    found = P.heading_match(raw.strip())
    confirmed = found is not None
    if not found:
        found = P.long_heading_match(raw)
        if not found:
            return False
    kind, match = found
    try:
        number = cn_to_int(match.group(1))
    except ValueError:
        return False
    previous = _last_heading(state.body, kind, state)
    previous_number = previous.number if previous is not None else None
    if not confirmed and not continues_numbering(kind, previous_number, number, bool(state.body.articles),
                                                 following):
        return False
    if previous is not None and number <= previous.number:
        if not state.body.articles and kind != "section":
            # Headings again before any article: what came first was a table of contents.
            _demote_contents(state)
        else:
            return False
    printed_title = match.group(2)
    heading = Heading(kind=kind, number=number, printed=raw.strip()[: match.start(2)].strip(),
                      title=tidy(printed_title))
    if kind == "part":
        state.part, state.subpart, state.chapter, state.section = number, None, None, None
    elif kind == "subpart":
        heading.part = state.part
        state.subpart, state.chapter, state.section = number, None, None
    elif kind == "chapter":
        heading.part, heading.subpart = state.part, state.subpart
        state.chapter, state.section = number, None
    else:
        if state.chapter is None:
            return False
        heading.part, heading.chapter = state.part, state.chapter
        state.section = number
    heading.printed = tidy(heading.printed)
    state.body.headings.append(heading)
    state.body.outline.append(heading)
    # Articles after a heading belong to it; the previous article is closed.
    state.article = None
    if not heading.title or heading.title[-1] in WRAPPED_TITLE_END:
        state.pending_title = heading
    return True


# A title ending on one of these wrapped onto the next line
# (第二章 听取和审议人民政府、人民法院和 / 人民检察院的专项工作报告).
WRAPPED_TITLE_END = set("，、和及或与的对于为在")


def _demote_contents(state: _State) -> None:
    """Move the headings read so far (a 目录) into the front matter, in order."""
    for heading in state.body.headings:
        state.body.front.append(f"{heading.printed} {heading.title}".strip())
        state.body.front.extend(heading.notes)
    state.body.headings.clear()
    state.body.outline.clear()
    state.part = state.subpart = state.chapter = state.section = None
    state.pending_title = None


def _last_heading(body: Body, kind: str, state: _State) -> Heading | None:
    """The previous heading of *kind* under the same parent (numbers restart there)."""
    parents = {"part": (), "subpart": ("part",), "chapter": ("part",),
               "section": ("part", "subpart", "chapter")}[kind]
    # Chapters number on across the 分编 of one 编 (民法典合同编第九章 opens 第二分编).
    for heading in reversed(body.headings):
        if heading.kind == kind:
            return heading
        if heading.kind in parents:
            return None
    return None


def _last_article(body: Body) -> Article | None:
    return body.articles[-1] if body.articles else None


def _take_article(state: _State, raw: str) -> bool:
    line = raw.strip()
    match = P.ARTICLE.match(line)
    tight = False
    if not match:
        match = P.ARTICLE_TIGHT.match(line)
        if not match or P.REFERENCE_TAIL.match(match.group(3)):
            return False
        tight = True
    try:
        number = cn_to_int(match.group(1))
        sub = cn_to_int(match.group(2)) if match.group(2) else 0
    except ValueError:
        return False
    previous = _last_article(state.body)
    if not _plausible_next(previous, number, sub, tight, state.first_article):
        return False
    rest_group = 3 if tight else 4
    rest = match.group(rest_group) or ""
    # The heading keeps its separator (第一条：), so no printed character is lost.
    heading = line[: match.start(rest_group)] if rest else line
    article = Article(number=number, sub_number=sub, heading=tidy(heading),
                      part=state.part, chapter=state.chapter, section=state.section)
    state.body.articles.append(article)
    state.body.outline.append(article)
    state.article = article
    if rest and rest.strip():
        _take_text(article, rest)
    return True


def _plausible_next(previous: Article | None, number: int, sub: int, tight: bool, first: int) -> bool:
    if previous is None:
        # The first article is the one the numbering starts from (第一条, or
        # 第四百六十三条 for one 编 of a code printed alone); anything else at a
        # line start before it is a reference quoted in the preamble.
        return number == first and sub == 0 and (first == 1 or not tight)
    if sub:
        return number == previous.number and sub == previous.sub_number + 1
    if number == previous.number + 1:
        return True
    # A gap (articles printed elsewhere or repealed) is accepted only for a
    # clearly separated heading.
    return not tight and previous.number < number <= previous.number + 3


def _take_text(article: Article, raw: str) -> None:
    line = raw.strip()
    item = P.ITEM.match(line)
    if item:
        _add_item(article, item)
        return
    sub = P.SUBITEM.match(line)
    if sub and article.paragraphs:
        paragraph = article.paragraphs[-1]
        number = int(sub.group(1))
        marker = line[: sub.start(2)]
        if paragraph.items and paragraph.items[-1].marker.startswith(("（", "(")):
            host = paragraph.items[-1]
            if number == len(host.subitems) + 1:
                host.subitems.append(SubItem(number=number, marker=tidy(marker), text=tidy(sub.group(2))))
                return
        elif number == len(paragraph.items) + 1 and _expects_list(paragraph):
            paragraph.items.append(Item(number=number, marker=tidy(marker), text=tidy(sub.group(2))))
            return
    article.paragraphs.append(Paragraph(number=len(article.paragraphs) + 1, text=tidy(line)))


def _expects_list(paragraph: Paragraph) -> bool:
    return bool(paragraph.items) or (P.ends_terminal(paragraph.text) and paragraph.text.rstrip().endswith(("：", ":")))


def _add_item(article: Article, match) -> None:
    number = cn_to_int(match.group(1))
    marker = match.group(0)[: match.start(2)]
    paragraph = article.paragraphs[-1] if article.paragraphs else None
    if paragraph is None or number != len(paragraph.items) + 1:
        if number != 1:
            # Out-of-sequence marker: keep the line as a 款 of its own.
            article.paragraphs.append(
                Paragraph(number=len(article.paragraphs) + 1, text=tidy(match.group(0)))
            )
            return
        # A list printed straight after the heading or after another list.
        paragraph = Paragraph(number=len(article.paragraphs) + 1, text="")
        article.paragraphs.append(paragraph)
    paragraph.items.append(Item(number=number, marker=tidy(marker), text=tidy(match.group(2))))


def _split_closing(body: Body) -> None:
    """Move signature lines and notes printed after the last article out of it."""
    if not body.articles or body.outline[-1] is not body.articles[-1]:
        return  # a heading follows the last article: its lines are not at the end
    last = body.articles[-1]
    tail: list[str] = []
    while len(last.paragraphs) > 1:
        paragraph = last.paragraphs[-1]
        if paragraph.items or not _is_closing_line(paragraph.text):
            break
        tail.insert(0, paragraph.text)
        last.paragraphs.pop()
    body.closing = tail


def _is_closing_line(text: str) -> bool:
    return bool(P.CIRCLED.match(text)) or not P.ends_terminal(text)
