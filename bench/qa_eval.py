"""Help-desk Q&A accuracy against the plain baseline, by category.

    .venv/bin/python bench/qa_eval.py [--set tests/qa_dev.yaml] [--repeat 5] [--failures]

How an answer is judged: :mod:`assistant.qa.evaluation`. The baseline is the
top article of a stock Whoosh + jieba ChineseAnalyzer search; it "answers"
every question it finds anything for.
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
from assistant.qa.evaluation import IN_SCOPE, article_of, judge
from assistant.runtime import build_snapshot

TODAY = dt.date(2026, 11, 24)


def baseline_ok(case: dict, top: list[str]) -> bool:
    if case["category"] not in IN_SCOPE:
        return not top
    return bool(top) and top[0] == (article_of(case["cite"]) or "").replace("art-", "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default=str(ROOT / "tests" / "qa_dev.yaml"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    cases = yaml.safe_load(Path(args.set).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as data:
        snapshot = build_snapshot(Settings.from_env(data_dir=Path(data)))
        baseline = BaselineSearch(snapshot.kb)
        rows = defaultdict(lambda: {"n": 0, "ok": 0, "article": 0, "base": 0})
        failures = []
        for case in cases:
            answer = snapshot.qa.ask(case["q"], today=TODAY).to_dict()
            verdict = judge(case, answer)
            base = baseline_ok(case, baseline.top_articles(case["q"], limit=1))
            for key in (case["category"], "ALL", "in-scope" if case["category"] in IN_SCOPE else "out/not-covered"):
                row = rows[key]
                row["n"] += 1
                row["ok"] += verdict["ok"]
                row["article"] += verdict["article_ok"]
                row["base"] += base
            if not verdict["ok"]:
                failures.append((case, answer, verdict))
        samples: dict[str, list[float]] = {"qa": [], "baseline": []}
        for case in cases:
            snapshot.qa.ask(case["q"], today=TODAY)
        for _ in range(args.repeat):
            for case in cases:
                samples["qa"].append(timed(snapshot.qa.ask, case["q"], today=TODAY)[1])
                samples["baseline"].append(timed(baseline.top_articles, case["q"], 1)[1])
    print(f"Q&A evaluation: {len(cases)} questions ({args.set})")
    print(f"{'category':<17}{'n':>5}{'Q&A right':>11}{'article':>9}{'baseline':>10}")
    order = ["ALL", "in-scope", "out/not-covered", *IN_SCOPE, "out_of_scope", "not_covered"]
    for key in order:
        if key in rows:
            row = rows[key]
            print(f"{key:<17}{row['n']:>5}{row['ok'] / row['n']:>11.3f}{row['article'] / row['n']:>9.3f}"
                  f"{row['base'] / row['n']:>10.3f}")
    print(f"warm latency over {args.repeat} rounds: ask p50 {percentile(samples['qa'], 50):.2f} ms, "
          f"p99 {percentile(samples['qa'], 99):.2f} ms; baseline p50 {percentile(samples['baseline'], 50):.2f} ms, "
          f"p99 {percentile(samples['baseline'], 99):.2f} ms")
    if args.failures:
        for case, answer, verdict in failures:
            got = answer["citations"][0]["id"] if answer["citations"] else None
            flags = ",".join(k for k, v in verdict.items() if k != "ok" and not v)
            print(f"  [{case['category']}] {case['q']!r}: want {case.get('cite')} / {case.get('fact')}"
                  f"{' / ' + str(case['answer']) if 'answer' in case else ''}; got answered={answer['answered']}"
                  f" {got} rule={answer['rule']} yes_no={answer.get('yes_no')} ({flags}) :: {answer['answer'][:60]}")


if __name__ == "__main__":
    main()
