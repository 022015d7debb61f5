"""Judging answers against an evaluation set (tests/qa_dev.yaml): shared by
the benchmark and the accuracy gate in the tests.

In-scope questions (fact, yesno, condition, procedure, consequence, date) are
right when the answer is given, its first citation is the expected clause and
the key fact appears in the answer (and, for yes/no, the verdict matches).
Out-of-scope and not-covered questions are right when ``answered`` is false.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..textnorm import fold

IN_SCOPE = ("fact", "yesno", "condition", "procedure", "consequence", "date")
OUT_OF_SCOPE = ("out_of_scope", "not_covered")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text or ""))


def article_of(clause_id: str | None) -> str | None:
    if clause_id is None:
        return None
    return "notice" if clause_id == "notice" else clause_id.split("-p")[0]


def judge(case: dict, answer: dict) -> dict:
    """Whether *answer* (``Answer.to_dict()``) is right for *case*, and in what respects."""
    category = case["category"]
    first = answer["citations"][0]["id"] if answer["citations"] else None
    if category not in IN_SCOPE:
        return {"ok": not answer["answered"], "article_ok": not answer["answered"],
                "cite_ok": case.get("cite") is None or first == case.get("cite")}
    cite_ok = first == case["cite"]
    article_ok = article_of(first) == article_of(case["cite"])
    fact_ok = not case.get("fact") or squash(str(case["fact"])) in squash(answer["answer"])
    yes_ok = "answer" not in case or answer.get("yes_no") == str(case["answer"])
    return {"ok": answer["answered"] and cite_ok and fact_ok and yes_ok,
            "article_ok": answer["answered"] and article_ok, "cite_ok": cite_ok,
            "fact_ok": fact_ok, "yes_ok": yes_ok}


def accuracy(results: list[tuple[dict, dict]]) -> dict[str, float]:
    """Share of right answers: overall, in scope, out of scope, and by category."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, verdict in results:
        group = "in-scope" if case["category"] in IN_SCOPE else "out/not-covered"
        for key in ("ALL", group, case["category"]):
            totals[key][0] += 1
            totals[key][1] += bool(verdict["ok"])
    return {key: right / count for key, (count, right) in totals.items()}
