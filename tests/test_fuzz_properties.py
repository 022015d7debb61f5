"""Properties of ask and the self-assessment on generated input: a result or
a clear error naming the field — never a traceback."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.assess import assess, validate_answers
from assistant.assess import questionnaire as load_questionnaire
from assistant.errors import BadInput
from assistant.runtime import build_snapshot
from tests.conftest import examples

WORDS = ["公示", "撤销", "多久", "能不能", "申报", "绿色工场", "那园区呢？", "第三项是什么", "2023年2月29日", "3月1日",
         "改名", "社保", "？", "吗", "第十七条", "<script>", "\x00", "🌱", "  ", "綠色", "复审", "12345678901"]


@pytest.fixture(scope="module")
def snapshot(settings):
    return build_snapshot(settings)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=10).map("".join),
       st.booleans())
def test_ask_answers_or_explains(snapshot, question, with_session):
    session = "fuzz-session-1" if with_session else None
    try:
        answer = snapshot.qa.ask(question, session=session, today=dt.date(2026, 11, 24))
    except BadInput as error:
        assert str(error) and error.field == "question"
        return
    assert answer.answer
    for citation in answer.citations:
        assert snapshot.kb.clause(citation.id).text == citation.text
    if answer.answered:
        assert answer.citations, "an answer with nothing it rests on"


def _answers(questionnaire):
    values = st.one_of(st.sampled_from(["yes", "no", "unsure", "是", "否", "2020-01-01", "2023-02-29", "2999-01-01",
                                        "", "其他"]),
                       st.text(max_size=5), st.integers(), st.booleans(), st.none(), st.lists(st.integers()))
    ids = [q.id for q in questionnaire.questions] + ["no_such_question"]
    return st.dictionaries(st.sampled_from(ids), values, max_size=12)


@pytest.mark.parametrize("kind", ["factory", "park"])
@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_assessment_judges_or_names_the_field(snapshot, kind, data):
    questionnaire = load_questionnaire(snapshot.kb, kind)
    answers = data.draw(_answers(questionnaire))
    try:
        normalised = validate_answers(questionnaire, answers, dt.date(2025, 6, 1))
    except BadInput as error:
        assert str(error) and error.field
        return
    result = assess(snapshot.kb, kind, normalised, dt.date(2025, 6, 1)).to_dict()
    assert result["verdict"] in ("not_yet_eligible", "pending_evaluation", "incomplete", "may_apply")
    assert {c["status"] for c in result["conditions"]} <= {"met", "not_met", "to_verify"}
