"""The seed corpus parses into the structure the measures print."""

from __future__ import annotations

import re

import pytest

from assistant.regulation.parser import cleaned_text, parse_regulation
from tests.conftest import CORPUS

SOURCE = (CORPUS / "cq-green-certification-2024.txt").read_text(encoding="utf-8")
WHITESPACE = re.compile(r"\s+")


@pytest.fixture(scope="module")
def doc():
    return parse_regulation(SOURCE, "cq-green-certification-2024.txt")


def test_metadata(doc):
    assert doc.title == "重庆市绿色园区和绿色工厂认定管理办法"
    assert doc.issuer == "重庆市经济和信息化委员会"
    assert doc.doc_number == "渝经信规范〔2024〕4号"
    assert doc.issued == "2024-02-05"
    assert doc.effective_rule == "本办法自发布之日起30日后施行"
    assert doc.effective == "2024-03-06"
    assert doc.effective_citation == "第二十四条"
    assert doc.repeals == [{"title": "重庆市绿色园区和绿色工厂认定管理办法（试行）",
                            "doc_number": "渝经信发〔2018〕60号"}]


def test_notice_is_its_own_part(doc):
    notice = doc.notice
    assert notice.title == "重庆市经济和信息化委员会关于印发《重庆市绿色园区和绿色工厂认定管理办法》的通知"
    assert notice.doc_number == "渝经信规范〔2024〕4号"
    assert notice.date == "2024-02-05"
    assert notice.signature == "重庆市经济和信息化委员会"
    assert notice.addressees.startswith("各区县（自治县）经济信息委")
    assert notice.addressees.endswith("有关单位：")
    assert any("本办法自印发之日起三十日后施行" in line for line in notice.body)
    assert notice.note == "（此件公开发布）"
    # The notice is not part of any article.
    assert all("特此通知" not in a.text for a in doc.articles)


def test_structure_counts(doc):
    assert [c.title for c in doc.chapters] == ["总则", "认定条件", "认定程序", "支持政策", "监督管理", "附则"]
    assert doc.sections == []
    assert [a.number for a in doc.articles] == list(range(1, 25))
    items = {a.number: sum(len(p.items) for p in a.paragraphs) for a in doc.articles}
    assert items[6] == 8 and items[7] == 8 and items[17] == 7
    assert sum(items.values()) == 23


@pytest.mark.parametrize(("article", "chapter"), [(1, 1), (5, 1), (6, 2), (7, 2), (8, 3), (11, 3),
                                                   (12, 4), (14, 4), (15, 5), (22, 5), (23, 6), (24, 6)])
def test_articles_belong_to_their_chapter(doc, article, chapter):
    assert doc.articles[article - 1].chapter == chapter


def test_wrapped_lines_are_rejoined(doc):
    art3 = doc.articles[2]
    assert art3.text == "绿色园区和绿色工厂每年认定一次。创建工作遵循自愿的原则，评价工作遵循公平、公正、公开的原则。"
    art11 = doc.articles[10]
    assert "在市经济信息委官网公示5个工作日" in art11.text
    item = doc.articles[6].paragraphs[0].items[2]
    assert item.marker == "（三）"
    assert item.text == ("企业近三年（含成立不足三年）未发生较大及以上安全、质量、环境污染等事故，"
                         "未被列入失信企业、法人代表黑名单；")


@pytest.mark.parametrize(("article", "paragraph", "item", "node_id", "label"), [
    (17, 1, 4, "art-17-p1-i4", "第十七条第（四）项"),
    (7, 1, 3, "art-7-p1-i3", "第七条第（三）项"),
    (6, 1, 8, "art-6-p1-i8", "第六条第（八）项"),
])
def test_ids_and_labels(doc, article, paragraph, item, node_id, label):
    node = doc.articles[article - 1].paragraphs[paragraph - 1].items[item - 1]
    assert node.id == node_id
    assert node.label == label


def test_single_paragraph_articles_do_not_cite_kuan(doc):
    assert doc.articles[10].paragraphs[0].label == "第十一条"
    assert doc.articles[10].id == "art-11"


def test_references(doc):
    first = doc.articles[0].paragraphs[0].references
    external = [r for r in first if r.kind == "external"]
    assert [r.doc_number for r in external] == ["工信部联节〔2022〕88号", "工信厅节函〔2016〕586号",
                                                "工信部规〔2021〕178号"]
    assert external[2].title == "工业和信息化部关于印发〈“十四五”工业绿色发展规划〉的通知"
    last = doc.articles[23].paragraphs[0].references
    assert [(r.kind, r.doc_number) for r in last] == [("external", "渝经信发〔2018〕60号")]


def test_faithful_every_character_kept(doc):
    joined = WHITESPACE.sub("", "".join(doc.iter_text()))
    assert joined == WHITESPACE.sub("", cleaned_text(SOURCE))
    # and the cleaned text is the raw text minus layout only
    assert WHITESPACE.sub("", cleaned_text(SOURCE)) == WHITESPACE.sub("", SOURCE)
