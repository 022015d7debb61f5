"""Masking personal data in what people type, before any of it is stored.

Every place that keeps free user text (the unanswered-question log, chat
sessions and transcripts) stores ``mask(text)``, never the text itself: the
log is for improving the rules, not for knowing who asked.

What is replaced, and by which token (the token says what stood there, so a
masked question still reads as a question):

======================  ==============  ================================================
kind                    token           forms
======================  ==============  ================================================
``email``               ``[邮箱]``      name@host.tld (full-width ＠ too)
``id_card``             ``[身份证号]``  18 digits with a birth date or ending in X/x; 15-digit old cards
``bank_card``           ``[银行卡号]``  16–19 digits, plain or grouped in fours (space or dash)
``credit_code``         ``[信用代码]``  18-character unified social credit code with letters
``phone``               ``[电话]``      mobiles 13x–19x (spaces/dashes, +86/0086/86, full-width,
                                        Chinese numerals 一/幺/两…, mixed); landlines with area code
                                        (023-6388 1234, (023)63881234, +86 23…), 8-digit local numbers,
                                        400/800 numbers, any number after 电话/手机/联系方式/座机/tel
``account``             ``[账号]``      the id after QQ/微信/wechat/vx
``number``              ``[号码]``      any other run of 6+ digits (order and case numbers)
``name``                ``[姓名]``      a name after 我叫/姓名/联系人/我是…; surname + title (王经理, 李老师)
``address``             ``[地址]``      road + house number (金开大道68号3栋), estate + building (…小区3栋2单元)
======================  ==============  ================================================

Not masked, because the regulation and ordinary questions are full of them: dates (2024年2月5日,
2026-03-01, 20240205), years, document numbers (渝经信规范〔2024〕4号), counts and periods (30个工作日,
三年, 第十七条第（三）项), percentages and amounts followed by a unit (20000000元).

Names and addresses cannot be found reliably by rules, so :func:`scan` also *flags* text that probably
holds one (``flags`` ⊆ {"name", "address"}) for staff to check; no ML, only cue words and patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textnorm import fold_aligned

TOKENS = {"email": "[邮箱]", "id_card": "[身份证号]", "bank_card": "[银行卡号]", "credit_code": "[信用代码]",
          "phone": "[电话]", "account": "[账号]", "number": "[号码]", "name": "[姓名]", "address": "[地址]"}
FLAG_LABELS = {"name": "姓名", "address": "地址"}

# Chinese numerals as people read out phone numbers (幺 for 1, 两 for 2, 洞/拐/勾 in radio style); one
# character for one, so a match in the digit view is a span of the original text.
_NUMERALS = str.maketrans("〇零○洞一幺二两三四五六七拐八九勾", "00001122345677899")
_UNIT = re.compile(r"\s?(?:[元万亿千百吨年月日号个人家项条次天米亩度瓦台套件份名位户倍岁期批届%‰]|kw|kg|m2|小时|平方)")
_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:(?:0[1-9]|[12]\d|3[01]))?")

_AREA = r"0(?:10|2\d|[3-9]\d{2})"
_BIRTH = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_SURNAME = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
            "姜崔钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤")
_GIVEN = r"[^\W\d_a-z的了是在想问要请电手号码我你他她们公司企业园区工厂和与及或吗呢吧啊能可会就也都还]"
_TITLE = r"(?:经理|主任|老师|先生|女士|小姐|师傅|总监|科长|处长|厂长|局长|部长|书记|总工|会计)"
# Characters that end a place name before a road (区, 在, 地址…), so a match starts at the road's name.
_PLACE = r"[^\W\d_a-z省市区县镇乡旗址位于在住到是为的了我们你司厂家和与及或从往向去]"
_HOUSE = r"[0-9一二三四五六七八九十百〇零]+"
_UNITS = rf"(?:[\-附]?{_HOUSE}(?:栋|幢|座|号楼|单元|楼|层|室|号)?){{0,4}}"


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern
    view: str  # "digits": numerals read as digits; "folded": only full-width/traditional folded
    check: str = ""  # extra test of the match, see _plausible


def _rule(kind: str, pattern: str, view: str = "digits", check: str = "") -> _Rule:
    return _Rule(kind, re.compile(pattern, re.IGNORECASE), view, check)


# In priority order: a span taken by an earlier rule is not looked at again (an ID number holds
# what would pass for a mobile number).
_RULES = [
    _rule("email", r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", "folded"),
    _rule("id_card", rf"(?<!\d)(?:[1-9]\d{{5}}[ \-]?{_BIRTH}[ \-]?\d{{3}}[\dx]|\d{{17}}x|[1-9]\d{{7}}"
                     rf"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{{3}})(?![\dx])"),
    _rule("bank_card", r"(?<!\d)(?:\d{16,19}|\d{4}(?:[ \-]\d{4}){3}(?:[ \-]?\d{1,3})?|\d{6}[ \-]\d{10,13})(?!\d)"),
    _rule("credit_code", r"(?<![0-9a-z])[0-9a-hj-npqrtuwxy]{2}\d{6}[0-9a-hj-npqrtuwxy]{10}(?![0-9a-z])", "folded"),
    _rule("phone", r"(?<![\d+])(?:(?:\+|00)\s?86[ \-]?|\(\s?\+?86\s?\)\s?|86[ \-]?)?1[3-9]\d(?:[ \-]?\d){8}(?!\d)",
          check="unit"),
    _rule("phone", rf"(?<!\d)(?:(?:\+|00)\s?86[ \-]?\(?0?|\(\s?)?(?:{_AREA}|(?<=86[ \-(])(?:10|2\d|[3-9]\d{{2}}))"
                   rf"\s?\)?[ \-]?[1-9]\d{{2,3}}[ \-]?\d{{4}}(?:\s?(?:转|-|ext\.?)\s?\d{{1,5}})?(?!\d)", check="unit"),
    _rule("phone", r"(?<!\d)[48]00(?:[ \-]?\d){7}(?!\d)", check="unit"),
    _rule("phone", r"(?<![\d.\-〔\[第])[2-9]\d{3}[ \-]?\d{4}(?![\d.\-〕\]])", check="local"),
    _rule("phone", r"(?:电话|手机号?|联系方式|座机|(?<![a-z])(?:tel|phone|mobile))\s*(?:号码|号)?\s*(?:是|为)?"
                   r"\s*[:：]?\s*(?P<m>\+?\(?\d(?:[ \-()]?\d){4,15})"),
    _rule("account", r"(?:(?<![a-z])(?:qq|wechat|vx|wx)|微信)\s*(?:号码|号|id)?\s*(?:是|为)?\s*[:：]?\s*"
                     r"(?P<m>[a-z0-9][a-z0-9_\-]{4,19})(?![a-z0-9_\-])", "folded"),
    # Runs of Chinese numerals alone are counting (一二三四五六), not a number to hide.
    _rule("number", r"(?<![\d.])\d{6,}(?![\d.])", "folded", check="number"),
    _rule("name", rf"(?:我叫|我的名字(?:是|叫)|名字叫|本人姓名(?:是|为)?|姓名(?:是|为|叫)?\s*[:：]?|"
                  rf"联系人(?:是|为)?\s*[:：]?|免贵姓)\s*(?P<m>[{_SURNAME}]{_GIVEN}{{0,2}}(?:{_TITLE})?)", "folded"),
    _rule("name", rf"我是(?P<m>[{_SURNAME}](?:{_TITLE}|{_GIVEN}{{1,2}}(?=[，,。.！!？?\s]|$)))", "folded"),
    _rule("name", rf"[{_SURNAME}]{_TITLE}", "folded"),
    _rule("address", rf"{_PLACE}{{1,8}}(?:大道|大街|街道|路|街|巷|弄|胡同)(?:{_HOUSE}(?:支路|巷))?{_HOUSE}号{_UNITS}",
          "folded"),
    _rule("address", rf"{_PLACE}{{1,8}}(?:小区|大厦|花园|公寓|苑){_HOUSE}(?:栋|幢|座|号楼|单元|楼|层|室){_UNITS}",
          "folded"),
]

# Text that probably still holds a name or an address although nothing was masked: staff should look.
_SUSPECT = {
    "name": re.compile(r"(?:我叫|我的名字|本人姓名|姓名\s*(?:是(?!否)|为|[:：]))\s*[\u4e00-\u9fff]|"
                       r"联系人\s*(?:是|为|[:：])?\s*[\u4e00-\u9fff]{1,3}(?:先生|女士|经理|总)|"
                       r"[\u4e00-\u9fff](?:先生|女士|小姐)"),
    "address": re.compile(r"(?:住址|家住|住在|现住|我家在|(?:地址|位置)(?!是否)(?:是|为|[:：])\s*[^，。？?！!]{0,20}?"
                          r"(?:省|市|区|县|镇|乡|街道|村|路|街|巷|号))|"
                          r"[\u4e00-\u9fff]{2,6}(?:区|县)[\u4e00-\u9fff]{2,6}(?:街道|镇|乡)"),
}


@dataclass(frozen=True)
class Masked:
    text: str
    kinds: frozenset[str]  # what was replaced (keys of TOKENS)
    flags: frozenset[str]  # "name" / "address": probably in the text, masked or not; for staff to check


def _plausible(rule: _Rule, view: str, match: re.Match) -> bool:
    """The checks a pattern cannot express: a number followed by a unit is an amount, an 8-digit
    run may be a date (20240205) and 2024-2025 a span of years."""
    if rule.check and _UNIT.match(view, match.end()):
        return False
    digits = re.sub(r"\D", "", match.group())
    if rule.check in ("local", "number") and _DATE.fullmatch(digits):
        return False
    if rule.check == "local" and len(match.group()) > 8:
        return not re.fullmatch(r"(?:19|20)\d{2}", digits[:4])  # 2024 2025, 2024-0205: years, not a number
    return True


def scan(text: str) -> Masked:
    """*text* with personal data replaced by :data:`TOKENS`, what was replaced and what to check."""
    if not text:
        return Masked(text or "", frozenset(), frozenset())
    folded = fold_aligned(text)
    views = {"folded": folded, "digits": folded.translate(_NUMERALS)}
    taken: list[tuple[int, int, str]] = []
    for rule in _RULES:
        view = views[rule.view]
        for match in rule.pattern.finditer(view):
            start, end = match.span("m") if "m" in rule.pattern.groupindex else match.span()
            if start == end or any(start < e and s < end for s, e, _ in taken):
                continue
            if _plausible(rule, view, match):
                taken.append((start, end, rule.kind))
    out, cursor = [], 0
    for start, end, kind in sorted(taken):
        out += [text[cursor:start], TOKENS[kind]]
        cursor = end
    out.append(text[cursor:])
    kinds = frozenset(kind for _, _, kind in taken)
    suspected = {flag for flag, pattern in _SUSPECT.items() if pattern.search(folded)}
    return Masked("".join(out), kinds, frozenset((kinds & set(FLAG_LABELS)) | suspected))


def mask(text: str) -> str:
    """*text* with every personal datum it recognises replaced (see the module docstring)."""
    return scan(text).text


def flags(text: str) -> frozenset[str]:
    """{"name", "address"} or a part of it: what *text* probably holds and staff should check."""
    return scan(text).flags


def describe(flagged) -> str:
    """可能含姓名/地址 for staff pages; empty when nothing is flagged."""
    labels = [FLAG_LABELS[f] for f in sorted(flagged, key=list(FLAG_LABELS).index) if f in FLAG_LABELS]
    return f"可能含{'/'.join(labels)}" if labels else ""
