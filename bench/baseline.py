"""The plain baseline the issues measure against: stock Whoosh with jieba's
ChineseAnalyzer over whole articles, queried through Whoosh's QueryParser."""

from __future__ import annotations

import warnings

from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import OrGroup, QueryParser

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from jieba.analyse import ChineseAnalyzer


class BaselineSearch:
    def __init__(self, kb):
        schema = Schema(id=ID(stored=True), article=ID(stored=True), content=TEXT(analyzer=ChineseAnalyzer()))
        self.index = RamStorage().create_index(schema)
        writer = self.index.writer()
        for clause in kb.clauses():
            if clause.kind in ("article", "notice"):
                writer.add_document(id=clause.id, article=str(clause.article or "notice"), content=clause.text)
        writer.commit()
        self.parser = QueryParser("content", schema, group=OrGroup)
        self.searcher = self.index.searcher()

    def top_articles(self, text: str, limit: int = 3) -> list[str]:
        try:
            query = self.parser.parse(text)
            return [hit["article"] for hit in self.searcher.search(query, limit=limit)]
        except Exception:
            return []
