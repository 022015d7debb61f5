"""The questionnaires: coverage of the measures, skip rules, pages, answer checks."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.assess import assess, parse_answer, questionnaire_to_dict, validate_answers
from assistant.assess import questionnaire as load_questionnaire
from assistant.errors import BadInput

TODAY = dt.date(2025, 6, 1)
TYPES = {"factory": 7, "park": 6}


@pytest.mark.parametrize(("kind", "article"), TYPES.items())
def test_every_item_and_the_three_year_bar_has_a_question_citing_it(kb, kind, article):
    questionnaire = load_questionnaire(kb, kind)
    cited = {clause for q in questionnaire.questions for clause in q.source}
    items = [c.id for c in kb.clauses() if c.article == article and c.kind == "item"]
    assert len(items) == 8
    assert set(items) <= cited
    assert "art-18" in cited and "art-9" in cited


@pytest.mark.parametrize(("kind", "article"), TYPES.items())
def test_every_item_is_a_condition_decided_by_a_question_that_cites_it(kb, kind, article):
    questionnaire = load_questionnaire(kb, kind)
    conditions = [s.source for s in questionnaire.conditions]
    items = [c.id for c in kb.clauses() if c.article == article and c.kind == "item"]
    assert conditions == [*items, "art-18"]
    for spec in questionnaire.conditions:
        deciders = [q for q in questionnaire.questions if spec.id in q.decides]
        assert deciders and all(spec.source in q.source for q in deciders), spec.id


@pytest.mark.parametrize("kind", TYPES)
def test_no_question_is_asked_twice(kb, kind):
    questionnaire = load_questionnaire(kb, kind)
    texts = [q.text for q in questionnaire.questions]
    assert len(texts) == len(set(texts))
    on_pages = [qid for page in questionnaire.pages for qid in page.question_ids]
    assert on_pages == [q.id for q in questionnaire.questions]


@pytest.mark.parametrize("kind", TYPES)
def test_pages_hold_a_few_questions_each(kb, kind):
    pages = load_questionnaire(kb, kind).pages
    assert len(pages) >= 4
    assert all(1 <= len(page.questions) <= 5 for page in pages)


def test_follow_up_questions_are_skipped_when_irrelevant(kb):
    questionnaire = load_questionnaire(kb, "factory")

    def shown(answers):
        return {q.id for q in questionnaire.visible_questions(answers)}

    assert "last_major_accident_on" not in shown({})
    assert "last_major_accident_on" not in shown({"major_accident": "no"})
    assert "last_major_accident_on" in shown({"major_accident": "yes"})
    assert "revoked_on" not in shown({"ever_revoked": "no"})
    assert "revoked_on" in shown({"ever_revoked": "yes"})
    assert "green_duties" not in shown({"green_org": "no"})
    assert "evaluation_report" not in shown({"evaluator_engaged": "no"})
    # A stale answer to a hidden question reveals nothing.
    assert "evaluation_report" not in shown({"evaluator_engaged": "no", "evaluation_report": "passed"})


def test_visible_pages_skip_empty_pages_and_keep_order(kb):
    questionnaire = load_questionnaire(kb, "factory")
    pages = questionnaire.visible_pages({"major_accident": "no"})
    ids = [q.id for _, questions in pages for q in questions]
    assert ids == [q.id for q in questionnaire.visible_questions({"major_accident": "no"})]


def test_questionnaire_to_dict_is_what_a_web_form_needs(kb):
    data = questionnaire_to_dict(kb, load_questionnaire(kb, "park"))
    assert data["type"] == "park" and data["pages"]
    first = data["questions"][0]
    assert first["id"] == "park_type" and first["type"] == "choice"
    assert {"value": "other", "label": "其他园区，或未经国家或市政府批准"} in first["options"]
    assert first["citations"][0]["label"] == "第六条第（一）项"
    assert first["citations"][0]["quote"].startswith("（一）应为经国家或市政府批准的")


@pytest.mark.parametrize(("raw", "stored"), [
    ("yes", "yes"), ("是", "yes"), (True, "yes"), (False, "no"), ("否", "no"), ("不确定", "unsure"),
    (" unsure ", "unsure"), ("", None), (None, None),
])
def test_yes_no_answers(kb, raw, stored):
    assert parse_answer(load_questionnaire(kb, "factory").question("manufacturing"), raw) == stored


def test_choice_and_date_answers(kb):
    park = load_questionnaire(kb, "park")
    assert parse_answer(park.question("park_type"), "市级特色工业园区") == "featured_park"
    assert parse_answer(park.question("park_type"), "featured_park") == "featured_park"
    factory = load_questionnaire(kb, "factory")
    assert parse_answer(factory.question("last_major_accident_on"), "2024-02-29") == "2024-02-29"
    assert parse_answer(factory.question("last_major_accident_on"), "不确定") == "unsure"


# Every bad answer names the field (the question id) in the error and in .field.
BAD_ANSWERS = [
    pytest.param({"no_such_question": "yes"}, "no_such_question", "没有这个问题", id="unknown question"),
    pytest.param({"manufacturing": "maybe"}, "manufacturing", "不是有效回答", id="not yes/no"),
    pytest.param({"manufacturing": 1}, "manufacturing", "而不是数字", id="wrong JSON type"),
    pytest.param({"manufacturing": ["yes"]}, "manufacturing", "而不是列表", id="a list"),
    pytest.param({"self_evaluation": "done"}, "self_evaluation", "不是有效回答", id="unknown choice"),
    pytest.param({"founded_on": "2023-02-30"}, "founded_on", "不是有效日期", id="impossible date"),
    pytest.param({"founded_on": "2023-02-29"}, "founded_on", "不是有效日期", id="29 February of a common year"),
    pytest.param({"founded_on": "01/06/2023"}, "founded_on", "YYYY-MM-DD", id="wrong date format"),
    pytest.param({"founded_on": 20230601}, "founded_on", "而不是数字", id="date as a number"),
    pytest.param({"founded_on": "unsure"}, "founded_on", "不是有效日期", id="unsure not allowed for this date"),
    pytest.param({"major_accident": "yes", "last_major_accident_on": "2025-06-02"}, "last_major_accident_on",
                 "晚于评估日期", id="date in the future"),
    pytest.param({"revoked_on": "2026-01-01"}, "revoked_on", "晚于评估日期", id="future date even when hidden"),
    pytest.param({"founded_on": "2020-05-01", "major_accident": "yes", "last_major_accident_on": "2019-12-31"},
                 "last_major_accident_on", "早于", id="accident before founding"),
]


@pytest.mark.parametrize(("answers", "field", "message"), BAD_ANSWERS)
def test_bad_answers_name_the_field(kb, answers, field, message):
    with pytest.raises(BadInput) as caught:
        assess(kb, "factory", answers, TODAY)
    assert caught.value.field == field
    assert field in str(caught.value) and message in str(caught.value)


def test_an_accident_on_the_founding_day_is_fine(kb):
    answers = {"founded_on": "2020-05-01", "major_accident": "yes", "last_major_accident_on": "2020-05-01"}
    assert validate_answers(load_questionnaire(kb, "factory"), answers, TODAY)["last_major_accident_on"] == "2020-05-01"


@pytest.mark.parametrize(("answers", "field"), [([], "answers"), ("yes", "answers")])
def test_answers_must_be_an_object(kb, answers, field):
    with pytest.raises(BadInput) as caught:
        assess(kb, "park", answers, TODAY)
    assert caught.value.field == field


@pytest.mark.parametrize("date", ["2025-02-30", "tomorrow", "2025/06/01"])
def test_a_bad_assessment_date_names_the_date(kb, date):
    with pytest.raises(BadInput) as caught:
        assess(kb, "park", {}, date)
    assert caught.value.field == "date"


def test_an_unknown_type_is_refused(kb):
    with pytest.raises(BadInput) as caught:
        assess(kb, "farm", {}, TODAY)
    assert caught.value.field == "type"


def test_the_result_names_the_measures_it_was_made_against(kb):
    result = assess(kb, "park", {}, TODAY).to_dict()
    measures = result["measures"]
    assert measures["doc_number"] == "渝经信规范〔2024〕4号"
    assert measures["effective"] == "2024-03-06" and measures["status"] == "现行有效"
    assert measures["fingerprint"] == kb.fingerprint
    assert result["date"] == "2025-06-01"


def test_default_assessment_date_is_today(kb):
    assert assess(kb, "park", {}).to_dict()["date"] == dt.date.today().isoformat()
