"""Where the measures say something, quoted: "X是哪一条规定的", a phrase in quotation marks looked up
word for word, an item never without its lead-in, a long list one item per line."""

from __future__ import annotations

import pytest

from assistant.knowledge.clauses import Clause
from assistant.qa.quoting import laid_out, quoted
from tests.qa_support import ask


@pytest.fixture(scope="module")
def qa(snapshot):
    return snapshot.qa


@pytest.mark.parametrize(("question", "cite", "printed"), [
    ("公示期5个工作日是哪一条规定的", "art-11", "公示5个工作日"),
    ("三年内不得重新申报出自哪一条", "art-18", "三年内不得重新申报"),
    ("撤销称号的依据是什么", "art-17", "撤销其市级绿色园区"),
])
def test_which_article_quotes_the_clause(qa, question, cite, printed):
    answer = ask(qa, question)
    assert answer["answered"] and answer["citations"][0]["id"] == cite
    label = answer["citations"][0]["label"]
    assert answer["answer"].startswith(f"{label}规定："), answer["answer"]
    assert printed in answer["answer"]


def test_which_article_is_never_article_one(qa):
    for question in ("撤销称号是哪一条规定的", "公示期是哪条规定的"):
        assert ask(qa, question)["citations"][0]["article"] != 1


def test_a_quoted_phrase_is_looked_up_word_for_word(qa):
    answer = ask(qa, "“动态管理”是哪条规定的")
    assert answer["answered"]
    assert [c["id"] for c in answer["citations"]] == ["art-16", "art-17-p1-i1"]  # in the order of the text
    lines = answer["answer"].split("\n")
    assert len(lines) == 2 and all(line.startswith("“动态管理”出自") for line in lines)


def test_punctuation_does_not_matter_in_a_quoted_phrase(qa):
    answer = ask(qa, "“成熟一批申报一批”出自哪条")
    assert answer["citations"][0]["id"] == "art-8"


def test_a_phrase_the_measures_do_not_print_is_said_so(qa):
    answer = ask(qa, "“一票否决”是哪一条规定的")
    assert not answer["answered"]
    assert "原文中没有“一票否决”" in answer["answer"]
    near = ask(qa, "“成熟一批、推荐一批”出自哪条")  # 推荐一批 is not in the text; 成熟一批 is
    assert near["answer"].startswith("《办法》原文中没有“成熟一批、推荐一批”")
    assert near["citations"][0]["id"] == "art-8"


def test_an_item_is_quoted_with_its_lead_in(qa):
    answer = ask(qa, "第十七条第四项是什么")
    assert "有下列情形之一的，撤销其市级绿色园区、绿色工厂称号" in answer["answer"]
    assert answer["answer"].endswith("虚假材料和数据的。")
    assert answer["citations"][0]["lead"].startswith("园区或企业有下列情形之一的")


def test_a_long_list_is_laid_out_one_item_per_line(qa):
    lines = ask(qa, "绿色工厂要满足哪些条件")["answer"].split("\n")
    assert lines[0].endswith("（共8项）：")
    assert [line[:3] for line in lines[1:]] == [f"（{n}）" for n in "一二三四五六七八"]


def test_short_answers_stay_on_one_line():
    text = "申报条件：（一）甲；（二）乙。"
    assert laid_out(text) == text


def test_quoted_ends_an_item_as_a_sentence():
    item = Clause(id="art-1-p1-i2", doc="x", kind="item", article=1, paragraph=1, item=2, label="第一条第（二）项",
                  citation="第一条第（二）项", text="（二）复审结果不合格的；", lead="有下列情形之一的，撤销称号：")
    assert quoted(item) == "有下列情形之一的，撤销称号：（二）复审结果不合格的。"
