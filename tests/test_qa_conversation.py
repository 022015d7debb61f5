"""A session keeps the context, so follow-up questions work."""

from __future__ import annotations

from tests.qa_support import ask


def _chat(qa, *questions: str) -> list[dict]:
    session = qa.new_session()
    return [ask(qa, q, session=session) for q in questions]


def test_the_other_subject(qa):
    first, second = _chat(qa, "申报绿色工厂需要什么条件？", "那园区呢？")
    assert first["citations"][0]["id"] == "art-7"
    assert second["answered"] and second["citations"][0]["id"] == "art-6"
    first, second = _chat(qa, "园区出过污染事故还能申报吗？", "那工厂呢？")
    assert first["citations"][0]["id"] == "art-6-p1-i3"
    assert second["citations"][0]["id"] == "art-7-p1-i3"


def test_where_the_measures_say_nothing_for_the_other_subject(qa):
    _, park = _chat(qa, "企业申报要制定中长期规划吗？", "那园区呢？")
    assert not park["answered"] and park["rule"] == "park-plan-not-set"
    assert park["answer"].startswith("第六条规定的绿色园区申报条件中没有")


def test_which_article(qa):
    _, where = _chat(qa, "公示期多长？", "这是哪一条规定的？")
    assert where["answered"] and where["citations"][0]["id"] == "art-11"
    assert "第十一条" in where["answer"]


def test_the_cases_in_detail(qa):
    _, details = _chat(qa, "提供虚假材料会怎样？", "具体有哪些情形？")
    assert details["citations"][0]["id"] == "art-17"
    assert "（七）发生其他重大违法违纪行为的" in details["answer"]


def test_an_item_of_the_article_just_cited(qa):
    _, third = _chat(qa, "哪些情形会被撤销称号？", "第三项是什么？")
    assert third["citations"][0]["id"] == "art-17-p1-i3"
    assert "被依法终止" in third["answer"]
    _, missing = _chat(qa, "哪些情形会被撤销称号？", "第九项是什么？")
    assert not missing["answered"] and "共7项" in missing["answer"]


def test_a_clarifying_question_and_the_reply(qa):
    first, second = _chat(qa, "出过较大事故还能申报吗？", "工厂")
    assert not first["answered"] and first["clarify"]
    assert {c["subject"] for c in first["clarify"]} == {"park", "factory"}
    assert second["answered"] and second["citations"][0]["id"] == "art-7-p1-i3"


def test_without_a_session_follow_ups_have_no_context(qa):
    assert ask(qa, "公示期多长？")["answered"]
    assert not ask(qa, "第三项是什么？")["answered"]


def test_sessions_do_not_mix(qa):
    one, other = qa.new_session(), qa.new_session()
    ask(qa, "哪些情形会被撤销称号？", session=one)
    ask(qa, "申报绿色工厂需要什么条件？", session=other)
    assert ask(qa, "第三项是什么？", session=one)["citations"][0]["id"] == "art-17-p1-i3"
    assert ask(qa, "第三项是什么？", session=other)["citations"][0]["id"] == "art-7-p1-i3"
