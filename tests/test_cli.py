"""The command line: build, parse, show, kb."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CORPUS, FIXTURES


def test_build_prints_a_summary(runner):
    result = runner("build")
    assert result.exit_code == 0
    assert "渝经信规范〔2024〕4号" in result.output
    assert "6 章" in result.output and "24 条" in result.output


@pytest.mark.parametrize(("ref", "citation", "quote"), [
    ("第7条第3项", "《重庆市绿色园区和绿色工厂认定管理办法》第七条第（三）项", "（三）企业近三年（含成立不足三年）"),
    ("17", "《重庆市绿色园区和绿色工厂认定管理办法》第十七条", "撤销其市级绿色园区、绿色工厂称号"),
    ("art-17-p1-i4", "《重庆市绿色园区和绿色工厂认定管理办法》第十七条第（四）项", "被发现提供虚假材料和数据的"),
    ("第十一条", "《重庆市绿色园区和绿色工厂认定管理办法》第十一条", "公示5个工作日"),
])
def test_show(runner, ref, citation, quote):
    result = runner("show", ref)
    assert result.exit_code == 0
    first, second = result.output.splitlines()[:2]
    assert first == citation
    assert quote in second


def test_show_json(runner):
    data = json.loads(runner("show", "第7条第3项", "--json").output)
    assert data["id"] == "art-7-p1-i3"
    assert (data["article"], data["paragraph"], data["item"]) == (7, 1, 3)
    assert data["label"] == "第七条第（三）项"


@pytest.mark.parametrize("ref", ["二十四", "第二十四", "24", "第二十四条"])
def test_an_article_number_in_any_chinese_form(runner, ref):
    result = runner("show", ref)
    assert result.exit_code == 0 and "第二十四条" in result.output


@pytest.mark.parametrize(("ref", "message"), [("99", "共24条，没有第99条"), ("xyz", "不是条款号")])
def test_show_bad_reference_is_a_clear_error(runner, ref, message):
    result = runner("show", ref)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_kb_json_has_the_whole_structure(runner):
    data = json.loads(runner("kb", "--json").output)
    doc = data["documents"][0]
    assert len(doc["chapters"]) == 6 and len(doc["articles"]) == 24
    items = {a["number"]: sum(len(p["items"]) for p in a["paragraphs"]) for a in doc["articles"]}
    assert (items[6], items[7], items[17]) == (8, 8, 7)
    assert doc["notice"]["doc_number"] == "渝经信规范〔2024〕4号"
    assert doc["notice"]["date"] == "2024-02-05"
    assert data["status"][doc["id"]] in ("现行有效", "已废止")


def test_parse_json_contract(runner):
    result = runner("parse", str(CORPUS / "cq-green-certification-2024.txt"), "--json")
    data = json.loads(result.output)
    for key in ("title", "doc_number", "issued", "effective", "chapters", "sections", "articles"):
        assert key in data
    assert set(data["chapters"][0]) >= {"number", "title"}
    article = data["articles"][6]
    assert set(article) >= {"number", "label", "chapter", "section", "paragraphs"}
    assert isinstance(article["number"], int)
    paragraph = article["paragraphs"][0]
    assert set(paragraph) >= {"number", "text", "items"}
    assert set(paragraph["items"][0]) >= {"number", "label", "text"}
    assert paragraph["items"][2]["label"] == "第七条第（三）项"


def test_parse_sections_shape(runner):
    data = json.loads(runner("parse", str(FIXTURES / "regulations" / "spaced_headings.md"), "--json").output)
    assert data["sections"] == [
        {"number": 1, "title": "一般规定", "id": "ch-2-sec-1", "label": "第二章第一节", "chapter": 2},
        {"number": 2, "title": "工业用水", "id": "ch-2-sec-2", "label": "第二章第二节", "chapter": 2},
    ]


def test_parse_rejects_binary(runner, tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = runner("parse", str(path))
    assert result.exit_code == 1
    assert "UTF-8" in result.output
