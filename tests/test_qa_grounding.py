"""Every answer states only what the clauses it cites say.

For every rule, its answer is rendered as people would get it — plainly, as a
yes/no verdict, with a date where it computes one, and as "the measures do not
set this" when a detail is asked for — and every figure with its unit, every
body, every article it names and every term of the measures it uses must be
printed in the clauses it cites. Computed dates are excepted: they come from
the date engine, which has its own tests.
"""

from __future__ import annotations

import re

import pytest

from assistant.qa.matching import Candidate
from tests.qa_support import TODAY


@pytest.fixture(scope="module")
def qa(snapshot):
    return snapshot.qa

FIGURE = re.compile(r"(?<![第\d])(\d+|[一二两三四五六七八九十百千〇零]+)\s*"
                    r"(个工作日|工作日|个月|日|天|年|次|批|项|号|%|万元|元|万|份|家|分|倍|人)")
LABEL = re.compile(r"第[一二三四五六七八九十]+条(?:第（[一二三四五六七八九十]+）项)?")
DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")
BODIES = ("市经济信息委", "重庆市经济和信息化委员会", "区县经信部门", "第三方评价机构", "第三方机构", "市级相关部门",
          "专家", "主管部门", "市政府", "区县政府", "各区县", "工业和信息化部", "管理平台", "官网")
# Words the answers use to connect what the clauses say; they state no fact of their own.
CONNECTIVES = {"申报", "认定", "绿色园区", "绿色工厂", "园区", "企业", "工厂", "称号", "办法", "本办法"}
DATE_QUESTION = "，2025年9月26日"


def _cited(kb, rule) -> str:
    clauses = [kb.clause(s) for s in rule.source]
    return "".join(c.lead + c.text for c in clauses)


def _terms(snapshot) -> set[str]:
    """The printed terms of the measures (kb/lexicon.yaml terms: 公示, 近三年的较大及以上, 淘汰目录…)."""
    printed = "".join(c.text for c in snapshot.kb.clauses())
    return {w for w in snapshot.lexicon.term_words if len(w) > 1 and w in printed} - CONNECTIVES


def _renderings(qa, rule) -> list[tuple[str, dict | None]]:
    """(answer text, what was computed) as the rule would give it."""
    out = []
    example = rule.examples[0]
    for question in (example, f"{example}吗", f"{example}{DATE_QUESTION}"):
        analysis = qa.understanding.analyse(question, TODAY)
        rendered = qa.render_rule(rule, analysis)
        out.append((rendered.text, rendered.computed))
    return out


def _where_to_ask() -> str:
    import yaml

    from tests.conftest import KB

    return yaml.safe_load((KB / "wordings.yaml").read_text(encoding="utf-8"))["where_to_ask"]["text"]


WHERE_TO_ASK = _where_to_ask()


def _problems(text: str, computed: dict | None, cited: str, labels: set[str], terms: set[str]) -> list[str]:
    text = text.replace(WHERE_TO_ASK, "")  # a referral to the help desk, not a statement of the measures
    if computed:
        text = text.replace(computed.get("note", ""), "")
    text = DATE.sub("", text)
    flat = re.sub(r"\s+", "", cited)
    problems = []
    for label in LABEL.findall(text):
        if label not in labels:
            problems.append(f"names {label}, which it does not cite")
    for number, unit in FIGURE.findall(LABEL.sub("", text)):
        if f"{number}{unit}" not in flat:
            problems.append(f"figure {number}{unit}")
    problems += [f"body {b}" for b in BODIES if b in text and b not in flat]
    problems += [f"term {t}" for t in sorted(terms) if t in text and t not in flat]
    return problems


def _rule_ids():
    from pathlib import Path

    import yaml

    ids = []
    for path in sorted((Path(__file__).parent.parent / "kb" / "rules").glob("*.yaml")):
        ids += [r["id"] for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]]
    return ids


@pytest.mark.parametrize("rule_id", _rule_ids())
def test_answer_states_only_what_its_clauses_say(snapshot, rule_id):
    qa = snapshot.qa
    rule = qa.rule(rule_id)
    cited = _cited(qa.kb, rule)
    labels = {qa.kb.clause(s).label for s in rule.source}
    terms = _terms(snapshot)
    problems = []
    for text, computed in _renderings(qa, rule):
        problems += [f"{p} in {text!r}" for p in _problems(text, computed, cited, labels, terms)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rule_id", _rule_ids())
def test_a_detail_the_measures_do_not_give_is_not_invented(snapshot, rule_id):
    qa = snapshot.qa
    rule = qa.rule(rule_id)
    if rule.kind != "answer":
        pytest.skip("a not-covered rule already says the measures are silent")
    analysis = qa.understanding.analyse(f"{rule.examples[0]}要多少钱", TODAY)
    answer = qa._detail_not_set(rule.examples[0], analysis, Candidate(rule, 9.0, 1.0), ["具体金额或费用"])
    assert not answer.answered
    assert answer.answer.startswith("《办法》没有规定")
    labels = {qa.kb.clause(s).label for s in rule.source}
    problems = _problems(answer.answer, None, _cited(qa.kb, rule), labels, _terms(snapshot))
    assert not problems, answer.answer


def test_computing_rules_compute(snapshot):
    qa = snapshot.qa
    for rule in qa.rules:
        if not rule.compute or rule.compute.kind == "days_after_issue":
            continue
        analysis = qa.understanding.analyse(f"{rule.examples[0]}{DATE_QUESTION}", TODAY)
        rendered = qa.render_rule(rule, analysis)
        assert rendered.computed and rendered.computed["given"] == "2025-09-26", rule.id
        assert rendered.computed["result_text"] in rendered.text


def test_the_check_itself_finds_an_invented_figure(snapshot):
    rule = snapshot.qa.rule("publicity-period")
    cited = _cited(snapshot.kb, rule)
    assert _problems("公示7个工作日。", None, cited, {"第十一条"}, set()) == ["figure 7个工作日"]
    assert _problems("由区县政府认定（第十二条）", None, cited, {"第十一条"}, set())
