"""Traps found on real regulations, as short synthetic texts.

Numbering that does not start at 第一条, headings whose titles carry
punctuation, run long or wrap, and 分编 between 编 and 章.
"""

from __future__ import annotations

import re

import pytest

from assistant.regulation.parser import clean_lines, cleaned_text, parse_regulation
from assistant.regulation.serialize import document_to_dict

WHITESPACE = re.compile(r"\s+")

ONE_PART_ALONE = """# 某法典 某某编

## 第一章 一般规定

第四百六十三条 本编调整因某某产生的民事关系。

第四百六十四条 某某是民事主体之间设立、变更、终止民事法律关系的协议。

## 第二章 某某的订立

第四百六十五条 依法成立的某某，受法律保护。

第四百六十六条 当事人对条款的理解有争议的，应当依据本法第一百四十二条第一款的规定，确定争议条款的含义。
"""

AMENDMENT = """# 某法修正案

某年某月某日通过。该法第五条 的规定不变。

第五条 原文引用，不是本修正案的条文。

第十二条 某法第三条修改为：“国家实行某某制度。”

第十三条 某法第七条增加一款，作为第二款：“某某应当依法进行。”

第十四条 本修正案自公布之日起施行。
"""

PUNCTUATED_HEADINGS = """某某规则

## 第一章 总则

第一条 为了规范某某工作，制定本规则。

## 第二章 听取和审议人民政府、人民法院和

人民检察院的专项工作报告

第二条 常务委员会每年选择若干重大问题，听取和审议专项工作报告。

## 第三章 审查和批准决算，听取和审议国民经济和社会发展计划执行情况的报告

第三条 常务委员会审查和批准决算。

### 第一节 一般规定

第四条 某某应当依法审查。

### 第二节 生活、卫生。

第五条 某某的生活标准由国家规定。

## 第四章 工作报告的审议，国民经济计划和
财政预决算的审查

第六条 本规则自公布之日起施行。
"""

TEXT_NOT_HEADINGS = """某某办法

第一章 总则

第一条 为了规范某某，制定本办法。

第二条 下列事项按照以下规定办理：

第二章 的规定，适用于本条所列事项。

第三章 这句话以第三章开头，但后面没有条文，只是正文。

第二章 这一句的编号恰好接续，后面却是另一个章，所以也是正文。

第二章 某某事项

第三条 某某应当依法办理。

第五章 跳过了编号，即使后面跟着条文，也不是章，

第四条 本办法自发布之日起施行。
"""

CODE_WITH_SUBPARTS = """某法典

第一编 总则

第一章 基本规定

第一条 为了某某，制定本法。

第三编 某某

第一分编 通则

第一章 一般规定

第二条 本编调整某某关系。

第二章 某某的效力

第三条 依法成立的某某，受法律保护。

第二分编 典型某某

第三章 买卖某某

第四条 买卖某某是出卖人转移标的物的所有权于买受人的协议。
"""


def _parse(text: str):
    return parse_regulation(text, "trap.md")


@pytest.mark.parametrize("text", [ONE_PART_ALONE, AMENDMENT, PUNCTUATED_HEADINGS, TEXT_NOT_HEADINGS,
                                  CODE_WITH_SUBPARTS])
def test_every_trap_keeps_every_character(text):
    doc = _parse(text)
    assert WHITESPACE.sub("", "".join(doc.iter_text())) == WHITESPACE.sub("", cleaned_text(text))


def test_numbering_may_start_mid_code():
    doc = _parse(ONE_PART_ALONE)
    assert [a.number for a in doc.articles] == [463, 464, 465, 466]
    assert doc.first_article == 463 and doc.articles_continuous
    assert [a.chapter for a in doc.articles] == [1, 1, 2, 2]
    assert doc.articles[0].label == "第四百六十三条"
    # A reference inside the text is not an article.
    assert "第一百四十二条第一款" in doc.articles[-1].text
    data = document_to_dict(doc)
    assert data["first_article"] == 463 and data["articles_continuous"] is True


def test_amendment_start_is_the_run_not_a_lone_quoted_article():
    doc = _parse(AMENDMENT)
    assert [a.number for a in doc.articles] == [12, 13, 14]
    assert doc.first_article == 12 and doc.articles_continuous
    assert any("原文引用" in line for line in doc.preamble + doc.front)


def test_ordinary_texts_still_start_at_one():
    doc = _parse(PUNCTUATED_HEADINGS)
    assert doc.first_article == 1 and doc.articles_continuous
    assert document_to_dict(doc)["first_article"] == 1
    gap = _parse("某办法\n\n第一条 甲。\n\n第三条 乙。\n")
    assert gap.first_article == 1 and not gap.articles_continuous


def test_punctuated_long_and_wrapped_titles_are_headings():
    doc = _parse(PUNCTUATED_HEADINGS)
    assert [c.title for c in doc.chapters] == [
        "总则",
        "听取和审议人民政府、人民法院和人民检察院的专项工作报告",
        "审查和批准决算，听取和审议国民经济和社会发展计划执行情况的报告",
        "工作报告的审议，国民经济计划和财政预决算的审查",
    ]
    assert [s.title for s in doc.sections] == ["一般规定", "生活、卫生。"]
    assert [(a.chapter, a.section) for a in doc.articles] == [
        (1, None), (2, None), (3, None), (3, 1), (3, 2), (4, None)]
    assert all(not c.notes for c in doc.chapters)


def test_long_title_after_a_table_of_contents():
    text = ("某某条例\n\n目录\n\n第一章 总则\n\n第二章 审查，批准\n\n第一章 总则\n\n"
            "第一条 为了规范某某工作，保障某某权益，根据有关法律法规，结合本省实际，制定本条例。\n\n"
            "第二章 审查，批准\n\n第二条 某某事项应当报经审查批准。\n")
    doc = _parse(text)
    assert [(c.number, c.title) for c in doc.chapters] == [(1, "总则"), (2, "审查，批准")]
    assert [a.chapter for a in doc.articles] == [1, 2]
    assert "第二章审查，批准" in "".join(doc.front)
    assert WHITESPACE.sub("", "".join(doc.iter_text())) == WHITESPACE.sub("", cleaned_text(text))


def test_article_text_starting_like_a_heading_stays_text():
    doc = _parse(TEXT_NOT_HEADINGS)
    assert [(c.number, c.title) for c in doc.chapters] == [(1, "总则"), (2, "某某事项")]
    assert [a.number for a in doc.articles] == [1, 2, 3, 4]
    second = doc.articles[1].text
    assert "第二章的规定" in second and "第三章开头" in second and "编号恰好接续" in second
    assert "跳过了编号" in doc.articles[2].text
    assert doc.articles[3].chapter == 2


def test_subparts_are_reported_with_the_parts():
    doc = _parse(CODE_WITH_SUBPARTS)
    assert [(h.kind, h.number, h.title) for h in doc.parts] == [
        ("part", 1, "总则"), ("part", 3, "某某"), ("subpart", 1, "通则"), ("subpart", 2, "典型某某")]
    # Chapters number on across the 分编 of one 编.
    assert [(c.part, c.subpart, c.number) for c in doc.chapters] == [
        (1, None, 1), (3, 1, 1), (3, 1, 2), (3, 2, 3)]
    assert [a.chapter for a in doc.articles] == [1, 1, 2, 3]
    data = document_to_dict(doc)
    assert [(p["kind"], p["label"]) for p in data["parts"]] == [
        ("part", "第一编"), ("part", "第三编"), ("subpart", "第一分编"), ("subpart", "第二分编")]
    assert data["parts"][2]["part"] == 3 and data["parts"][2]["id"] == "pt-3-sub-1"
    assert data["counts"]["parts"] == 4 and data["counts"]["subparts"] == 2
    assert data["chapters"][3]["subpart"] == 2


def test_wrapped_text_does_not_swallow_a_long_heading():
    # Short uniform lines look wrapped at a page width; a finished sentence
    # at the margin may still continue, but not into 第二章 审查，批准.
    text = ("某某条例\n\n目录\n\n第一章 总则\n\n第二章 审查，批准\n\n第一章 总则\n\n"
            "第一条 甲。\n\n第二章 审查，批准\n\n第二条 乙。\n")
    lines, _ = clean_lines(text)
    assert "第一条 甲。" in lines
