"""Help-desk Q&A accuracy against the plain baseline, by category.

    .venv/bin/python bench/qa_eval.py [--set tests/qa_dev.yaml ...] [--repeat 5] [--failures]

Columns (how an answer is judged: :mod:`assistant.qa.evaluation`):

- right: the strict score of the development sets (first citation exactly the clause, fact, yes/no);
- article: answered from the right article; fact: the key fact said; found: both;
- verdict: a yes/no answer opens with the right verdict word (是/不是, 能/不能, 需要/不需要, 对/不对…);
  opposite: it opens with the opposite one on the right article (the worst failure);
- parts: a question of several parts has every part answered (its clause cited, its fact said);
- turns: dialogue turns answered, asked back or refused as expected; dialogues: every turn right.

The baseline is the top article of a stock Whoosh + jieba ChineseAnalyzer search: it "answers" every
question it finds anything for, gives no verdict, and answers each dialogue turn on its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml
from baseline import BaselineSearch
from common import ROOT, percentile, timed

from assistant.config import Settings
from assistant.qa.evaluation import IN_SCOPE, article_of, judge, judge_parts, judge_turn
from assistant.runtime import build_snapshot

TODAY = dt.date(2026, 11, 24)
COLUMNS = ("right", "article", "fact", "found", "verdict", "opposite", "parts", "turns", "dialogues", "baseline")


class Row(dict):
    def __missing__(self, key):
        return 0


def _baseline_article(baseline, case: dict) -> bool:
    top = baseline.top_articles(case["q"], limit=1)
    if case.get("expect") in ("clarify", "refuse") or case.get("category") in ("out_of_scope", "not_covered"):
        return not top
    return bool(top) and top[0] == (article_of(case["cite"]) or "").replace("art-", "")


def evaluate(qa, baseline, cases: list[dict], rows: dict, failures: list) -> None:
    for case in cases:
        category = case["category"]
        keys = [category, "ALL"]
        if category in IN_SCOPE:
            keys.append("in-scope")
        elif category in ("out_of_scope", "not_covered"):
            keys.append("out/not-covered")
        if category == "dialogue":
            session = qa.new_session()
            turns = [judge_turn(t, qa.ask(t["q"], session=session, today=TODAY).to_dict()) for t in case["turns"]]
            base = [_baseline_article(baseline, t) for t in case["turns"]]
            for key in keys:
                rows[key]["n"] += 1
                rows[key]["turns_n"] += len(turns)
                rows[key]["turns"] += sum(t["ok"] for t in turns)
                rows[key]["dialogues"] += all(t["ok"] for t in turns)
                rows[key]["baseline"] += all(base)
            if not all(t["ok"] for t in turns):
                failures.append((case, [t["ok"] for t in turns], None))
            continue
        answer = qa.ask(case["q"], today=TODAY).to_dict()
        if category == "multipart":
            verdict = judge_parts(case, answer)
            top = baseline.top_articles(case["q"], limit=3)
            base = all((article_of(p["cite"]) or "").replace("art-", "") in top for p in case["parts"])
            for key in keys:
                rows[key]["n"] += 1
                rows[key]["parts"] += verdict["ok"]
                rows[key]["parts_covered"] += verdict["covered"]
                rows[key]["parts_n"] += verdict["parts"]
                rows[key]["baseline"] += base
        else:
            verdict = judge(case, answer)
            base = _baseline_article(baseline, case)
            for key in keys:
                row = rows[key]
                row["n"] += 1
                row["single"] += 1
                row["right"] += verdict["ok"]
                row["article"] += verdict["article_ok"]
                row["baseline"] += base
                if category in IN_SCOPE:
                    row["scoped"] += 1
                    row["fact"] += verdict["fact_ok"]
                    row["found"] += verdict["found"]
                if "verdict_ok" in verdict:
                    row["verdicts_n"] += 1
                    row["verdict"] += verdict["verdict_ok"]
                    row["opposite"] += verdict["opposite"]
        if not verdict["ok"] or verdict.get("verdict_ok") is False:
            failures.append((case, answer, verdict))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "—"


def _cell(row: Row, column: str) -> str:
    return {
        "right": _share(row["right"], row["single"]), "article": _share(row["article"], row["single"]),
        "fact": _share(row["fact"], row["scoped"]), "found": _share(row["found"], row["scoped"]),
        "verdict": _share(row["verdict"], row["verdicts_n"]),
        "opposite": str(row["opposite"]) if row["verdicts_n"] else "—",
        "parts": _share(row["parts"], row["n"] - row["single"]) if row["parts_n"] else "—",
        "turns": _share(row["turns"], row["turns_n"]),
        "dialogues": _share(row["dialogues"], row["n"] - row["single"]) if row["turns_n"] else "—",
        "baseline": _share(row["baseline"], row["n"]),
    }[column]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    sets = args.sets or [str(ROOT / "tests" / "qa_dev.yaml")]
    with tempfile.TemporaryDirectory() as data:
        snapshot = build_snapshot(Settings.from_env(data_dir=Path(data)))
        baseline = BaselineSearch(snapshot.kb)
        for name in sets:
            cases = yaml.safe_load(Path(name).read_text(encoding="utf-8"))
            rows: dict[str, Row] = defaultdict(Row)
            failures: list = []
            evaluate(snapshot.qa, baseline, cases, rows, failures)
            report(name, cases, rows, failures if args.failures else [])
        questions = [c["q"] for name in sets for c in yaml.safe_load(Path(name).read_text(encoding="utf-8"))
                     if "q" in c]
        samples: dict[str, list[float]] = {"qa": [], "baseline": []}
        for question in questions:
            snapshot.qa.ask(question, today=TODAY)
        for _ in range(args.repeat):
            for question in questions:
                samples["qa"].append(timed(snapshot.qa.ask, question, today=TODAY)[1])
                samples["baseline"].append(timed(baseline.top_articles, question, 1)[1])
    print(f"warm latency over {args.repeat} rounds: ask p50 {percentile(samples['qa'], 50):.2f} ms, "
          f"p99 {percentile(samples['qa'], 99):.2f} ms; baseline p50 {percentile(samples['baseline'], 50):.2f} ms, "
          f"p99 {percentile(samples['baseline'], 99):.2f} ms")


def report(name: str, cases: list, rows: dict[str, Row], failures: list) -> None:
    shown = Path(name).resolve()
    shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
    print(f"Q&A evaluation: {len(cases)} cases ({shown})")
    print(f"{'category':<17}{'n':>5}" + "".join(f"{c:>10}" for c in COLUMNS))
    order = ["ALL", "in-scope", "out/not-covered", *IN_SCOPE, "multipart", "dialogue", "out_of_scope", "not_covered"]
    for key in order:
        if key in rows:
            row = rows[key]
            print(f"{key:<17}{row['n']:>5}" + "".join(f"{_cell(row, c):>10}" for c in COLUMNS))
    for case, answer, verdict in failures:
        if case["category"] == "dialogue":
            turns = " / ".join(t["q"] for t in case["turns"])
            print(f"  [dialogue {case.get('id')}] turns right: {answer}  ::  {turns}")
            continue
        got = answer["citations"][0]["id"] if answer["citations"] else None
        flags = ",".join(f"not {k}" for k, v in verdict.items()
                         if k not in ("ok", "covered", "parts", "opposite") and v is False)
        flags += ", OPPOSITE VERDICT" if verdict.get("opposite") else ""
        want = case.get("cite") or [p["cite"] for p in case.get("parts", [])]
        print(f"  [{case['category']}] {case['q']!r}: want {want} / {case.get('fact')} / {case.get('verdict', '')}; "
              f"got answered={answer['answered']} {got} rule={answer['rule']} ({flags}) :: {answer['answer'][:70]}")


if __name__ == "__main__":
    main()
