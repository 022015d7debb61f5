"""Self-assessment scenarios, as data (tests/assess_scenarios/*.yaml).

Each scenario gives the answers, the assessment date, the expected verdict
and the expected status of every condition; optional expectations: what
blocks and until when (and the clauses it names), unanswered and ignored
questions, readiness items, the next procedure step, words the reason must
(not) contain, the conditions an answer evidences (``evidence``: condition →
document), the clauses the verdict cites and the deadlines the answers set
(``deadlines``: id, date, estimate, passed). Working days follow the
knowledge base's holiday table, as in the product.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assistant.assess import assess
from assistant.knowledge.curated import questionnaire as find_questionnaire
from assistant.knowledge.holidays import load_table

SCENARIO_DIR = Path(__file__).parent / "assess_scenarios"


def _as_json(value):
    """YAML reads 2023-06-01 as a date; answer files carry strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def load_scenarios() -> list:
    cases = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for scenario in data["scenarios"]:
            scenario = _as_json(scenario)
            scenario.setdefault("date", _as_json(data["defaults"]["date"]))
            scenario["type"] = data["type"]
            cases.append(pytest.param(scenario, id=f"{data['type']}: {scenario['name']}"))
    return cases


SCENARIOS = load_scenarios()


def test_there_are_enough_scenarios():
    assert len(SCENARIOS) >= 110
    kinds = {s.values[0]["type"] for s in SCENARIOS}
    assert {"factory", "park", "maintenance"} <= kinds


@pytest.fixture(scope="module")
def holidays(kb, tmp_path_factory):
    table, warnings = load_table(kb, tmp_path_factory.mktemp("no-override"))
    assert not warnings
    return table


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(kb, holidays, scenario):
    result = assess(kb, scenario["type"], scenario["answers"], scenario["date"], holidays).to_dict()
    expect = scenario["expect"]
    assert result["type"] == scenario["type"] and result["date"] == scenario["date"]
    assert result["verdict"] == expect["verdict"]
    statuses = {c["id"]: c["status"] for c in result["conditions"]}
    assert statuses == expect["conditions"], "every condition's status, as listed in the scenario"
    if "blocking" in expect:
        assert [{"id": b["id"], "until": b["until"]} for b in result["blocking"]] == expect["blocking"]
    if "blocking_labels" in expect:
        assert [b["label"] for b in result["blocking"]] == expect["blocking_labels"]
    if "evidence" in expect:
        evidenced = {c["id"]: c["evidence"]["document"] for c in result["conditions"] if c["evidence"]}
        assert evidenced == expect["evidence"]
    if "verdict_cites" in expect:
        cited = [c["label"] for c in result["verdict_citations"]]
        assert all(label in cited for label in expect["verdict_cites"]), cited
    if "unanswered" in expect:
        assert [q["id"] for q in result["unanswered"]] == expect["unanswered"]
    if "ignored" in expect:
        assert result["ignored"] == expect["ignored"]
    if "deadlines" in expect:
        keys = ("id", "date", "estimate", "passed")
        assert [{k: d[k] for k in keys} for d in result["deadlines"]] == expect["deadlines"]
    readiness = {r["id"]: r["status"] for r in result["readiness"]}
    for item, status in expect.get("readiness", {}).items():
        assert readiness[item] == status, item
    if "next_step" in expect:
        following = [s["id"] for s in result["next_steps"] if s.get("status") == "next"]
        assert following == [expect["next_step"]]
    reasons = {c["id"]: c["reason"] for c in result["conditions"]}
    for condition, words in expect.get("reason_contains", {}).items():
        for word in words:
            assert word in reasons[condition], (condition, word, reasons[condition])
    for condition, words in expect.get("reason_excludes", {}).items():
        for word in words:
            assert word not in reasons[condition], (condition, word, reasons[condition])
    check_invariants(result, find_questionnaire(kb, scenario["type"]))


def _blocked_verdicts(questionnaire) -> list[str]:
    """The verdicts that can be given while something blocks, the one for "blocked" last: the
    application's, or a questionnaire's own up to its ``when: blocked`` rule."""
    if questionnaire is None or not questionnaire.verdicts:
        return ["not_yet_eligible"]
    ids = [rule.id for rule in questionnaire.verdicts]
    first = next(i for i, rule in enumerate(questionnaire.verdicts) if rule.when == "blocked")
    return ids[:first + 1]


def check_invariants(result: dict, questionnaire=None) -> None:
    """What holds for every result, whatever the answers."""
    for condition in [*result["conditions"], *result["readiness"]]:
        assert condition["status"] in ("met", "not_met", "to_verify")
        assert condition["reason"].endswith("。") and condition["reason"].count("。") == 1, "one sentence"
        assert condition["quote"] and condition["citation"].endswith(condition["label"])
        if condition["until"]:
            assert condition["status"] == "not_met" and condition["until"] in condition["reason"]
        if condition["evidence"]:
            evidence = condition["evidence"]
            assert condition["status"] == "met" and evidence["document"] in evidence["label"]
            assert evidence["citations"] and evidence["question"] in condition["questions"]
    open_items = {c["id"] for c in [*result["conditions"], *result["readiness"]] if c["status"] != "met"}
    assert {entry["id"] for entry in result["checklist"]} == open_items
    for condition in [*result["conditions"], *result["readiness"]]:
        if condition["deadline"]:
            assert condition["deadline"]["date"] in condition["reason"], "the reason names the deadline"
            assert ("估算" in condition["reason"]) == condition["deadline"]["estimate"]
    assert [d["date"] for d in result["deadlines"]] == sorted(d["date"] for d in result["deadlines"])
    for deadline in result["deadlines"]:
        assert deadline["title"] and deadline["citations"] and deadline["date"] in deadline["reason"]
        assert deadline["passed"] == (deadline["date"] < result["date"])
    blocked = _blocked_verdicts(questionnaire)
    if result["blocking"]:
        assert result["verdict"] in blocked
    else:
        assert result["verdict"] != blocked[-1]
        assert all(c["status"] != "not_met" for c in result["conditions"])
    if questionnaire is None or not questionnaire.verdicts:
        assert (result["verdict"] == "not_yet_eligible") == bool(result["blocking"])
        assert (result["verdict"] == "incomplete") == (not result["blocking"] and bool(result["unanswered"]))
    assert result["verdict_citations"], "the verdict cites the clauses it rests on"
    if result["verdict"] == "may_apply":
        assert "第九条" in [c["label"] for c in result["verdict_citations"]]
        assert {r["id"]: r["status"] for r in result["readiness"]}["evaluation_report"] == "met"
