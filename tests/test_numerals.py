from __future__ import annotations

import pytest

from assistant.regulation.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十七", 17), ("二十", 20), ("二十四", 24), ("一百", 100),
    ("一百零五", 105), ("一百二十", 120), ("四百五十二", 452), ("一千零一", 1001),
    ("二〇二四", 2024), ("17", 17), ("１７", 17), ("两百", 200),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("value", [1, 9, 10, 11, 17, 20, 24, 99, 100, 101, 110, 120, 452, 999, 1000, 1005])
def test_round_trip(value):
    assert cn_to_int(int_to_cn(value)) == value


@pytest.mark.parametrize(("value", "text"), [(10, "十"), (17, "十七"), (105, "一百零五"), (110, "一百一十")])
def test_printed_form(value, text):
    assert int_to_cn(value) == text


@pytest.mark.parametrize("bad", ["", "三方", "abc"])
def test_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        cn_to_int(bad)
