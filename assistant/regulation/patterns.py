"""Regular expressions for the printed structure of Chinese regulations.

Shared by the reflow step (which must not glue a heading onto the line
before it) and the structure parser (which must tell a heading from a
cross-reference that happens to start a line).
"""

from __future__ import annotations

import re

NUM = r"[零〇○一二两三四五六七八九十百千\d０-９]+"
SPACE = r"[\s\u3000\u2003\u00a0]"

# PDF extraction often spaces out numbers (第 17 条, 第 二 章): allowed around the number.
_S = rf"{SPACE}*"


def _heading(unit: str, title: str) -> re.Pattern[str]:
    return re.compile(rf"^第{_S}({NUM}){_S}{unit}{title}$")


_SPACED_TITLE = rf"(?:{SPACE}+|$)(.*)"
# 分编 (a code's 编 split in two, 民法典合同编第一分编) sits between 编 and 章.
_UNITS = ("编", "分编", "章", "节")
PART, SUBPART, CHAPTER, SECTION = (_heading(unit, _SPACED_TITLE) for unit in _UNITS)
# Heading words glued to the title without a space (第一章总则) are also
# printed; the structure parser accepts them only when the rest is short.
PART_TIGHT, SUBPART_TIGHT, CHAPTER_TIGHT, SECTION_TIGHT = (_heading(unit, r"(.{1,20})") for unit in _UNITS)
# A title with punctuation or longer than a usual one, possibly wrapped onto a
# second line (re.S): a heading only if the structure parser confirms it.
_LONG = {unit: re.compile(rf"^第{_S}({NUM}){_S}{unit}{SPACE}+(.+)$", re.S) for unit in _UNITS}

ARTICLE = re.compile(
    rf"^第{_S}({NUM}){_S}条(?:之({NUM}))?(?:({SPACE}+|{SPACE}*[：:]{SPACE}*)|$)(.*)$", re.S)
ARTICLE_TIGHT = re.compile(rf"^第{_S}({NUM}){_S}条(?:之({NUM}))?(.+)$", re.S)
# What follows 第X条 when it is a reference inside a sentence, not a heading.
REFERENCE_TAIL = re.compile(
    r"^(?:规定|的|第|、|，|,|。|；|至|到|和|与|及|或|所|中|之|款|项|以|外|以外|"
    r"有关|相关|执行|办理|处罚|确定|要求|情形|列举|所列|所称|设立|\(|（|〔)"
)

ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$", re.S)
SUBITEM = re.compile(r"^[（(]?(\d{1,2})(?:[.．、](?!\d)|[)）])\s*(.*)$", re.S)
CIRCLED = re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")

DATE = re.compile(
    rf"({NUM}|\d{{4}})\s*年\s*({NUM}|\d{{1,2}})\s*月\s*({NUM}|\d{{1,2}})\s*日"
)
DATE_LINE = re.compile(
    r"^[（(]?\s*(?:\d{4}|[零〇○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*(?:印发|发布|公布|施行)?\s*[）)]?$"
)
DATE_START = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fa5]{1,16}?)\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,5})\s*号"
)
DOC_NUMBER_LINE = re.compile(
    r"^[\u4e00-\u9fa5]{1,16}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,5}\s*号$"
)
# 国务院令第531号; the issuer starts after a date or "以" (…日以粤府令第197号公布).
ORDER_NUMBER = re.compile(
    r"(?:(?<=日)|(?<=以)|(?<=\s)|^)((?!以)[\u4e00-\u9fa5]{2,24}?令)\s*第\s*(\d{1,5})\s*号"
)

TERMINAL = "。；：！？…;:!?"
CLOSERS = "”’」』）)》〉】"
APPENDIX_START = re.compile(r"^(?:附件|附表|附录|附：|附:|附\s*$)")
TABLE_ROW = re.compile(r"^\|.*\|$")


def ends_terminal(line: str) -> bool:
    """True when *line* ends a sentence (closing quotes/brackets ignored)."""
    stripped = line.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def is_parenthetical(line: str) -> bool:
    """A line that is one bracketed remark, e.g. （此件公开发布）."""
    line = line.strip()
    if len(line) < 2 or line[0] not in "（(" or line[-1] not in "）)":
        return False
    depth = 0
    for index, ch in enumerate(line):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0 and index != len(line) - 1:
                return False
    return depth == 0


def heading_match(line: str):
    """Return ('part'|'subpart'|'chapter'|'section', match) for a heading line, else None."""
    line = line.strip()
    for kind, loose, tight in (
        ("part", PART, PART_TIGHT),
        ("subpart", SUBPART, SUBPART_TIGHT),
        ("chapter", CHAPTER, CHAPTER_TIGHT),
        ("section", SECTION, SECTION_TIGHT),
    ):
        match = loose.match(line)
        if match and _short_title(match.group(2)):
            return kind, match
        match = tight.match(line)
        if match and _short_title(match.group(2)) and not REFERENCE_TAIL.match(match.group(2)):
            return kind, match
    return None


def long_heading_match(line: str):
    """A candidate heading whose title is punctuated, long or wrapped.

    第五节 生活、卫生。 and 第三章 审查和批准决算，听取和审议… are headings,
    but so would be a sentence that starts 第三章 … at a line start; the
    caller must check the numbering and what follows.
    """
    line = line.strip()
    for kind, unit in zip(("part", "subpart", "chapter", "section"), _UNITS, strict=True):
        match = _LONG[unit].match(line)
        if not match:
            continue
        title = re.sub(rf"{SPACE}+", "", match.group(2))
        if len(title) <= 60 and not REFERENCE_TAIL.match(title) and not any(ch in title for ch in "：:"):
            return kind, match
    return None


def _short_title(title: str) -> bool:
    title = title.strip()
    if len(title) > 30:
        return False
    return not any(ch in title for ch in "。；，,;：:")
