"""How clauses are quoted in answers: an item never without the lead-in of its 款 (（四）被发现提供虚假
材料和数据的 means nothing without 有下列情形之一的，撤销其…称号), and a long answer that lists items is
laid out as its opening line followed by one line per item."""

from __future__ import annotations

import re

from ..knowledge.clauses import Clause

LONG = 90  # characters: a listing answer longer than this is laid out one item per line
_ITEM = re.compile(r"（[一二三四五六七八九十]+）")
_END = re.compile(r"[；;，,、]$")


def quoted(clause: Clause) -> str:
    """The clause as it is quoted: an item with the lead-in of its 款, ending as a sentence."""
    text = clause.text.strip()
    if clause.kind == "item" and clause.lead:
        text = clause.lead + text
    return _END.sub("。", text)


def laid_out(text: str) -> str:
    """*text* with each listed item (（一）…（二）…) on a line of its own when it is long: the
    first line is what the list is (申报绿色工厂的基本条件：)."""
    if len(text) <= LONG or "\n" in text:
        return text
    marks = list(_ITEM.finditer(text))
    if len(marks) < 2 or marks[0].group() != "（一）":
        return text
    out, last = [], 0
    for mark in marks:
        out.append(text[last:mark.start()])
        last = mark.start()
    out.append(text[last:])
    if out[0].endswith("："):  # 申报绿色工厂的基本条件（共8项）：
        out[0] = f"{out[0][:-1]}（共{len(marks)}项）："
    return "\n".join(line for line in out if line)


_COUNT = re.compile(r"（共\d+项）")


def says_verbatim(answer: str, text: str) -> bool:
    """Whether *answer* already gives *text* word for word (laid out or not): it is not quoted twice."""
    return text in _COUNT.sub("", answer.replace("\n", ""))
