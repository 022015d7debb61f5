"""Which rule answers when several apply: learned from the rules' own examples (no exclusion lists),
with ``prefer_over`` for what the examples cannot tell apart, and reported by the build."""

from __future__ import annotations

import json

from assistant.knowledge.rules import Rule
from assistant.qa.matching import Candidate, concept_token
from assistant.qa.precedence import Precedence, learn


def _rule(rule_id: str, examples: list[str], prefer_over: list[str] | None = None) -> Rule:
    return Rule(id=rule_id, source=["art-1"], answer="…", when={"all": ["x"]}, examples=examples,
                prefer_over=prefer_over or [])


def _candidate(rule: Rule, score: float, required: set[str], explains: set[str]) -> Candidate:
    return Candidate(rule, score, 1.0, required=frozenset(required), explains=frozenset(explains | required))


TITLE = _rule("title-name", ["称号叫什么？"])
PERMANENT = _rule("title-not-permanent", ["称号是永久的吗？"])


def test_a_rule_outranked_on_its_own_example_is_given_precedence_keyed_on_what_tells_them_apart():
    def rank(example):  # 第十二条 out-scores 第十六条 on 第十六条's own example
        if "永久" in example:
            ranked = [_candidate(TITLE, 6.0, {"title"}, set()), _candidate(PERMANENT, 5.0, {"permanence"}, set())]
            return ranked, {concept_token("title"), concept_token("permanence")}
        return [_candidate(TITLE, 6.0, {"title"}, set())], {concept_token("title")}

    table = learn([TITLE, PERMANENT], rank, lambda mine, ranked: ranked[:ranked.index(mine)],
                  {r.id: set() for r in (TITLE, PERMANENT)})
    assert table.wins == {"title-not-permanent": {"title-name": frozenset({concept_token("permanence")})}}
    assert table.conflicts == []
    # A question naming 终身 gets 第十六条; one that does not is ranked by score.
    both = [_candidate(TITLE, 6.0, {"title"}, set()), _candidate(PERMANENT, 5.0, {"permanence"}, set())]
    ordered = table.order(both, {concept_token("permanence")})
    assert [c.rule.id for c in ordered] == ["title-not-permanent", "title-name"]
    assert ordered[1].beaten_by == "title-not-permanent"
    assert table.order(both, {concept_token("title")})[0].rule.id == "title-name"


def test_a_learned_precedence_does_not_hold_against_a_far_stronger_rule():
    table = Precedence({"a": {"b": frozenset({"k"})}}, leads={"a": {"b": 1.0}})
    a, b = _rule("a", ["?"]), _rule("b", ["?"])
    close = table.order([_candidate(b, 6.0, set(), set()), _candidate(a, 4.5, set(), set())], {"k"})
    assert close[0].rule.id == "a"
    far = table.order([_candidate(b, 9.0, set(), set()), _candidate(a, 4.5, set(), set())], {"k"})
    assert far[0].rule.id == "b"


def test_prefer_over_holds_whenever_both_apply():
    a, b = _rule("a", ["?"], prefer_over=["b"]), _rule("b", ["?"])
    table = Precedence.declared([a, b])
    ordered = table.order([_candidate(b, 9.0, set(), set()), _candidate(a, 1.0, set(), set())], set())
    assert ordered[0].rule.id == "a"


def test_what_nothing_tells_apart_is_reported():
    a, b = _rule("a", ["同一个问题"]), _rule("b", ["?"])

    def rank(example):
        return [_candidate(b, 5.0, {"x"}, {"x"}), _candidate(a, 4.0, {"x"}, {"x"})], {concept_token("x")}

    table = learn([a], rank, lambda mine, ranked: ranked[:ranked.index(mine)], {"a": {"问题"}, "b": {"问题"}})
    assert [(c.rule, c.other, c.reason) for c in table.conflicts] == [("a", "b", "indistinct")]


def test_the_build_and_kb_precedence_report_it(runner):
    built = runner("build")
    assert built.exit_code == 0, built.output
    assert "从规则示例学到" in built.output
    listed = runner("kb", "precedence", "--json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert set(data) >= {"wins", "conflicts", "leads"}


def test_kb_rules_have_no_exclusion_lists(snapshot):
    for path in sorted(snapshot.settings.kb_dir.glob("rules/*.yaml")):
        assert "not:" not in path.read_text(encoding="utf-8"), path
