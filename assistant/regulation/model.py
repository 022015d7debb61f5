"""The document model: a regulation as 编/章/节/条/款/项/目, plus its notice.

Every node knows its stable id (``art-17-p1-i4``) and its short citation
label (``第十七条第（四）项``); the full citation prefixes the title in 《》.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Reference:
    """A link found in the text: to a node of this document or to another document."""

    kind: str  # "internal" | "external"
    text: str
    start: int
    end: int
    target: str | None = None  # node id, for internal references
    title: str | None = None  # for external references
    doc_number: str | None = None

    def to_dict(self) -> dict:
        data = {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}
        if self.kind == "internal":
            data["target"] = self.target
        else:
            data["title"] = self.title
            data["doc_number"] = self.doc_number
        return data


@dataclass
class SubItem:
    number: int
    marker: str
    text: str
    id: str = ""
    label: str = ""
    references: list[Reference] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "number": self.number, "id": self.id, "label": self.label,
            "marker": self.marker, "text": self.text,
            "references": [r.to_dict() for r in self.references],
        }


@dataclass
class Item:
    number: int
    marker: str
    text: str
    subitems: list[SubItem] = field(default_factory=list)
    id: str = ""
    label: str = ""
    references: list[Reference] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """The item as printed, with its marker and any sub-items."""
        return self.marker + self.text + "".join(s.marker + s.text for s in self.subitems)

    def to_dict(self) -> dict:
        return {
            "number": self.number, "id": self.id, "label": self.label,
            "marker": self.marker, "text": self.text,
            "subitems": [s.to_dict() for s in self.subitems],
            "references": [r.to_dict() for r in self.references],
        }


@dataclass
class Paragraph:
    number: int
    text: str
    items: list[Item] = field(default_factory=list)
    id: str = ""
    label: str = ""
    references: list[Reference] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """The 款 as printed: its lead-in followed by its 项."""
        return self.text + "".join(item.full_text for item in self.items)

    def to_dict(self) -> dict:
        return {
            "number": self.number, "id": self.id, "label": self.label,
            "text": self.text, "items": [i.to_dict() for i in self.items],
            "references": [r.to_dict() for r in self.references],
        }


@dataclass
class Article:
    number: int
    heading: str  # as printed: 第十七条, 第一百二十条之一
    sub_number: int = 0  # the N of 之N
    part: int | None = None
    chapter: int | None = None
    section: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    id: str = ""
    label: str = ""

    @property
    def text(self) -> str:
        return "".join(p.full_text for p in self.paragraphs)

    def to_dict(self) -> dict:
        return {
            "number": self.number, "sub_number": self.sub_number, "id": self.id, "heading": self.heading,
            "label": self.label, "part": self.part, "chapter": self.chapter,
            "section": self.section, "text": self.text,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


@dataclass
class Heading:
    """A 编, 分编, 章 or 节 heading."""

    kind: str  # "part" | "subpart" (分编) | "chapter" | "section"
    number: int
    printed: str  # 第二章
    title: str
    part: int | None = None
    subpart: int | None = None  # for chapters inside a 分编
    chapter: int | None = None  # for sections
    notes: list[str] = field(default_factory=list)  # text printed before the first article
    id: str = ""
    label: str = ""

    def to_dict(self) -> dict:
        data = {"number": self.number, "title": self.title, "id": self.id, "label": self.label}
        if self.kind in ("part", "subpart"):
            # 编 and 分编 share the document's "parts" list; kind tells them apart.
            data["kind"] = self.kind
        if self.kind in ("subpart", "chapter", "section") and self.part is not None:
            data["part"] = self.part
        if self.subpart is not None:
            data["subpart"] = self.subpart
        if self.kind == "section":
            data["chapter"] = self.chapter
        if self.notes:
            data["notes"] = self.notes
        return data


@dataclass
class Notice:
    """The 印发通知 that publishes the measures."""

    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    addressees: str = ""
    body: list[str] = field(default_factory=list)
    signature: str = ""
    date_text: str = ""
    date: str | None = None
    note: str = ""
    lines: list[str] = field(default_factory=list)  # every line as printed, in order
    id: str = "notice"
    label: str = "印发通知"

    def to_dict(self) -> dict:
        return {
            "id": self.id, "label": self.label, "title": self.title, "issuer": self.issuer,
            "doc_number": self.doc_number, "addressees": self.addressees, "body": self.body,
            "signature": self.signature, "date_text": self.date_text, "date": self.date,
            "note": self.note,
        }


@dataclass
class Document:
    title: str
    source: str = ""
    id: str = ""
    issuer: str = ""
    doc_number: str = ""
    issued: str | None = None
    effective: str | None = None
    effective_rule: str = ""
    effective_citation: str = ""
    repeals: list[dict] = field(default_factory=list)
    notice: Notice | None = None
    front: list[str] = field(default_factory=list)  # front lines as printed
    preamble: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)
    outline: list[object] = field(default_factory=list)  # headings and articles in printed order

    @property
    def parts(self) -> list[Heading]:
        """编 and 分编 in printed order (a 分编 is a division of its 编)."""
        return [h for h in self.headings if h.kind in ("part", "subpart")]

    @property
    def subparts(self) -> list[Heading]:
        return [h for h in self.headings if h.kind == "subpart"]

    @property
    def first_article(self) -> int | None:
        """The number the articles start from (not always 1, see numbering.py)."""
        plain = [a.number for a in self.articles if not a.sub_number]
        return plain[0] if plain else None

    @property
    def articles_continuous(self) -> bool:
        """Plain articles run first, first+1, … without a gap (之N ones aside)."""
        plain = [a.number for a in self.articles if not a.sub_number]
        return bool(plain) and plain == list(range(plain[0], plain[0] + len(plain)))

    @property
    def chapters(self) -> list[Heading]:
        return [h for h in self.headings if h.kind == "chapter"]

    @property
    def sections(self) -> list[Heading]:
        return [h for h in self.headings if h.kind == "section"]

    def iter_text(self) -> Iterator[str]:
        """Every printed piece of text, in source order (for the faithfulness check)."""
        yield from self.front
        for node in self.outline:
            if isinstance(node, Heading):
                yield node.printed
                yield node.title
                yield from node.notes
            else:
                yield node.heading
                for paragraph in node.paragraphs:
                    yield paragraph.full_text
        yield from self.closing
        yield from self.appendix
