"""Enterprise self-assessment for 绿色工厂 (第七条) and 绿色园区 (第六条).

The API the command line and the web questionnaire share::

    q = load_questionnaire(kb, "factory")          # or "park"
    q.pages, q.visible_pages(answers)               # pages of a few questions each
    q.visible_questions(answers)                    # what to ask next, irrelevant ones skipped
    q.parse_answer("founded_on", "2021-03-01")      # one form value → stored value (BadInput)
    q.validate(answers, today)                      # whole answer set (BadInput naming the field)
    result = assess(kb, "factory", answers, "2025-06-01")
    result.to_dict()                                # the JSON contract
    render_markdown(result.to_dict())               # Markdown report
    assistant.assess.pdf.render_pdf(result.to_dict())  # PDF bytes (imports fpdf2 and the font)

Knowledge (questions, conditions, checklist, steps) lives in
``kb/questionnaires/``; this package is the mechanism only.
"""

from __future__ import annotations

from .assessment import Assessment, assess, assessment_date
from .engine import INCOMPLETE, MET, NOT_MET, NOT_YET_ELIGIBLE, PENDING_EVALUATION, TO_VERIFY
from .questionnaire import TYPES, Questionnaire, load_procedure, load_questionnaire
from .report import render_markdown
from .serialize import question_to_dict, questionnaire_to_dict

__all__ = [
    "INCOMPLETE", "MET", "NOT_MET", "NOT_YET_ELIGIBLE", "PENDING_EVALUATION", "TO_VERIFY", "TYPES",
    "Assessment", "Questionnaire", "assess", "assessment_date", "load_procedure", "load_questionnaire",
    "question_to_dict", "questionnaire_to_dict", "render_markdown",
]
