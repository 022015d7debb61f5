"""The remediation checklist: for each condition or readiness item not met
or still to verify, what to do or prepare, from the ``checklist`` entries of
the questionnaire (each citing the item it serves)."""

from __future__ import annotations

from string import Formatter

from ..knowledge.questionnaires import Action, Questionnaire
from .cite import citation, short_citations
from .engine import MET, Judgement


def _applies(action: Action, judgement: Judgement, answers: dict, visible: set[str]) -> bool:
    if action.if_status and judgement.status not in action.if_status:
        return False
    if action.if_any:
        return any(qid in visible and answers.get(qid) in values for qid, values in action.if_any.items())
    return True


def _until(judgement: Judgement):
    return max((f.until for f in judgement.findings if f.until), default=None)


def _needs(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def checklist(kb, questionnaire: Questionnaire, judgements: list[Judgement],
              answers: dict[str, str], visible: set[str]) -> list[dict]:
    """One entry per open item: its citation, status, reason and actions."""
    entries = []
    for judgement in judgements:
        if judgement.status == MET:
            continue
        spec, until = judgement.spec, _until(judgement)
        actions = []
        for action in spec.checklist:
            if not _applies(action, judgement, answers, visible):
                continue
            if "until" in _needs(action.text) and until is None:
                continue  # a waiting period with no date to wait for
            actions.append({
                "kind": action.kind,
                "text": action.text.format(until=until),
                "citations": short_citations(kb, [spec.source, *action.source]),
            })
        missing = [questionnaire.question(f.question).text for f in judgement.findings if f.unanswered]
        if missing:
            actions.append({
                "kind": "补答",
                "text": questionnaire.templates["unanswered_action"].format(questions="；".join(missing)),
                "citations": short_citations(kb, [spec.source]),
            })
        cited = citation(kb, spec.source)
        entries.append({
            "id": spec.id, "kind": spec.kind, "title": spec.title,
            "article": cited["article"], "item": cited["item"], "label": cited["label"],
            "citation": cited["citation"], "status": judgement.status, "reason": judgement.reason,
            "actions": actions,
        })
    return entries
