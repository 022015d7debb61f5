"""Properties of the parser on generated texts: it never fails and never loses a character."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.regulation.parser import cleaned_text, parse_regulation
from tests.conftest import examples

WHITESPACE = re.compile(r"\s+")
PIECES = [
    "第一章 总则", "第二章", "第一节 一般规定", "第一编", "第一分编 通则", "第二章 甲，乙和",
    "第一条 ", "第二条", "第三条之一 ", "第十四条规定的",
    "（一）", "(二)", "1.", "2、", "附件：", "| a | b |", "<p>", "</p>", "<b>", "&emsp;", "---", ":::",
    "# ", "## ", "本办法自发布之日起30日后施行。", "《某法》（某发〔2020〕1号）", "前款", "2024 年 2 月 5 日",
    "渝经信规范〔2024〕4 号", "（此件公开发布）", "企业应当", "，", "。", "；", "：", " ", "\u3000", "①",
]
line = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=6).map("".join)
document = st.lists(line, max_size=25).map(lambda lines: "\n".join(lines))


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_parse_never_fails_and_keeps_every_character(text):
    if not WHITESPACE.sub("", cleaned_text(text)):
        return
    doc = parse_regulation(text, "generated.txt")
    assert WHITESPACE.sub("", "".join(doc.iter_text())) == WHITESPACE.sub("", cleaned_text(text))
    numbers = [(a.number, a.sub_number) for a in doc.articles]
    assert numbers == sorted(numbers)
