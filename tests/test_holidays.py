"""The holiday table is data: ``kb/holidays.yaml`` (each year with its notice), over chinese-calendar,
and a file of the same form in the data directory that staff use to add a year without a release.

The 2027 schedule below is made up for the tests (the real notice is not published yet)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant import knowledge
from assistant.errors import KnowledgeFileError
from assistant.knowledge.files import HOLIDAYS_OVERRIDE, load_yaml
from assistant.knowledge.holidays import HOLIDAYS_FILE, HolidaysFile, load_table, read_override, table_of
from assistant.periods import (
    DEFAULT_TABLE,
    SUPPORTED_FIRST,
    SUPPORTED_LAST,
    HolidayTable,
    add_years,
    is_workday,
    workdays_after,
    workdays_from,
)
from assistant.runtime import _stamp
from tests.conftest import KB

D = dt.date
MADE_UP_2027 = """\
years:
  - year: 2027
    source: 测试用的虚构安排（不是国务院办公厅的通知）
    checked: false
    holidays:
      - {name: 春节, start: 2027-02-06, end: 2027-02-13, workdays: [2027-02-20]}
"""


def _override(data_dir, text: str):
    path = data_dir / HOLIDAYS_OVERRIDE
    path.write_text(text, encoding="utf-8")
    return path


def test_the_kb_file_validates_and_names_its_notices():
    data = HolidaysFile.model_validate(load_yaml(KB / HOLIDAYS_FILE).data)
    assert data.years, "kb/holidays.yaml declares no year"
    for entry in data.years:
        assert f"{entry.year}年部分节假日安排的通知" in entry.source


def test_the_kb_years_agree_with_chinese_calendar():
    """A year both know must come out the same: a typo in the file, or a package that changed, shows here."""
    table = table_of(HolidaysFile.model_validate(load_yaml(KB / HOLIDAYS_FILE).data))
    for year in sorted(table.years & set(range(SUPPORTED_FIRST, SUPPORTED_LAST + 1))):
        day = D(year, 1, 1)
        while day.year == year:
            assert table.is_workday(day) == DEFAULT_TABLE.is_workday(day), day
            day += dt.timedelta(days=1)


def test_the_built_knowledge_base_carries_the_table(kb, tmp_path):
    table, warnings = load_table(kb, tmp_path)
    assert warnings == [] and table.years
    assert table.is_workday(D(2025, 10, 11)) == (True, True)  # a Saturday worked in exchange


def test_a_year_added_in_the_data_directory_is_exact(kb, tmp_path):
    before, _ = load_table(kb, tmp_path)
    _override(tmp_path, MADE_UP_2027)
    table, warnings = load_table(kb, tmp_path)
    assert warnings == []
    guessed = workdays_after(D(2027, 2, 1), 10, before)
    assert guessed.estimate and guessed.date == D(2027, 2, 15)  # weekends only
    exact = workdays_after(D(2027, 2, 1), 10, table)
    assert not exact.estimate and exact.date == D(2027, 2, 20)  # 2/6–2/13 off, Saturday 2/20 worked
    assert "已按国家法定节假日" in exact.note
    assert is_workday(D(2027, 2, 8), table) == (False, True)
    assert is_workday(D(2027, 3, 1), table) == (True, True)  # a day the notice does not list: the weekend rule
    assert workdays_from(D(2027, 2, 6), 1, table).date == D(2027, 2, 15)


def test_the_later_source_wins_for_a_year_both_declare(kb, tmp_path):
    _override(tmp_path, "years:\n  - {year: 2026, source: 测试, holidays: [{name: 春节, start: 2026-02-09, "
                        "end: 2026-02-13}]}\n")
    table, warnings = load_table(kb, tmp_path)
    assert warnings == []
    assert is_workday(D(2026, 2, 16), table) == (True, True)  # kb's 春节 2026 is replaced entirely
    assert is_workday(D(2026, 2, 14), table) == (False, True)  # kb's 调休 Saturday is a Saturday again
    assert is_workday(D(2026, 2, 10), table) == (False, True)
    assert is_workday(D(2025, 10, 11), table) == (True, True)  # other years keep kb's data


def test_outside_every_table_the_result_is_an_estimate_and_says_which_years_are_known(kb, tmp_path):
    _override(tmp_path, MADE_UP_2027)
    table, _ = load_table(kb, tmp_path)
    result = workdays_after(D(2030, 3, 1), 5, table)
    assert result.estimate and "估算" in result.note
    assert f"（{SUPPORTED_FIRST}–2027年）" in result.note
    assert workdays_after(D(2027, 12, 20), 30, table).estimate  # runs into 2028, which no table knows
    assert f"（{SUPPORTED_FIRST}–{SUPPORTED_LAST}年）" in workdays_after(D(2030, 3, 1), 5).note


def test_a_gap_between_known_years_is_said():
    table = HolidayTable.declared({2029: ([D(2029, 1, 1)], [])})
    assert table.coverage() == f"{SUPPORTED_FIRST}–{SUPPORTED_LAST}年、2029年"
    assert HolidayTable(builtin=False).coverage() == "无"


@pytest.mark.parametrize(("text", "reason"), [
    ("years: [\n", "expected"),
    (MADE_UP_2027.replace("checked:", "chekced:"), "chekced"),
    (MADE_UP_2027.replace("end: 2027-02-13", "end: 2027-01-13"), "before start"),
    (MADE_UP_2027.replace("[2027-02-20]", "[2027-02-22]"), "weekday already"),
    (MADE_UP_2027.replace("[2027-02-20]", "[2027-02-07]"), "inside the break"),
    (MADE_UP_2027.replace("start: 2027-02-06, end: 2027-02-13", "start: 2026-02-06, end: 2026-02-13"),
     "2026-02-06 is outside 2027"),
    (MADE_UP_2027 + MADE_UP_2027.replace("years:\n", ""), "declared twice"),
    (MADE_UP_2027.replace("2027-02-06", "2027-2-6"), "date"),
    ("- 2027\n", "dictionary"),
])
def test_a_malformed_override_falls_back_with_a_warning(kb, tmp_path, text, reason):
    builtin, _ = load_table(kb, tmp_path)
    path = _override(tmp_path, text)
    with pytest.raises(KnowledgeFileError) as caught:
        read_override(path)
    assert reason in caught.value.reason and caught.value.line
    table, warnings = load_table(kb, tmp_path)
    assert table == builtin
    assert len(warnings) == 1 and HOLIDAYS_OVERRIDE in warnings[0] and "已改用内置节假日表" in warnings[0]
    assert caught.value.reason in warnings[0]


def test_the_warning_names_the_line(kb, tmp_path):
    _override(tmp_path, MADE_UP_2027.replace("end: 2027-02-13", "end: 2027-01-13"))
    _, warnings = load_table(kb, tmp_path)
    assert "第6行" in warnings[0] and "before start" in warnings[0]


def test_an_empty_override_declares_nothing(kb, tmp_path):
    _override(tmp_path, "# 2027 年通知公布后写在这里\n")
    assert load_table(kb, tmp_path) == load_table(kb, tmp_path / "elsewhere")


def test_editing_the_override_triggers_a_reload(sandbox):
    before = _stamp(sandbox)
    sandbox.data_dir.mkdir(parents=True, exist_ok=True)
    _override(sandbox.data_dir, MADE_UP_2027)
    assert _stamp(sandbox) != before


def test_a_malformed_kb_file_stops_the_build_with_file_and_line(sandbox):
    path = sandbox.kb_dir / HOLIDAYS_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[2026-02-14, 2026-02-28]", "[2026-02-14, 2026-02-27]"), encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    line = text[: text.index("{name: 春节, start: 2026-02-15")].count("\n") + 1
    assert caught.value.line == line and "2026-02-27 is a weekday already" in caught.value.reason


def test_29_february_in_a_declared_year():
    table = HolidayTable.declared({2028: ([D(2028, 2, 28), D(2028, 2, 29)], [])})
    assert is_workday(D(2028, 2, 29), table) == (False, True)
    assert workdays_after(D(2028, 2, 25), 1, table).date == D(2028, 3, 1)  # Friday → past the weekend and 2/28–29
    assert add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)


def test_without_a_table_chinese_calendar_decides():
    assert is_workday(D(2025, 10, 11)) == (True, True)
    assert workdays_after(D(2025, 9, 26), 30).date == D(2025, 11, 13)


@pytest.fixture(scope="module")
def snapshot_2027(tmp_path_factory):
    from assistant.config import Settings
    from assistant.runtime import build_snapshot
    from tests.conftest import CORPUS

    data = tmp_path_factory.mktemp("holidays")
    _override(data, MADE_UP_2027)
    return build_snapshot(Settings.from_env(data_dir=data, corpus_dir=CORPUS, kb_dir=KB), complete=False)


def test_the_answers_use_the_data_directory_table(snapshot_2027):
    from tests.qa_support import ask

    answer = ask(snapshot_2027.qa, "2027年2月4日开始公示，哪天结束？")
    assert answer["rule"] == "publicity-period"
    assert answer["computed"]["estimate"] is False
    assert answer["computed"]["result"] == "2027-02-17"  # 2/4, 2/5, then 春节 2/6–2/13, then 2/15–2/17
    assert "2027年2月17日" in answer["answer"] and "估算" not in answer["answer"]
    assert snapshot_2027.warnings == []
