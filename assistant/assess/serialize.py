"""Questions as JSON, for ``questions --json`` and the web questionnaire.

Each question: ``{"id", "text", "type", "options", "citations": [{"article",
"item", "label"}], ...}`` (a contract; fields may be added). Citations also
carry the clause as printed (``quote``), so a form can show the clause
itself, never a paraphrase presented as the clause.
"""

from __future__ import annotations

from ..knowledge.questionnaires import Question, Questionnaire
from .cite import citation


def question_to_dict(kb, questionnaire: Questionnaire, question: Question) -> dict:
    page = questionnaire.page(question.page)
    return {
        "id": question.id,
        "text": question.text,
        "type": question.type,
        "options": [{"value": o.value, "label": o.label} for o in question.options],
        "citations": [citation(kb, clause_id) for clause_id in question.source],
        "page": page.id,
        "page_title": page.title,
        "explain": question.explain,
        "help": question.help,
        "required": question.required,
        "show_if": {k: list(v) for k, v in question.show_if.items()},
        "decides": list(question.decides),
    }


def questionnaire_to_dict(kb, questionnaire: Questionnaire) -> dict:
    """The whole questionnaire: pages (a few questions each) and every question."""
    return {
        "type": questionnaire.type,
        "title": questionnaire.title,
        "subject": questionnaire.subject,
        "pages": [{"id": p.id, "title": p.title, "intro": p.intro, "questions": list(p.question_ids)}
                  for p in questionnaire.pages],
        "questions": [question_to_dict(kb, questionnaire, q) for q in questionnaire.questions],
    }
