"""Self-assessment scenarios, as data (tests/assess_scenarios/*.yaml).

Each scenario gives the answers, the assessment date, the expected verdict
and the expected status of every condition; optional expectations: what
blocks and until when (and the clauses it names), unanswered and ignored
questions, readiness items, the next procedure step, words the reason must
(not) contain, the conditions an answer evidences (``evidence``: condition →
document) and the clauses the verdict cites.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from assistant.assess import assess

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
    assert len(SCENARIOS) >= 80


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(kb, scenario):
    result = assess(kb, scenario["type"], scenario["answers"], scenario["date"]).to_dict()
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
    check_invariants(result)


def check_invariants(result: dict) -> None:
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
    if result["verdict"] == "not_yet_eligible":
        assert result["blocking"]
    else:
        assert not result["blocking"]
        assert all(c["status"] != "not_met" for c in result["conditions"])
    assert (result["verdict"] == "incomplete") == (not result["blocking"] and bool(result["unanswered"]))
    assert result["verdict_citations"], "the verdict cites the clauses it rests on"
    if result["verdict"] == "may_apply":
        assert "第九条" in [c["label"] for c in result["verdict_citations"]]
        assert {r["id"]: r["status"] for r in result["readiness"]}["evaluation_report"] == "met"
