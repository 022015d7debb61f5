"""How questions are read: typos, traditional characters, spaces, yes/no
forms, negation, the subject, and what is outside the measures."""

from __future__ import annotations

import pytest

from tests.qa_support import TODAY, ask


def _read(qa, text):
    return qa.understanding.analyse(text, TODAY)


@pytest.mark.parametrize(("typed", "meant"), [
    ("公式期几天", "公示期"), ("绿色工厂一年认订几次", "认定"), ("认定以后还要复申吗", "复审"),
    ("市经信伟收到推荐后怎么审", "市经信委"), ("第三放机构造假", "第三方"), ("提供假数剧", "数据"),
])
def test_homophone_typos_are_corrected(qa, typed, meant):
    assert meant in _read(qa, typed).text


@pytest.mark.parametrize("text", ["今年还能申报吗", "工伤认定怎么申请", "绿色工厂怎么申报", "认定以后还要复审吗",
                                  "哪天起施行", "残疾人证怎么申请"])
def test_correct_words_are_left_alone(qa, text):
    # 残疾人证: 人证 sounds like 认证 but cuts through 残疾人, a word typed as meant
    assert _read(qa, text).corrections == []


def test_traditional_characters_and_spaces(qa):
    assert ask(qa, "綠色工廠認定後還要複審嗎")["citations"][0]["id"] == "art-16"
    assert ask(qa, "公 示 期 多 长")["rule"] == "publicity-period"


@pytest.mark.parametrize("question", ["能申报绿色工厂不", "有关系没有", "看不看评价报告", "是不是强制的",
                                      "可以申报吗", "需要不需要自评"])
def test_yes_no_forms(qa, question):
    assert "yesno" in _read(qa, question).intents


def test_what_is_not_a_yes_no_question(qa):
    assert "yesno" not in _read(qa, "区县经信部门在认定中做什么").intents


def test_negation(qa):
    assert "approved_zone" in _read(qa, "县里的园区没有经过政府批准能报吗").negated
    assert _read(qa, "能不能申报绿色园区").negated == set()
    answer = ask(qa, "我们园区没有经过市政府批准，能报绿色园区吗")
    assert answer["yes_no"] == "no" and answer["citations"][0]["id"] == "art-6-p1-i1"


def test_the_subject_of_a_question_about_firms_in_a_park(qa):
    assert _read(qa, "园区里有企业用淘汰设备，园区能申报吗").subject == "park"
    assert _read(qa, "企业能申报吗").subject == "factory"
    assert _read(qa, "园区和企业都能申报吗").subject is None


@pytest.mark.parametrize(("question", "expected"), [
    ("公示是5个工作日吗", "yes"), ("公示5天对吗", "no"), ("绿色工厂是不是一年认定两批", "no"),
    ("园区被撤销了也是三年不能报吗", "yes"),
])
def test_a_figure_to_confirm(qa, question, expected):
    assert ask(qa, question)["yes_no"] == expected


@pytest.mark.parametrize("question", ["新能源汽车补贴怎么申请", "残疾人证怎么申请", "个体工商户怎么注册",
                                      "安全生产许可证怎么延期", "工伤认定怎么申请", "公司年报在哪里填报"])
def test_other_services_are_out_of_scope(qa, question):
    answer = ask(qa, question)
    assert not answer["answered"] and answer["source"] == "none" and "不属于" in answer["answer"]


@pytest.mark.parametrize(("question", "rule"), [
    ("评上绿色工厂奖励多少钱", "support"), ("第三方评价收费大概多少", "third-party-required"),
    ("管理平台的网址是多少", "annual-report"), ("公示期间想提异议，打哪个电话", "publicity-period"),
])
def test_a_detail_the_measures_do_not_set(qa, question, rule):
    answer = ask(qa, question)
    assert not answer["answered"] and answer["rule"] == rule
    assert answer["answer"].startswith("《办法》没有规定") and "所在区县经信部门" in answer["answer"]
    assert answer["citations"]


def test_not_covered_answers_point_to_the_closest_clause(qa):
    answer = ask(qa, "今年绿色工厂申报截止日期是哪天")
    assert not answer["answered"] and answer["citations"][0]["id"] == "art-3"
    assert "没有规定" in answer["answer"] and answer["suggestions"] is not None


def test_a_document_title_is_no_evidence(qa):
    # 第二十四条 prints the title 《重庆市绿色园区和绿色工厂认定管理办法（试行）》: naming parks and
    # factories in a title does not make it the clause about applying for both.
    answer = ask(qa, "可以同时申报绿色园区和绿色工厂吗")
    assert not answer["answered"]
    assert all(c["id"] != "art-24" for c in answer["citations"])


def test_a_pinpoint_reference_is_quoted(qa):
    answer = ask(qa, "第十七条第二项说的是什么")
    assert answer["citations"][0]["id"] == "art-17-p1-i2" and "复审结果不合格" in answer["answer"]
    assert not ask(qa, "第三十条是什么")["answered"]


@pytest.mark.parametrize(("question", "expected"), [
    ("公示是在区县经信部门官网吗", "no"), ("公示是在市经信委官网吗", "yes"),
    ("绿色工厂由第三方机构认定吗", "no"), ("更名后60个工作日内报就行吗", "no"),
    ("办法是2024年2月5日印发的吗", "yes"), ("办法是2024年3月1日印发的吗", "no"),
    ("新办法从2024年3月6日开始施行吗", "yes"), ("除了市里，区里对绿色工厂创建也有政策支持吗", "yes"),
])
def test_yes_or_no_follows_what_the_measures_say(qa, question, expected):
    assert ask(qa, question)["yes_no"] == expected


def test_word_classes_tell_topics_from_verbs(tmp_path):
    from assistant.qa.wordclass import WordClasses

    classes = WordClasses(tmp_path)
    assert not classes.names_topic("保证") and not classes.names_topic("今年")
    assert classes.names_topic("学校") and classes.names_topic("残疾人")
