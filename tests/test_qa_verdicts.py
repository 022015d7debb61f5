"""Verdicts are computed from the clause, never a rule's stock word: over every rule's own yes/no
examples and over variants made from them (a figure changed, a body changed, a negation added, an
overstating word added), the verdict never contradicts the clause it quotes."""

from __future__ import annotations

import re

import pytest

from assistant.qa.evaluation import verdict_word
from assistant.qa.figures import figures
from assistant.qa.frame import read_frame
from tests.qa_support import ask

BODIES = ("市经济信息委", "市经信委", "区县经信部门")
OTHER_BODY = "市发改委"
_NUMBER = re.compile(r"(\d+|[一两二三四五六七八九十]+)(?=个工作日|工作日|天|日|年|个月)")


@pytest.fixture(scope="module")
def qa(snapshot):
    return snapshot.qa


def yes_no_examples(qa):
    """(rule, example, answer) for every example read as a yes/no question that gets a verdict."""
    out = []
    for rule in qa.rules:
        for example in rule.examples:
            answer = ask(qa, example)
            if answer["rule"] == rule.id and answer["verdict"] is not None:
                out.append((rule, example, answer))
    return out


@pytest.fixture(scope="module")
def examples(qa):
    found = yes_no_examples(qa)
    assert len(found) >= 40, "too few yes/no examples to test verdicts on"
    return found


def quoted_clause_figures(qa, answer: dict) -> set:
    return set().union(*(figures(c["lead"] + c["text"]) for c in answer["citations"]))


def test_the_verdict_word_opens_the_answer_and_matches_the_literal_truth(qa, examples):
    cues = qa.cues
    for rule, example, answer in examples:
        word = verdict_word(answer["answer"])
        assert word is not None and answer["answer"].startswith(answer["verdict_word"]), (example, answer["answer"])
        frame = read_frame(qa.understanding.analyse(example), cues)
        if frame.form == "tag":
            assert answer["verdict_word"] == (cues.tag_yes if answer["verdict"] == "yes" else cues.tag_no), example


def test_a_changed_figure_is_never_confirmed(qa, examples):
    """公示5个工作日吗 → 公示6个工作日吗: the clause says 5, so the answer is not yes."""
    tried = 0
    for rule, example, answer in examples:
        stated = quoted_clause_figures(qa, answer)
        match = next((m for m in _NUMBER.finditer(example)
                      if figures(example[m.start():m.end() + 4]) & stated), None)
        if match is None:
            continue
        changed = f"{example[:match.start()]}{_bump(match.group(1))}{example[match.end():]}"
        got = ask(qa, changed)
        tried += 1
        if got["rule"] == rule.id:
            assert got["verdict"] != "yes", (changed, got["answer"])
    assert tried >= 3


def test_another_body_is_never_confirmed(qa, examples):
    """市经济信息委发文认定吗 → 市发改委发文认定吗: not yes."""
    tried = 0
    for rule, example, answer in examples:
        body = next((b for b in BODIES if b in example), None)
        if body is None or answer["verdict"] != "yes":
            continue
        changed = example.replace(body, OTHER_BODY)
        got = ask(qa, changed)
        tried += 1
        if got["rule"] == rule.id and got["verdict"] is not None:
            assert got["verdict"] == "no", (changed, got["answer"])
    assert tried >= 2


def test_an_added_negation_turns_the_literal_truth(qa, examples):
    """需要…吗 and 不需要…吗 are not both true."""
    verbs = ("需要", "可以", "会", "能")  # whose 不-form is how people ask (不需要…吗？)
    tried = 0
    for rule, example, answer in examples:
        frame = read_frame(qa.understanding.analyse(example), qa.cues)
        if frame.form != "plain" or frame.negated or frame.quantifier or frame.automatic or frame.skip:
            continue
        analysis = qa.understanding.analyse(example)
        # 能不能 already asks both ways: only a plain verb is negated
        at = next((a for a, b in analysis.spans if analysis.text[a:b] in verbs and analysis.text[a - 1:a] != "不"
                   and analysis.text[b:b + 1] != "不"), None)
        if at is None:
            continue
        changed = f"{analysis.text[:at]}不{analysis.text[at:]}"
        got = ask(qa, changed)
        if got["rule"] != rule.id or got["verdict"] is None:
            continue
        tried += 1
        assert got["verdict"] != answer["verdict"], (example, answer["answer"], changed, got["answer"])
    assert tried >= 3


@pytest.mark.parametrize(("question", "word"), [
    ("所有园区都能被推荐为国家级绿色园区吗", "不"),
    ("评上绿色工厂以后称号就永久有效了吗", "不"),
    ("第三方评价合格就自动成为市级绿色工厂了吗", "不"),
    ("绿色园区是不是两年才认定一回？", "不是"),
    ("公示期间有人提了异议，不会马上发文认定吗？", "不会"),
    ("公示期是5个工作日吧", "对"),
    ("公示期是半个月吧", "不对"),
    ("申报绿色工厂不需要第三方评价报告吧？", "不对"),
    # a sanction named by a word of its concept (被摘, 拿掉) asks about the consequence
    ("复审不合格的话，牌子会不会被摘", "会"),
    ("材料弄虚作假被发现了，称号会被拿掉吗", "会"),
    ("企业注销以后绿色工厂称号还留着吗", "不"),
    ("用着淘汰目录里设备的园区还有资格申报绿色园区吗", "不"),
    ("试行办法废止以后还按试行办法来吗", "不"),
    # 工作日 leaves out 周末 and 节假日
    ("公示期算不算周末", "不"),
    ("公示期包括法定节假日吗", "不"),
    ("公示期不含周末对吧", "对"),
    ("公示期算上周末吧", "不对"),
    # a body named (区县生态环境局 glued to 在 by the segmenter), or no body (别的部门)
    ("申报推荐是区县生态环境局在管吧？", "不对"),
    ("市里会征求别的部门意见吗", "会"),
    ("这个办法是市发改委印发的吗？", "不是"),
    ("这个通知是2024年2月5日印发的吗？", "是"),
    ("这个通知是2024年3月1日印发的吗？", "不是"),
    # 是不是就…不能/报不了/够不上: the claim is that it cannot be done
    ("园区没经过市政府批准，是不是就报不了绿色园区？", "是"),
    ("称号被撤销以后，是不是三年内都不能重新申报？", "是"),
    ("公司没设绿色发展方面的管理机构，是不是就够不上绿色工厂的条件？", "是"),
    ("这个办法是不是不适用于外省的企业？", "是"),
    # a period in other units, a story that fails a condition, a claim limited to one of two
    ("绿色工厂的关键指标是每个季度报送一次吗", "不是"),
    ("我们是做贸易的公司，那我们也能报绿色工厂吧？", "不对"),
    ("只有市级绿色工厂才有绿色金融支持吧", "不对"),
])
def test_premises_are_checked(qa, question, word):
    answer = ask(qa, question)
    assert answer["answer"].startswith(word), answer["answer"]
    assert answer["verdict_word"] is not None


def test_explain_shows_why(qa):
    answer = qa.ask("公示期是半个月吧", explain=True).to_dict()
    assert answer["explain"]["frame"]["form"] == "tag"
    assert answer["explain"]["frame"]["ask"] == "yesno"
    assert "figure" in qa.ask("公示期是半个月吧").why


def _bump(number: str) -> str:
    if number.isdigit():
        return str(int(number) + 1)
    return {"一": "两", "两": "四", "二": "四", "三": "四", "五": "六", "十": "二十"}.get(number, "九")
