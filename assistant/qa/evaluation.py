"""Judging answers against evaluation sets: shared by the benchmark and the accuracy gates in the tests.

Cases (one per question, or one per dialogue):

- in scope (fact, yesno, condition, procedure, consequence, date): ``cite`` the clause the answer must
  rest on, ``fact`` a substring the answer must contain; yes/no cases also ``answer`` (yes / no, the
  truth of the literal question) and ``verdict`` (the word or words the answer must open with);
- out of scope and not covered: the answer must not claim to answer (``answered`` false);
- ``multipart``: ``parts``, each with ``cite`` and ``fact``: every part must be answered;
- ``dialogue``: ``turns``, each a case of its own, or ``expect: clarify`` (ask back) / ``expect: refuse``.

The strict "right" of the development sets also wants the first citation to be exactly ``cite``.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..textnorm import fold

IN_SCOPE = ("fact", "yesno", "condition", "procedure", "consequence", "date")
OUT_OF_SCOPE = ("out_of_scope", "not_covered")
# A multi-part answer opens with its first part (1. 不是。…): that is the first word the caller hears.
_VERDICT = re.compile(r"^[\s“”\"'（(]*(?:1\.\s*)?"
                      r"(不需要|不可以|不是|不能|不会|不对|不用|没有|需要|可以|是|能|会|对|有)")
_SAME = {"不用": "不需要"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text or ""))


def article_of(clause_id: str | None) -> str | None:
    if clause_id is None:
        return None
    return "notice" if clause_id == "notice" else clause_id.split("-p")[0]


def verdict_word(text: str) -> str | None:
    """The verdict an answer opens with (是, 不能, 需要…), or None."""
    match = _VERDICT.match(text or "")
    return _SAME.get(match.group(1), match.group(1)) if match else None


def negation(word: str) -> str:
    if word in ("有", "没有"):
        return "没有" if word == "有" else "有"
    return word[1:] if word.startswith("不") else f"不{word}"


def _accepted(case: dict) -> set[str]:
    value = case.get("verdict")
    words = value if isinstance(value, list) else [value] if value else []
    return {_SAME.get(str(w), str(w)) for w in words}


def judge(case: dict, answer: dict) -> dict:
    """Whether *answer* (``Answer.to_dict()``) is right for *case*, and in what respects."""
    category = case["category"]
    first = answer["citations"][0]["id"] if answer["citations"] else None
    if category not in IN_SCOPE:
        return {"ok": not answer["answered"], "article_ok": not answer["answered"],
                "cite_ok": case.get("cite") is None or first == case.get("cite")}
    cite_ok = first == case["cite"]
    article_ok = answer["answered"] and article_of(first) == article_of(case["cite"])
    fact_ok = not case.get("fact") or squash(str(case["fact"])) in squash(answer["answer"])
    yes_ok = "answer" not in case or answer.get("yes_no") == str(case["answer"])
    verdict = {}
    accepted = _accepted(case)
    if accepted:
        said = verdict_word(answer["answer"])
        verdict = {"verdict_ok": said in accepted,
                   "opposite": bool(article_ok and said is not None and negation(said) in accepted
                                    and said not in accepted)}
    return {"ok": answer["answered"] and cite_ok and fact_ok and yes_ok,
            "article_ok": article_ok, "cite_ok": cite_ok, "fact_ok": fact_ok, "yes_ok": yes_ok,
            "found": bool(article_ok and fact_ok), **verdict}


def judge_parts(case: dict, answer: dict) -> dict:
    """A question of several parts: each part's clause is cited and its fact said."""
    cited = {article_of(c["id"]) for c in answer["citations"]} | {
        article_of(c["id"]) for part in answer.get("parts") or [] for c in part.get("citations", [])}
    text = squash(answer["answer"])
    covered = [article_of(p["cite"]) in cited and squash(str(p["fact"])) in text for p in case["parts"]]
    return {"ok": answer["answered"] and all(covered), "covered": sum(covered), "parts": len(covered)}


def judge_turn(turn: dict, answer: dict) -> dict:
    """One turn of a dialogue: answered from the right clause, asked back, or refused, as expected."""
    expect = turn.get("expect")
    if expect == "clarify":
        asks_back = not answer["answered"] and ("？" in answer["answer"] or bool(answer.get("clarify")))
        return {"ok": asks_back}
    if expect == "refuse":
        return {"ok": not answer["answered"]}
    result = judge({"category": "fact", **turn}, answer)
    return {"ok": result["found"]}


def accuracy(results: list[tuple[dict, dict]]) -> dict[str, float]:
    """Share of right answers: overall, in scope, out of scope, and by category."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, verdict in results:
        group = "in-scope" if case["category"] in IN_SCOPE else "out/not-covered"
        for key in ("ALL", group, case["category"]):
            totals[key][0] += 1
            totals[key][1] += bool(verdict["ok"])
    return {key: right / count for key, (count, right) in totals.items()}
