"""Search at scale: a generated corpus of regulation-shaped documents.

    .venv/bin/python bench/search_scale.py [--docs 1000] [--queries 200]

Reports (does not assert): corpus size, knowledge-base build time, index build
time, index size on disk, and warm query latency p50/p99 — beside the same
figures for the seed corpus.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from common import ROOT, percentile, timed

from assistant import knowledge
from assistant.config import Settings
from assistant.regulation.numerals import int_to_cn
from assistant.runtime import build_snapshot
from assistant.search.indexer import storage_size

DOMAIN = ["企业", "园区", "第三方评价机构", "区县经信部门", "市经济信息委", "节能减排目标", "评价报告", "管理平台",
          "专项资金", "复审", "公示", "现场核实", "绿色金融", "淘汰目录", "管理体系", "专职工作人员", "中长期规划",
          "5个工作日", "30个工作日", "三年", "撤销", "称号", "申报", "认定", "更名", "重组"]


def vocabulary() -> tuple[list[str], list[float]]:
    """Words of jieba's dictionary with their frequencies: generated text then
    has a natural spread of common and rare words, not a handful repeated."""
    import jieba

    words, weights = [], []
    with jieba.get_dict_file() as handle:
        for raw in handle:
            line = raw.decode("utf-8")
            word, freq, *_ = line.split()
            if len(word) >= 2 and int(freq) >= 50:
                words.append(word)
                weights.append(float(freq))
    return words, weights


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words, self.weights = vocabulary()

    def sentence(self) -> str:
        picked = self.rng.choices(self.words, self.weights, k=self.rng.randint(6, 14))
        if self.rng.random() < 0.3:
            picked.insert(self.rng.randrange(len(picked)), self.rng.choice(DOMAIN))
        return "".join(picked)

    def document(self, index: int) -> str:
        rng = self.rng
        lines = [f"某市{self.sentence()[:8]}管理办法（第{index}号）", ""]
        article = 0
        for chapter in range(1, rng.randint(3, 7) + 1):
            lines.append(f"第{int_to_cn(chapter)}章 {self.sentence()[:6]}")
            for _ in range(rng.randint(3, 8)):
                article += 1
                if rng.random() < 0.25:
                    lines.append(f"第{int_to_cn(article)}条 {self.sentence()}，有下列情形之一的，依照本办法处理：")
                    for item in range(1, rng.randint(2, 7) + 1):
                        lines.append(f"（{int_to_cn(item)}）{self.sentence()}；")
                else:
                    body = "；".join(self.sentence() for _ in range(rng.randint(1, 3)))
                    lines.append(f"第{int_to_cn(article)}条 {body}。")
                if rng.random() < 0.2:
                    lines.append(self.sentence() + "。")
        article += 1
        lines.append(f"第{int_to_cn(article)}条 本办法自2024年{rng.randint(1, 12)}月1日起施行。")
        return "\n".join(lines) + "\n"


def measure(corpus: Path, queries: list[str], rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.from_env(data_dir=Path(data), corpus_dir=corpus)
        _, kb_ms = timed(knowledge.build, settings)
        snapshot, total_ms = timed(build_snapshot, settings)
        index_dir = Path(data) / "index" / snapshot.kb.fingerprint
        clauses = len(snapshot.kb.ordered)
        for query in queries:
            snapshot.search.search(query)
        samples = []
        for _ in range(rounds):
            for query in queries:
                samples.append(timed(snapshot.search.search, query)[1])
        return {"documents": len(snapshot.kb.documents), "clauses": clauses, "kb_ms": kb_ms,
                "index_ms": total_ms, "index_bytes": storage_size(index_dir),
                "p50": percentile(samples, 50), "p99": percentile(samples, 99), "n": len(samples)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    relevance = yaml.safe_load((ROOT / "tests" / "search_relevance.yaml").read_text(encoding="utf-8"))
    queries = [case["q"] for case in relevance]
    seed = measure(ROOT / "corpus", queries, args.rounds)
    generator = Generator(20240205)
    with tempfile.TemporaryDirectory() as corpus_dir:
        corpus = Path(corpus_dir)
        shutil.copy(ROOT / "corpus" / "cq-green-certification-2024.txt", corpus)
        started = time.perf_counter()
        for index in range(args.docs):
            (corpus / f"generated-{index:05d}.txt").write_text(generator.document(index), encoding="utf-8")
        generate_ms = (time.perf_counter() - started) * 1000
        scale = measure(corpus, queries, args.rounds)
    print(f"generated {args.docs} documents in {generate_ms:.0f} ms")
    print(f"{'corpus':<12}{'docs':>6}{'clauses':>9}{'kb build':>11}{'index build':>13}{'index size':>12}"
          f"{'query p50':>11}{'p99':>9}")
    for name, row in (("seed", seed), ("generated", scale)):
        print(f"{name:<12}{row['documents']:>6}{row['clauses']:>9}{row['kb_ms'] / 1000:>10.1f}s"
              f"{(row['index_ms'] - 0) / 1000:>12.1f}s{row['index_bytes'] / 1e6:>10.1f}MB"
              f"{row['p50']:>9.2f}ms{row['p99']:>7.2f}ms")
    print(f"(index build = loading the built knowledge base + segmenter + building and loading the index;"
          f" {seed['n']} / {scale['n']} timed queries)")


if __name__ == "__main__":
    main()
