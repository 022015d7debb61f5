"""How fast one command line call answers, from process start to exit.

    .venv/bin/python bench/startup.py [--rounds 15]

Every round runs each command once, in a shuffled order (so that a busy moment of the machine falls on
all of them alike), then prints the median wall time of each and its ratio to the floor: the time jieba
alone needs to load its dictionary (``python -c "import jieba; jieba.initialize()"``). The commands use
a data directory prepared once (knowledge base, index and caches built), as a deployed assistant has.

The plain peer is the stock Whoosh + jieba ``ChineseAnalyzer`` over the measures' articles, opening an
index prepared once on disk and answering one query.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time

from common import ROOT

PEER = r'''
import sys, warnings
from whoosh import index
from whoosh.qparser import OrGroup, QueryParser
warnings.simplefilter("ignore")
from jieba.analyse import ChineseAnalyzer  # noqa: F401 - the analyzer pickled in the index
ix = index.open_dir(sys.argv[1])
with ix.searcher() as searcher:
    query = QueryParser("content", ix.schema, group=OrGroup).parse(sys.argv[2])
    for hit in searcher.search(query, limit=10):
        print(hit["article"])
'''

PEER_BUILD = r'''
import sys, warnings
from whoosh.fields import ID, TEXT, Schema
from whoosh import index
warnings.simplefilter("ignore")
from jieba.analyse import ChineseAnalyzer
from assistant.config import Settings
from assistant.knowledge import load
kb, _ = load(Settings.from_env())
schema = Schema(article=ID(stored=True), content=TEXT(analyzer=ChineseAnalyzer()))
ix = index.create_in(sys.argv[1], schema)
writer = ix.writer()
for clause in kb.clauses():
    if clause.kind in ("article", "notice"):
        writer.add_document(article=str(clause.article or "notice"), content=clause.text)
writer.commit()
'''


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as peer_index:
        cli = [python, "-m", "assistant", "--data-dir", data]
        commands = {
            "floor: import jieba; jieba.initialize()": [python, "-c", "import jieba; jieba.initialize()"],
            "show 17": [*cli, "show", "17"],
            "search 公示": [*cli, "search", "公示"],
            "ask 公示期多长": [*cli, "ask", "公示期多长"],
            "plain peer: Whoosh + jieba query": [python, "-c", PEER, peer_index, "公示"],
        }
        subprocess.run([python, "-c", PEER_BUILD, peer_index], cwd=ROOT, check=True)
        for command in commands.values():  # warm: build the data directory, fill the OS file cache
            run(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            order = list(commands)
            random.shuffle(order)
            for name in order:
                times[name].append(run(commands[name]))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["floor: import jieba; jieba.initialize()"]
    print(f"Command start-up, median of {args.rounds} interleaved rounds (wall time, warm data directory)")
    print(f"{'command':<38}{'median':>9}{'× floor':>9}{'min':>8}{'max':>8}")
    for name, values in times.items():
        print(f"{name:<38}{medians[name]:>8.2f}s{medians[name] / floor:>9.2f}{min(values):>7.2f}s{max(values):>7.2f}s")


if __name__ == "__main__":
    main()
