"""The loaded knowledge base: documents and every addressable clause.

Built from the JSON artifact alone, so what runs is exactly what was built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import NotFound
from ..regulation.citations import article_id, full_citation
from ..regulation.dates import status_on


@dataclass(frozen=True)
class Clause:
    """One addressable node: 条, 款, 项, 目, the notice, or a 章/节 heading."""

    doc: str
    id: str
    kind: str  # article | paragraph | item | subitem | notice | chapter | section
    label: str
    citation: str
    text: str  # as printed, markers included
    article: int | None = None
    sub_number: int = 0
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None
    chapter: int | None = None
    section: int | None = None
    chapter_title: str = ""
    section_title: str = ""
    lead: str = ""  # for 项 and 目: the lead-in of their 款 (申报绿色工厂的基本条件：)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "document": self.doc, "kind": self.kind,
            "article": self.article, "paragraph": self.paragraph, "item": self.item,
            "label": self.label, "citation": self.citation, "text": self.text,
            "chapter": self.chapter, "chapter_title": self.chapter_title,
            "section": self.section, "section_title": self.section_title,
        }


def _heading_titles(document: dict) -> tuple[dict, dict]:
    chapters = {(c.get("part"), c["number"]): c["title"] for c in document["chapters"]}
    sections = {(s.get("part"), s["chapter"], s["number"]): s["title"] for s in document["sections"]}
    return chapters, sections


def clauses_of(document: dict) -> list[Clause]:
    """Every clause of *document* in printed order (notice first)."""
    doc_id, title = document["id"], document["title"]
    out: list[Clause] = []
    notice = document.get("notice")
    if notice:
        text = "\n".join(x for x in [notice["title"], notice["doc_number"], notice["addressees"],
                                     *notice["body"], notice["signature"], notice["date_text"],
                                     notice.get("note", "")] if x)
        out.append(Clause(doc_id, "notice", "notice", "印发通知",
                          full_citation(title, "印发通知"), text))
    chapters, sections = _heading_titles(document)
    for chapter in document["chapters"]:
        out.append(Clause(doc_id, chapter["id"], "chapter", chapter["label"],
                          full_citation(title, chapter["label"]), chapter["title"],
                          chapter=chapter["number"], chapter_title=chapter["title"]))
    for section in document["sections"]:
        out.append(Clause(doc_id, section["id"], "section", section["label"],
                          full_citation(title, section["label"]), section["title"],
                          chapter=section["chapter"], section=section["number"],
                          section_title=section["title"]))
    for article in document["articles"]:
        common = dict(
            article=article["number"], sub_number=article["sub_number"],
            chapter=article["chapter"], section=article["section"],
            chapter_title=chapters.get((article["part"], article["chapter"]), ""),
            section_title=sections.get((article["part"], article["chapter"], article["section"]), ""),
        )
        out.append(Clause(doc_id, article["id"], "article", article["label"], article["citation"],
                          article["text"], **common))
        for paragraph in article["paragraphs"]:
            items_text = "".join(_item_text(i) for i in paragraph["items"])
            out.append(Clause(doc_id, paragraph["id"], "paragraph", paragraph["label"],
                              paragraph["citation"], paragraph["text"] + items_text,
                              paragraph=paragraph["number"], **common))
            for item in paragraph["items"]:
                out.append(Clause(doc_id, item["id"], "item", item["label"], item["citation"],
                                  _item_text(item), paragraph=paragraph["number"],
                                  item=item["number"], lead=paragraph["text"], **common))
                for sub in item["subitems"]:
                    out.append(Clause(doc_id, sub["id"], "subitem", sub["label"], sub["citation"],
                                      sub["marker"] + sub["text"], paragraph=paragraph["number"],
                                      item=item["number"], subitem=sub["number"],
                                      lead=paragraph["text"] + item["marker"] + item["text"], **common))
    return out


def _item_text(item: dict) -> str:
    return item["marker"] + item["text"] + "".join(s["marker"] + s["text"] for s in item["subitems"])


class KnowledgeBase:
    def __init__(self, data: dict, main_document: str | None = None):
        self.data = data
        self.fingerprint: str = data["fingerprint"]
        self.documents: dict[str, dict] = {d["id"]: d for d in data["documents"]}
        if not self.documents:
            raise NotFound("语料目录中没有法规文本")
        self.main_id = main_document if main_document in self.documents else next(iter(self.documents))
        self._clauses: dict[tuple[str, str], Clause] = {}
        self.ordered: list[Clause] = []
        for document in data["documents"]:
            for clause in clauses_of(document):
                self._clauses[(clause.doc, clause.id)] = clause
                self.ordered.append(clause)
        self.curated: dict = data.get("curated", {})
        # Objects built from this knowledge base (questionnaires…), made once and shared.
        self.derived: dict = {}

    @property
    def main(self) -> dict:
        return self.documents[self.main_id]

    def document(self, doc_id: str | None = None) -> dict:
        doc_id = doc_id or self.main_id
        if doc_id not in self.documents:
            raise NotFound(f"没有这部法规：{doc_id}")
        return self.documents[doc_id]

    def clause(self, node_id: str, doc_id: str | None = None) -> Clause:
        key = (doc_id or self.main_id, node_id)
        if key not in self._clauses:
            raise NotFound(f"没有这一条款：{node_id}")
        return self._clauses[key]

    def has(self, node_id: str, doc_id: str | None = None) -> bool:
        return (doc_id or self.main_id, node_id) in self._clauses

    def article_of(self, clause: Clause) -> Clause | None:
        """The article a 款, 项 or 目 belongs to (the clause itself for an article)."""
        if clause.article is None:
            return None
        return self._clauses.get((clause.doc, article_id(clause.article, clause.sub_number)))

    def clauses(self, doc_id: str | None = None) -> list[Clause]:
        doc_id = doc_id or self.main_id
        return [c for c in self.ordered if c.doc == doc_id]

    def repealed_on(self, doc_id: str | None = None) -> str | None:
        """The effective date of another document in the corpus that repeals this one."""
        target = self.document(doc_id)
        for other in self.documents.values():
            if other is target:
                continue
            for repeal in other.get("repeals", []):
                same_number = repeal.get("doc_number") and repeal["doc_number"] == target["doc_number"]
                if same_number or repeal.get("title") == target["title"]:
                    return other.get("effective")
        return None

    def status(self, day: dt.date | None = None, doc_id: str | None = None) -> str:
        document = self.document(doc_id)
        return status_on(document.get("effective"), self.repealed_on(doc_id), day or dt.date.today())
