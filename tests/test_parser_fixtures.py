"""Parser traps as data: each fixture file and what must come out of it."""

from __future__ import annotations

import re

import pytest
import yaml

from assistant.regulation.parser import cleaned_text, parse_regulation
from tests.conftest import FIXTURES

DIR = FIXTURES / "regulations"
CASES = yaml.safe_load((DIR / "expected.yaml").read_text(encoding="utf-8"))
WHITESPACE = re.compile(r"\s+")


def _parse(case):
    text = (DIR / case["file"]).read_text(encoding="utf-8")
    return text, parse_regulation(text, case["file"])


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_fixture(case):
    _text, doc = _parse(case)
    assert doc.title == case["title"]
    assert [a.label for a in doc.articles] == case["articles"]
    assert [c.title for c in doc.chapters] == case["chapters"]
    assert len(doc.sections) == case["sections"]
    assert len(doc.parts) == case.get("parts", 0)
    for key in ("doc_number", "issued", "effective"):
        if key in case:
            assert str(getattr(doc, key)) == str(case[key]), key
    if "article_chapters" in case:
        assert [a.chapter for a in doc.articles] == case["article_chapters"]
    if "chapter_numbers" in case:
        assert [c.number for c in doc.chapters] == case["chapter_numbers"]
    if "notice_doc_number" in case:
        assert doc.notice.doc_number == case["notice_doc_number"]
    if "repeals" in case:
        assert [r["doc_number"] for r in doc.repeals] == case["repeals"]
    articles = {a.label: a for a in doc.articles}
    for label, shape in case.get("shape", {}).items():
        assert [len(p.items) for p in articles[label].paragraphs] == shape, label
    for label, phrase in case.get("contains", {}).items():
        assert phrase in articles[label].text
    if "closing" in case:
        assert doc.closing == case["closing"]
    if "appendix_starts" in case:
        assert doc.appendix[0] == case["appendix_starts"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_fixture_is_faithful(case):
    text, doc = _parse(case)
    assert WHITESPACE.sub("", "".join(doc.iter_text())) == WHITESPACE.sub("", cleaned_text(text))
