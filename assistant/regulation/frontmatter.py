"""What is printed before the first heading: the 印发通知, the title, and a
preamble (adoption and amendment history)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns as P
from .dates import parse_cn_date
from .model import Notice
from .reflow import tidy

_NOTICE_TITLE = re.compile(r"关于(?:印发|发布|公布|颁布|转发|修订)|的(?:通知|决定|公告)$")
_ISSUER_SUFFIX = re.compile(
    r"(委员会|人民政府|政府|办公厅|办公室|厅|局|部|署|中心|委|院|会|总局|总署|小组)$"
)
_HISTORY = re.compile(r"(公布|通过|修订|修正|发布|印发|施行|批准|颁布)\s*[）)]?$")


@dataclass
class Front:
    title: str = ""
    notice: Notice | None = None
    preamble: list[str] = field(default_factory=list)


def normalise_doc_number(text: str) -> str:
    """渝经信规范〔2024〕4 号 / 渝经信规范[2024]4号 → 渝经信规范〔2024〕4号."""
    match = P.DOC_NUMBER.search(text)
    if match:
        return f"{match.group(1)}〔{match.group(2)}〕{int(match.group(3))}号"
    match = P.ORDER_NUMBER.search(text)
    if match:
        return f"{match.group(1)}第{int(match.group(2))}号"
    return re.sub(r"\s+", "", text)


def _title_like(line: str) -> bool:
    return (
        0 < len(line) <= 40
        and not P.ends_terminal(line)
        and not P.DATE_START.match(line)
        and not P.DATE_LINE.match(line)
        and not P.DOC_NUMBER_LINE.match(line)
        and not P.is_parenthetical(line)
        and not _HISTORY.search(line)
        and not line.startswith(("（", "("))
    )


def split_front(lines: list[str], hint_title: str = "") -> Front:
    tidied = [tidy(line) for line in lines]
    front = Front()
    candidates = [i for i, line in enumerate(tidied) if _title_like(line) and not _NOTICE_TITLE.search(line)]
    has_notice = any(
        P.DOC_NUMBER_LINE.match(line) or _NOTICE_TITLE.search(line) for line in tidied
    ) and any(P.DATE_LINE.match(line) for line in tidied)
    if has_notice:
        after_date = [i for i in candidates if any(P.DATE_LINE.match(x) for x in tidied[:i])]
        title_index = after_date[-1] if after_date else None
    else:
        title_index = candidates[0] if candidates else None
    if title_index is not None:
        front.title = tidied[title_index]
    else:
        front.title = hint_title
    if has_notice:
        end = title_index if title_index is not None else len(tidied)
        front.notice = parse_notice(tidied[:end])
        front.preamble = [line for line in tidied[end:] if line and line != front.title]
    else:
        front.preamble = [line for i, line in enumerate(tidied) if i != title_index]
    return front


def parse_notice(lines: list[str]) -> Notice:
    notice = Notice(lines=list(lines))
    used: set[int] = set()
    for i, line in enumerate(lines):
        if _NOTICE_TITLE.search(line) and not notice.title:
            notice.title = line
            used.add(i)
            prefix = line.split("关于", 1)[0] if "关于" in line else ""
            if prefix and _ISSUER_SUFFIX.search(prefix):
                notice.issuer = prefix
        elif P.DOC_NUMBER_LINE.match(line) and not notice.doc_number:
            notice.doc_number = normalise_doc_number(line)
            used.add(i)
    date_index = next((i for i, line in enumerate(lines) if P.DATE_LINE.match(line)), None)
    if date_index is not None:
        notice.date_text = lines[date_index]
        notice.date = parse_cn_date(lines[date_index])
        used.add(date_index)
        before = date_index - 1
        if before >= 0 and before not in used and _title_like(lines[before]):
            notice.signature = lines[before]
            used.add(before)
            if not notice.issuer:
                notice.issuer = notice.signature
        for i in range(date_index + 1, len(lines)):
            if P.is_parenthetical(lines[i]):
                notice.note = lines[i]
                used.add(i)
    for i, line in enumerate(lines):
        if i in used:
            continue
        if not notice.addressees and not notice.body and line.endswith(("：", ":")):
            notice.addressees = line
        else:
            notice.body.append(line)
    return notice
