"""Whatever a user types is plain text: a result or a clear error, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import BadInput
from assistant.runtime import build_snapshot
from tests.conftest import examples

TRICKY = ["第十七条", "第7条第3项", '"', "“", "〔2022〕", "88号", "AND", "OR", "NOT", "*", "?", "(", "）", "\\",
          "公示", "经信局", "取消资格", "綠色", "🌱", "\x00", "\u200b", "<mark>", "&amp;", " ", "art-", "-p1-i"]


@pytest.fixture(scope="module")
def engine(settings):
    return build_snapshot(settings).search


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), max_size=12).map("".join))
def test_any_text_is_searchable(engine, text):
    try:
        result = engine.search(text)
    except BadInput as error:
        assert str(error)
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert hit.highlight.replace("<mark>", "").replace("</mark>", "").count("<") == 0
