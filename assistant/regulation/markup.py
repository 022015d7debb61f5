"""Strip the markup that regulation texts arrive in (Markdown, HTML, YAML
front matter, site chrome) down to plain lines of text.

What is removed here is presentation, never wording: a character of the
regulation that survives this step must survive parsing too (the
faithfulness test checks it).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_BLOCK_BREAK = re.compile(r"<\s*(?:br|/p|p|/div|div|/tr|tr|/li|li)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ANCHOR_LINK = re.compile(r"\[([^\]]*)\]\(#[^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|/)[^)]*\)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_ATTRS = re.compile(r"\s*\{[^{}]*=[^{}]*\}\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_CONTAINER = re.compile(r"^\s*:::")
_TAB = re.compile(r"^\s*@tab\b")
_TOC = re.compile(r"^\s*\[\[toc\]\]\s*$", re.I)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST_MARK = re.compile(r"^\s*[-*+]\s+")
_FM_KEY = re.compile(r"^(\w+)\s*:\s*(.*)$")
# Page numbers left by PDF extraction: "- 3 -", "— 12 —", "3", "第 3 页".
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$")


@dataclass
class Stripped:
    """Plain lines plus what the markup itself told us (front-matter keys)."""

    lines: list[str]
    hints: dict[str, str] = field(default_factory=dict)


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    hints = {}
    for line in match.group(1).splitlines():
        key = _FM_KEY.match(line)
        if key and key.group(2).strip():
            hints[key.group(1)] = key.group(2).strip().strip("'\"")
    return text[match.end():], hints


def _skip_navigation(lines: list[str]) -> list[str]:
    """Drop table-of-contents blocks (``::: details 目录`` … ``:::``).

    They repeat article numbers (第1~20条) and would confuse the parser.
    """
    kept: list[str] = []
    depth = 0
    nav_depth = None
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(":::"):
            opener = stripped[3:].strip()
            if opener:
                depth += 1
                if nav_depth is None and "目录" in opener:
                    nav_depth = depth
            else:
                # Sites often close nested containers with a single ":::".
                if nav_depth is not None:
                    depth = nav_depth
                    nav_depth = None
                depth = max(depth - 1, 0)
            continue
        if nav_depth is not None and _HEADING.match(line):
            nav_depth = None
        if nav_depth is None:
            kept.append(line)
    return kept


def strip_markup(text: str) -> Stripped:
    """Return the plain text lines of *text*, with markup removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text, hints = _front_matter(text)
    text = _COMMENT.sub("\n", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _BLOCK_BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    lines = _skip_navigation(text.split("\n"))
    out: list[str] = []
    for line in lines:
        if _TAB.match(line) or _TOC.match(line) or _RULE.match(line) or _CONTAINER.match(line):
            continue
        if _PAGE_NUMBER.match(line):
            continue
        if _TABLE_RULE.match(line) and "-" in line:
            continue
        line = html.unescape(line)
        line = _ANCHOR_LINK.sub(lambda m: "" if m.group(1).isdigit() else m.group(1), line)
        line = _LINK.sub(r"\1", line)
        line = _HEADING.sub("", line)
        line = _ATTRS.sub("", line)
        line = _EMPHASIS.sub(r"\2", line)
        line = _LIST_MARK.sub("", line)
        line = line.replace("\u00a0", " ")
        out.append(line.rstrip())
    return Stripped(out, hints)
