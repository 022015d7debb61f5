"""A question with several questions in it is several questions.

- Sentences: 公示几天？有异议怎么办？ — each sentence that asks something is a part (a later part may
  lean on an earlier one: …要在多长时间内报调整？通过谁报上去？).
- Clauses: 这份通知是哪个部门发的，文号是多少？ — clauses that each ask with a question word of their own.
- Pairs: 园区和工厂在…上有什么不同？ 市经信委和区县经信部门分别管什么？ 出了事故和提供虚假材料分别是第几项？
  — with a word that compares or distributes (区别, 分别…), one part for each thing of the pair, the
  others left out; 第一项和第三项分别讲的啥？ one part per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge.concepts import Concept
from .understanding import Analysis

_SENTENCES = re.compile(r"(?<=[？?；;])")
_CLAUSES = re.compile(r"(?<=[，,])")
_NUMBER = r"[（(]?([一二三四五六七八九十\d]{1,3})[）)]?"
_ITEMS = re.compile(rf"第\s*{_NUMBER}\s*项?\s*[和与及、]\s*第?\s*{_NUMBER}\s*项")
PAIRED_KINDS = (("subject",), ("body",), ("condition", "sanction"), ("procedure",), ("benefit",), ("document",))
ASKING = ("who", "when", "duration", "count", "howto", "list", "consequence", "which_article", "definition",
          "details", "yesno", "amount", "threshold")


@dataclass
class Part:
    text: str
    analysis: Analysis


def split(question: str, analysis: Analysis, analyse, concepts: dict[str, Concept], compare: list[str]) -> list[Part]:
    """The parts of *question* (one, when it asks one thing). *analyse* reads a piece of text."""
    sentences = [s for s in (p.strip(" ，,") for p in _SENTENCES.split(analysis.text)) if _asks(s)]
    if len(sentences) > 1:
        out: list[Part] = []
        for sentence in sentences:
            out += split(sentence, analyse(sentence), analyse, concepts, compare) or [Part(sentence, analyse(sentence))]
        return out
    pairs = _pairs(analysis, concepts, compare, analyse)
    if pairs:
        return pairs
    items = _ITEMS.search(analysis.text)
    if items and any(w in analysis.text for w in compare):
        return [Part(analysis.text[: items.start()] + f"第{n}项" + analysis.text[items.end():],
                     analyse(analysis.text[: items.start()] + f"第{n}项" + analysis.text[items.end():]))
                for n in items.groups()]
    clauses = [c.strip(" ，,？?") for c in _CLAUSES.split(analysis.text)]
    if len(clauses) > 1:
        readings = [analyse(c) for c in clauses]
        if all(set(r.intents) & set(ASKING) - {"yesno"} for r in readings):
            return [Part(c, r) for c, r in zip(clauses, readings, strict=True)]
    return []


def _asks(sentence: str) -> bool:
    return len(re.sub(r"[\W_]", "", sentence)) >= 2


def _pairs(analysis: Analysis, concepts: dict[str, Concept], compare: list[str], analyse) -> list[Part]:
    """园区和工厂…有什么不同？ — the things joined by 和, 与, 及, 、 each asked about alone, the sentence
    otherwise as it was (园区…有什么不同？ 工厂…有什么不同？)."""
    if not any(w in analysis.text for w in compare):
        return []
    text = analysis.text
    spans = sorted({(text.find(f), text.find(f) + len(f), c) for c, forms in analysis.concepts.items()
                    if c in concepts for f in forms if not f.startswith("(") and f in text})
    spans = [s for i, s in enumerate(spans) if not any(o[:2] == s[:2] for o in spans[:i])]  # one concept a word
    spans = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[:2] != s[:2] for o in spans)]
    chains = []
    for kinds in PAIRED_KINDS:
        chain: list[tuple[int, int, str]] = []
        for span in (s for s in spans if concepts[s[2]].kind in kinds):
            if chain and _joined(text[chain[-1][1]: span[0]]):
                chain.append(span)
            elif len(chain) < 2:
                chain = [span]
        if len(chain) >= 2:
            chains.append(chain)
    if not chains:
        return []
    chain = min(chains, key=lambda c: c[0][0])  # the pair asked about comes first (市经信委和区县经信部门…)
    start, end = chain[0][0], chain[-1][1]
    pieces = [text[:start] + text[a:b] + text[end:] for a, b, _ in chain]
    return [Part(piece, analyse(piece)) for piece in pieces]


def _joined(gap: str) -> bool:
    """Two names are coordinated when only a conjunction (and a verb of the second) stands between them."""
    return 0 < len(gap) <= 4 and any(ch in gap for ch in "和与及、跟或")
