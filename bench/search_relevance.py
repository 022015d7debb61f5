"""Relevance and latency of clause search against the plain baseline.

    .venv/bin/python bench/search_relevance.py [--set tests/search_relevance.yaml] [--repeat 20] [--failures]

Prints recall@1, recall@3 and MRR for this search and for the baseline (stock
Whoosh + jieba ChineseAnalyzer over whole articles), overall and per category,
then warm query latency p50/p99 of both, and how many queries show a clause
(款, 项, 目) above its own article in the first ten results (the grouping of
issue 16 makes that zero).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml
from baseline import BaselineSearch
from common import ROOT, percentile, timed

from assistant.config import Settings
from assistant.runtime import build_snapshot


def expected_set(case: dict) -> set[str]:
    values = [case["article"], *case.get("also", [])]
    return {str(v) for v in values}


def our_top(snapshot, query: str) -> list[str]:
    try:
        result = snapshot.search.search(query, limit=3)
    except Exception:
        return []
    return [str(h.clause.article) if h.clause.article is not None else "notice" for h in result.hits]


def above_article(snapshot, query: str) -> bool:
    """Whether the first ten results show a 款, 项 or 目 above its own article
    (each hit, then the clauses listed under it, in display order)."""
    try:
        result = snapshot.search.search(query, limit=10)
    except Exception:
        return False
    shown = [c for h in result.hits if not h.pinpoint for c in (h.clause, *(m[0] for m in h.matches))]
    ids = [(c.doc, c.id) for c in shown]
    for i, clause in enumerate(shown):
        article = snapshot.kb.article_of(clause) if clause.kind in ("paragraph", "item", "subitem") else None
        key = (article.doc, article.id) if article is not None else None
        if key is not None and key in ids[i + 1:] and key not in ids[:i]:
            return True
    return False


def scores(ranked: list[str], case: dict) -> tuple[float, float, float]:
    wanted = expected_set(case)
    first = next((i for i, a in enumerate(ranked) if a in wanted), None)
    return (1.0 if first == 0 else 0.0, 1.0 if first is not None and first < 3 else 0.0,
            1.0 / (first + 1) if first is not None else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default=str(ROOT / "tests" / "search_relevance.yaml"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--failures", action="store_true", help="list the queries whose expected article is not first")
    args = parser.parse_args()
    cases = yaml.safe_load(Path(args.set).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.from_env(data_dir=Path(data))
        snapshot = build_snapshot(settings)
        baseline = BaselineSearch(snapshot.kb)
        systems = {"search": lambda q: our_top(snapshot, q), "baseline": baseline.top_articles}
        table: dict[str, dict[str, list[tuple[float, float, float]]]] = {s: defaultdict(list) for s in systems}
        misses = []
        disordered = [case["q"] for case in cases if above_article(snapshot, case["q"])]
        for case in cases:
            for name, run in systems.items():
                result = scores(run(case["q"]), case)
                table[name][case["category"]].append(result)
                table[name]["ALL"].append(result)
                if name == "search" and result[0] == 0.0:
                    misses.append((case["q"], case["article"], run(case["q"]), result[1] > 0))
        latency = {}
        for name, run in systems.items():
            for case in cases:
                run(case["q"])  # warm
            samples = []
            for _ in range(args.repeat):
                for case in cases:
                    samples.append(timed(run, case["q"])[1])
            latency[name] = samples
    categories = ["ALL", *sorted(k for k in table["search"] if k != "ALL")]
    print(f"relevance set: {len(cases)} queries ({args.set})")
    print(f"{'category':<14}{'n':>4}   {'search R@1':>10}{'R@3':>7}{'MRR':>7}"
          f"   {'baseline R@1':>12}{'R@3':>7}{'MRR':>7}")
    for category in categories:
        ours = table["search"][category]
        base = table["baseline"][category]

        def avg(rows, i):
            return sum(r[i] for r in rows) / len(rows)

        print(f"{category:<14}{len(ours):>4}   {avg(ours, 0):>10.3f}{avg(ours, 1):>7.3f}{avg(ours, 2):>7.3f}"
              f"   {avg(base, 0):>12.3f}{avg(base, 1):>7.3f}{avg(base, 2):>7.3f}")
    synonym_like = [c for c in categories if c in ("synonym", "abbreviation", "traditional", "number")]
    ours = [r for c in synonym_like for r in table["search"][c]]
    base = [r for c in synonym_like for r in table["baseline"][c]]
    print(f"{'syn+abbr+trad+num':<14}{len(ours):>4}   {'':>10}{sum(r[1] for r in ours) / len(ours):>7.3f}"
          f"{'':>7}   {'':>12}{sum(r[1] for r in base) / len(base):>7.3f}")
    print(f"warm latency over {args.repeat} rounds: "
          f"search p50 {percentile(latency['search'], 50):.2f} ms, "
          f"p99 {percentile(latency['search'], 99):.2f} ms; "
          f"baseline p50 {percentile(latency['baseline'], 50):.2f} ms, "
          f"p99 {percentile(latency['baseline'], 99):.2f} ms")
    print(f"a clause above its own article (first 10 results): {len(disordered)} of {len(cases)} queries")
    if args.failures:
        for query in disordered:
            print(f"  ABOVE ITS ARTICLE {query!r}")
        for query, article, got, in_top3 in misses:
            print(f"  {'not first' if in_top3 else 'MISS'} {query!r}: expected {article}, got {got}")


if __name__ == "__main__":
    main()
