"""Self-assessment against a questionnaire of ``kb/questionnaires/`` (绿色工厂: 第七条, 绿色园区: 第六条…).

Imports ``assistant.knowledge`` and below; the command line and the web wizard share this API::

    q = questionnaire(kb, "factory")                # any type in kb/questionnaires/
    q.pages, q.visible_pages(answers)               # pages of a few questions each
    parse_answer(q.question("founded_on"), "2021-03-01")   # one form value → stored value (BadInput)
    validate_answers(q, answers, today)             # whole answer set (BadInput naming the field)
    result = assess(kb, "factory", answers, "2025-06-01")
    result.to_dict()                                # the JSON contract
    render_markdown(result.to_dict())               # Markdown report
    assistant.assess.pdf.render_pdf(result.to_dict())  # PDF bytes (imports fpdf2 and the font)
"""

from __future__ import annotations

from ..knowledge.curated import procedure, questionnaire, questionnaires
from .answers import parse_answer, validate_answers
from .assessment import Assessment, assess, assessment_date
from .engine import INCOMPLETE, MAY_APPLY, MET, NOT_MET, NOT_YET_ELIGIBLE, PENDING_EVALUATION, TO_VERIFY
from .report import render_markdown
from .serialize import question_to_dict, questionnaire_to_dict

__all__ = [
    "INCOMPLETE", "MAY_APPLY", "MET", "NOT_MET", "NOT_YET_ELIGIBLE", "PENDING_EVALUATION", "TO_VERIFY",
    "Assessment", "assess", "assessment_date", "parse_answer", "procedure", "question_to_dict", "questionnaire",
    "questionnaire_to_dict", "questionnaires", "render_markdown", "validate_answers",
]
