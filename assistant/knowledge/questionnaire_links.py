"""What refers across the entries of a questionnaire: ids unique, ``show_if`` /
``not_before`` / ``decides`` / ``if_any`` / ``notes`` name what exists (and only
earlier questions), answers are answers the question can take, and every
condition is decided by some question. An error names the entry at fault."""

from __future__ import annotations

from typing import Any

from .base import EntryError

# Called by the Questionnaire model while it validates itself; typed loosely so that this module need not
# import the one that uses it.
Questionnaire = Question = Any


def check_links(q: Questionnaire) -> None:
    kinds: dict[str, str] = {}
    for key, specs in (("conditions", q.conditions), ("readiness", q.readiness)):
        for index, spec in enumerate(specs):
            if spec.id in kinds:
                raise EntryError((key, index, "id"), f"condition id '{spec.id}' is used twice")
            kinds[spec.id] = key
    pages: set[str] = set()
    order: dict[str, int] = {}
    questions: dict[str, Question] = {}
    where: dict[str, tuple] = {}
    for p, page in enumerate(q.pages):
        if page.id in pages:
            raise EntryError(("pages", p, "id"), f"page id '{page.id}' is used twice")
        pages.add(page.id)
        for i, question in enumerate(page.questions):
            at = ("pages", p, "questions", i)
            if question.id in questions:
                raise EntryError((*at, "id"), f"question id '{question.id}' is used twice")
            order[question.id], questions[question.id], where[question.id] = len(order), question, at
    for qid, question in questions.items():
        at = where[qid]
        _check_answer_lists(question.show_if, questions, (*at, "show_if"), "show_if", before=(qid, order))
        earlier = question.not_before
        if earlier is not None and (earlier not in questions or questions[earlier].type != "date"
                                    or order[earlier] >= order[qid]):
            raise EntryError((*at, "not_before"), f"'not_before' must name an earlier date question, not '{earlier}'")
        for cid, outcomes in question.decides.items():
            if cid not in kinds:
                raise EntryError((*at, "decides", cid),
                                 f"'decides' names '{cid}', which is not a condition or readiness item of this file")
            valid = question.answer_values()
            for answer, outcome in outcomes.items():
                if answer not in valid:
                    raise EntryError((*at, "decides", cid, answer),
                                     f"'{answer}' is not an answer of '{qid}'; valid: {sorted(valid)}")
                if outcome.blocks and (kinds[cid] != "readiness" or outcome.status != "not_met"):
                    raise EntryError((*at, "decides", cid, answer),
                                     "'blocks' is only for a readiness outcome that is not_met")
                if outcome.evidence is not None and outcome.status != "met":
                    raise EntryError((*at, "decides", cid, answer),
                                     "'evidence' is only for an outcome that is met")
                if outcome.calendar is not None and answer not in ("within", "outside"):
                    raise EntryError((*at, "decides", cid, answer),
                                     "'calendar' is only for the within/outside outcome of a date question")
    decided = {cid for question in questions.values() for cid in question.decides}
    for key, specs in (("conditions", q.conditions), ("readiness", q.readiness)):
        for index, spec in enumerate(specs):
            for a, action in enumerate(spec.checklist):
                _check_answer_lists(action.if_any, questions, (key, index, "checklist", a, "if_any"), "if_any")
            for n, note in enumerate(spec.notes):
                if questions.get(note.question) is None or questions[note.question].type != "date":
                    raise EntryError((key, index, "notes", n),
                                     "'within' needs 'question' (a date question) and 'years'")
            if spec.id not in decided:
                raise EntryError((key, index), f"no question decides '{spec.id}'")
            _check_answer_lists(spec.show_if, questions, (key, index, "show_if"), "show_if")
    _check_verdicts(q, kinds, questions)


def _check_verdicts(q: Questionnaire, kinds: dict[str, str], questions: dict[str, Question]) -> None:
    if not q.verdicts:
        return
    ids = [rule.id for rule in q.verdicts]
    if len(set(ids)) != len(ids):
        raise EntryError(("verdicts",), f"verdict ids must be unique: {ids}")
    for index, rule in enumerate(q.verdicts):
        unknown = [cid for cid in rule.when_met if cid not in kinds]
        if unknown:
            raise EntryError(("verdicts", index, "when_met"),
                             f"'when_met' names {unknown}, not conditions of this file")
        _check_answer_lists(rule.if_any, questions, ("verdicts", index, "if_any"), "if_any")
        last = index == len(q.verdicts) - 1
        if rule.unconditional != last:
            raise EntryError(("verdicts", index), "the last verdict, and only the last, has no test "
                             "(when / when_met / if_any)")


def _check_answer_lists(mapping: dict[str, list[str]], questions: dict[str, Question], at: tuple, key: str,
                        before: tuple[str, dict[str, int]] | None = None) -> None:
    for qid, values in mapping.items():
        if qid not in questions:
            raise EntryError((*at, qid), f"'{key}' names question '{qid}', which is not in this questionnaire")
        if before is not None and before[1][qid] >= before[1][before[0]]:
            raise EntryError((*at, qid), f"'{key}' of '{before[0]}' must name an earlier question, not '{qid}'")
        valid = questions[qid].answer_values() - ({"within", "outside"} if questions[qid].type == "date" else set())
        bad = [v for v in values if v not in valid]
        if bad:
            raise EntryError((*at, qid), f"'{key}' → '{qid}' has {bad}; valid answers: {sorted(valid)}")
