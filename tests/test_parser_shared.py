"""The parser on real regulations it was not written for (../shared/regulations).

The texts are not committed; where they are absent the test is skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from assistant.config import PROJECT_ROOT
from assistant.regulation.parser import cleaned_text, parse_regulation
from tests.conftest import FIXTURES

# Beside the clone (../shared/regulations), or wherever ASSISTANT_SHARED_REGULATIONS points.
_CANDIDATES = [os.environ.get("ASSISTANT_SHARED_REGULATIONS", ""), PROJECT_ROOT.parent / "shared" / "regulations"]
SHARED = next((Path(c) for c in _CANDIDATES if c and Path(c).is_dir()), Path("shared-regulations-not-found"))
EXPECTED = yaml.safe_load((FIXTURES / "shared_regulations.yaml").read_text(encoding="utf-8"))
WHITESPACE = re.compile(r"\s+")


@pytest.mark.parametrize("case", EXPECTED, ids=[c["file"] for c in EXPECTED])
def test_real_regulation(case):
    path = SHARED / case["file"]
    if not path.exists():
        pytest.skip(f"{path} not present on this machine")
    text = path.read_text(encoding="utf-8")
    doc = parse_regulation(text, path.name)
    plain = [a.number for a in doc.articles if not a.sub_number]
    # Most texts start at 第一条; one 编 of a code or an amendment does not.
    first = case.get("first", 1)
    assert plain == list(range(first, first + case["articles"]))
    assert doc.first_article == first
    assert len(doc.articles) - len(plain) == case["extra"]
    assert (len(doc.parts), len(doc.chapters), len(doc.sections)) == (
        case["parts"], case["chapters"], case["sections"])
    assert WHITESPACE.sub("", "".join(doc.iter_text())) == WHITESPACE.sub("", cleaned_text(text))
