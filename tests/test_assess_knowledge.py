"""The self-assessment knowledge in kb/questionnaires/: traceable to the
measures, validated at build time, extensible without Python."""

from __future__ import annotations

import re

import pytest

from assistant import knowledge
from assistant.assess import assess
from assistant.assess import procedure as load_procedure
from assistant.assess import questionnaire as load_questionnaire
from assistant.errors import KnowledgeFileError
from assistant.regulation.numerals import cn_to_int

# A figure: a number with a unit of time or count (三年, 5个工作日, 30个工作日, 一次);
# 最近一次 ("the latest") is not one.
FIGURE = re.compile(r"(?<!最近)(\d+|[一二三四五六七八九十百两]+)\s*(个工作日|工作日|周年|年|个月|月|日|天|次)")
UNIT_ALIASES = {"个工作日": "工作日", "周年": "年", "个月": "月"}


def figures(text: str) -> set[tuple[int, str]]:
    return {(cn_to_int(number), UNIT_ALIASES.get(unit, unit)) for number, unit in FIGURE.findall(text)}


def texts_with_sources(kb) -> list[tuple[str, str, list[str]]]:
    """(where, text, cited clause ids) for every sentence the assessment may show."""
    out = []
    procedure = load_procedure(kb)
    for key in ("notes", "steps", "benefits", "duties"):
        out += [(f"procedure {key} {e['id']}", e["text"], e["source"]) for e in procedure.get(key, [])]
    out += [(f"verdict {code}", v["text"], v["source"]) for code, v in procedure["verdicts"].items()]
    out.append(("disclaimer", procedure["disclaimer"]["text"], procedure["disclaimer"]["source"]))
    for kind in ("factory", "park", "maintenance"):
        questionnaire = load_questionnaire(kb, kind)
        out += [(f"{kind} verdict {rule.id}", rule.text, rule.source) for rule in questionnaire.verdicts]
        by_id = {s.id: s for s in questionnaire.specs()}
        for spec in questionnaire.specs():
            out.append((f"{kind} {spec.id} met", spec.met, [spec.source]))
            out += [(f"{kind} {spec.id} checklist", a.text, [spec.source, *a.source]) for a in spec.checklist]
            out += [(f"{kind} {spec.id} note", n.text, [spec.source]) for n in spec.notes]
        for question in questionnaire.questions:
            out.append((f"{kind} {question.id} explain", question.explain, list(question.source)))
            for condition, outcomes in question.decides.items():
                source = [by_id[condition].source]
                out += [(f"{kind} {question.id} → {condition}", o.reason, source) for o in outcomes.values()]
    return out


def test_every_figure_appears_in_the_cited_clause(kb):
    checked = 0
    for where, text, sources in texts_with_sources(kb):
        cited = figures("".join(kb.clause(s).text for s in sources))
        for figure in figures(text):
            assert figure in cited, f"{where}: {figure} is not in {sources}: {text}"
            checked += 1
    assert checked >= 10  # 三年, 5个工作日, 30个工作日, 一次 … are all checked


def test_the_procedure_cites_articles_8_to_11_and_the_duties(kb):
    procedure = load_procedure(kb)
    cited = {s for key in ("notes", "steps") for e in procedure[key] for s in e["source"]}
    assert {"art-8", "art-9", "art-10", "art-11"} <= cited
    assert {"art-12", "art-13"} <= {s for e in procedure["benefits"] for s in e["source"]}
    assert {"art-16", "art-19"} <= {s for e in procedure["duties"] for s in e["source"]}
    publicity = next(s for s in procedure["steps"] if s["id"] == "publicity")
    assert "5个工作日" in publicity["text"]
    rename = next(d for d in procedure["duties"] if d["id"] == "rename")
    assert "30个工作日" in rename["text"]


@pytest.mark.parametrize("kind", ["factory", "park"])
def test_steps_are_completed_by_readiness_items_of_each_questionnaire(kb, kind):
    readiness = {s.id for s in load_questionnaire(kb, kind).readiness}
    for step in load_procedure(kb)["steps"]:
        assert step.get("done_when", next(iter(readiness))) in readiness
    assert set(load_procedure(kb)["verdicts"]["may_apply"]["when_met"]) <= readiness


def test_green_finance_is_promised_to_factories_only(kb):
    """第十三条 speaks of 绿色工厂 only."""
    park = assess(kb, "park", {}, "2025-06-01").to_dict()
    factory = assess(kb, "factory", {}, "2025-06-01").to_dict()
    assert any(s["label"] == "第十三条" for s in factory["next_steps"])
    assert not any(s["label"] == "第十三条" for s in park["next_steps"])


def _break(sandbox, old: str, new: str, name: str = "factory.yaml") -> tuple[str, str]:
    path = sandbox.kb_dir / "questionnaires" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path), text


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_question_citing_a_missing_clause_fails_the_build_with_file_and_line(sandbox):
    anchor = "        source: [art-7-p1-i9]"
    path, original = _break(sandbox, "        source: [art-7-p1-i5]\n        explain: 要有一份",
                            "        source: [art-7-p1-i9]\n        explain: 要有一份")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path == path
    assert caught.value.line == _line_of(original.replace("art-7-p1-i5]\n        explain: 要有一份",
                                                          "art-7-p1-i9]\n        explain: 要有一份"), anchor)
    assert "art-7-p1-i9" in str(caught.value) and "factory.yaml:" in str(caught.value)


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("show_if: {major_accident: [yes]}", "show_if: {major_acident: [yes]}", "major_acident"),
    ("show_if: {major_accident: [yes]}", "show_if: {major_accident: [perhaps]}", "perhaps"),
    ("show_if: {green_org: [yes]}", "show_if: {target_responsibility: [yes]}", "earlier question"),
    ("          art-7-p1-i5:\n            no: {status: not_met, reason: 企业尚未制定",
     "          art-7-p1-i55:\n            no: {status: not_met, reason: 企业尚未制定", "art-7-p1-i55"),
    ("no: {status: not_met, reason: 企业尚未制定绿色工厂建设中长期规划}",
     "no: {status: failed, reason: 企业尚未制定绿色工厂建设中长期规划}", "status"),
    ("no: {status: not_met, reason: 企业尚未制定绿色工厂建设中长期规划}",
     "no: {status: not_met, reason: \"企业尚未制定{plan}\"}", "placeholders"),
    ("        type: yesno\n        source: [art-7-p1-i5]\n        explain: 要有一份",
     "        type: essay\n        source: [art-7-p1-i5]\n        explain: 要有一份", "type"),
    ("      - kind: 规划\n        text: 编制绿色工厂", "      - kind: 计划\n        text: 编制绿色工厂", "kind"),
    ("      - id: annual_targets", "      - id: long_term_plan", "used twice"),
    ("        not_before: founded_on\n", "        not_before: blacklisted\n", "not_before"),
    ("passed: {status: met, evidence: 第三方评价报告",
     "passed: {status: to_verify, evidence: 第三方评价报告", "evidence"),
])
def test_malformed_questionnaires_fail_the_build(sandbox, old, new, reason):
    path, _ = _break(sandbox, old, new)
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path == path and caught.value.line is not None
    assert reason in caught.value.reason


@pytest.mark.parametrize(("old", "new", "reason"), [
    ("  - id: no_risk_found\n", "  - id: no_risk_found\n    when: open\n", "the last verdict"),
    ("    when: open\n    label: 未发现撤销情形", "    label: 未发现撤销情形", "the last verdict"),
    ("  - id: incomplete\n", "  - id: incomplete\n    when_met: [art-77]\n", "art-77"),
    ("        window_workdays: 30\n", "        window_workdays: 30\n        window_years: 3\n", "not both"),
    ("        window_workdays: 30\n", "", "window_years' or 'window_workdays"),
    ("            no: {status: met, reason: 认定以来没有发生更名、重组等重大调整}",
     "            no: {status: met, reason: 认定以来没有发生更名、重组等重大调整, calendar: 期限}", "calendar"),
    ("    show_if: {title_revoked: [yes, unsure]}", "    show_if: {title_revokd: [yes]}", "title_revokd"),
])
def test_malformed_maintenance_questionnaire_fails_the_build(sandbox, old, new, reason):
    path, _ = _break(sandbox, old, new, name="maintenance.yaml")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path == path and caught.value.line is not None
    assert reason in caught.value.reason


def test_a_condition_no_question_decides_fails_the_build(sandbox):
    _break(sandbox, "          art-7-p1-i7:\n            yes:", "          art-7-p1-i6:\n            yes:")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert "no question decides 'art-7-p1-i7'" in caught.value.reason


def test_a_procedure_step_citing_a_missing_article_fails_the_build(sandbox):
    path, _ = _break(sandbox, "    source: [art-19]", "    source: [art-29]", name="procedure.yaml")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path == path and "art-29" in caught.value.reason


NEW_QUESTION = """
      - id: energy_audit
        text: 企业近年做过能源审计吗？
        type: yesno
        source: [art-7-p1-i6]
        explain: 能源审计可以说明能源管理水平。
        help: 有审计报告的，选“是”。
        decides:
          art-7-p1-i6:
            no: {status: to_verify, reason: 企业尚未做过能源审计，能源管理水平需要核实}
"""


def test_adding_a_question_needs_no_python(sandbox):
    anchor = "            no: {status: not_met, reason: 企业尚未建立能源管理体系}\n"
    _break(sandbox, anchor, anchor + NEW_QUESTION)
    kb = knowledge.build(sandbox)
    questionnaire = load_questionnaire(kb, "factory")
    assert questionnaire.question("energy_audit").page == "systems"
    result = assess(kb, "factory", {"energy_audit": "no"}, "2025-06-01").to_dict()
    condition = next(c for c in result["conditions"] if c["id"] == "art-7-p1-i6")
    assert condition["status"] == "to_verify" and "能源审计" in condition["reason"]
