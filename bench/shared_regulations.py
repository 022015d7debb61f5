"""The parser on the real regulations beside the clone (../shared/regulations, never committed): for
each text, the first article, the article count, whether the articles run on without a gap from the
first, and the 编/分编/章/节 parsed beside the heading lines a plain grep finds in the text.

    python bench/shared_regulations.py [DIR]

The grep is deliberately naive (a line that starts, after Markdown's # or **, with 第…编/章/节 and a
title, or nothing when the title wraps onto the next line); where it and the
parser disagree, read the text: a quoted heading inside an amendment is not a heading.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.regulation.parser import parse_regulation  # noqa: E402

HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?第[一二三四五六七八九十百零〇两]+(编|分编|章|节)"
                     r"(?:(?:[\s\u3000]|&emsp;)+\S|\s*$)")
KINDS = ("编", "分编", "章", "节")


def printed_headings(text: str) -> tuple[int, ...]:
    counts = dict.fromkeys(KINDS, 0)
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            counts[match.group(1)] += 1
    return tuple(counts.values())


def row(path: Path) -> tuple[str, bool, bool]:
    text = path.read_text(encoding="utf-8")
    doc = parse_regulation(text, path.name)
    plain = [a.number for a in doc.articles if not a.sub_number]
    extra = len(doc.articles) - len(plain)
    first = doc.first_article or (plain[0] if plain else 0)
    continuous = bool(plain) and plain == list(range(first, first + len(plain)))
    parts = [p for p in doc.parts if p.kind == "part"]
    parsed = (len(parts), len(doc.subparts), len(doc.chapters), len(doc.sections))
    printed = printed_headings(text)
    cells = [path.name, str(first) if plain else "-", f"{len(doc.articles)} ({extra})", "yes" if continuous else "NO",
             "/".join(map(str, parsed)), "/".join(map(str, printed)), "yes" if parsed == printed else "NO"]
    return "| " + " | ".join(cells) + " |", continuous, parsed == printed


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "regulations"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".md", ".txt"))
    print("| file | first article | articles (of which 之N) | continuous from first | 编/分编/章/节 parsed "
          "| heading lines printed (grep) | headings match |")
    print("|---|---|---|---|---|---|---|")
    rows = [row(p) for p in files]
    for line, _, _ in rows:
        print(line)
    continuous = sum(c for _, c, _ in rows)
    headings = sum(h for _, _, h in rows)
    both = sum(c and h for _, c, h in rows)
    print(f"\n{len(rows)} texts: {continuous} continuous from their first article, {headings} with heading counts "
          f"equal to the printed heading lines, {both} both.")


if __name__ == "__main__":
    main()
