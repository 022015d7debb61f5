"""Date arithmetic from the rules of the measures, with China's official
holidays and 调休 working days (expected dates worked out by hand from the
State Council's published schedules)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.periods import SUPPORTED_LAST, add_years, is_workday, workdays_after, workdays_from
from assistant.qa.datetext import find_dates
from tests.qa_support import TODAY, ask


@pytest.fixture(scope="module")
def qa(snapshot):
    return snapshot.qa

D = dt.date


@pytest.mark.parametrize(("start", "count", "expected"), [
    (D(2025, 9, 26), 30, D(2025, 11, 13)),  # 更名 just before 国庆 2025 (10/1–10/8 off, 9/28 and 10/11 worked)
    (D(2025, 1, 20), 30, D(2025, 3, 7)),  # just before 春节 2025 (1/28–2/4 off, 1/26 and 2/8 worked)
    (D(2024, 4, 8), 1, D(2024, 4, 9)),
])
def test_working_days_after(start, count, expected):
    result = workdays_after(start, count)
    assert result.date == expected and not result.estimate


@pytest.mark.parametrize(("start", "expected"), [
    (D(2024, 5, 6), D(2024, 5, 10)),  # Monday: counts itself
    (D(2025, 5, 31), D(2025, 6, 9)),  # Saturday and 端午 2025 (5/31–6/2 off)
    (D(2025, 10, 1), D(2025, 10, 14)),  # 国庆 2025: starts counting on 10/9; Saturday 10/11 is a working day
    (D(2025, 9, 28), D(2025, 10, 10)),  # Sunday 9/28 is a 调休 working day and counts
])
def test_five_working_days_of_publicity(start, expected):
    result = workdays_from(start, 5)
    assert result.date == expected and not result.estimate


def test_holiday_data_is_used():
    assert is_workday(D(2025, 10, 11)) == (True, True)  # a Saturday worked in exchange
    assert is_workday(D(2025, 10, 3)) == (False, True)  # a Friday off


def test_outside_the_holiday_data_the_result_is_an_estimate():
    beyond = D(SUPPORTED_LAST + 1, 3, 1)
    result = workdays_after(beyond, 30)
    assert result.estimate and "估算" in result.note
    assert workdays_after(D(SUPPORTED_LAST, 12, 20), 30).estimate  # runs into the unknown year


def test_three_years_from_29_february():
    assert add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert add_years(D(2023, 6, 1), 3) == D(2026, 6, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("2023年6月1日被撤销", [("2023-06-01", "day")]),
    ("二〇二三年六月一日", [("2023-06-01", "day")]),
    ("2021年8月出过事故", [("2021-08-01", "month")]),
    ("2024年3月被撤了称号，2026年能重新报吗", [("2024-03-01", "month"), ("2026-01-01", "year")]),
    ("12月20日完成重组", [("2026-12-20", "day")]),
    ("公示从5月6日星期一开始", [("2024-05-06", "day")]),  # the nearest year in which 5月6日 is a Monday
    ("今天办完更名手续", [("2026-11-24", "day")]),
])
def test_dates_in_questions(text, expected):
    found, bad = find_dates(text, TODAY)
    assert [(d.day.isoformat(), d.precision) for d in found] == expected and bad == []


def test_an_impossible_date_is_reported(qa):
    answer = ask(qa, "2月30日办完更名，最晚哪天申请调整？")
    assert not answer["answered"] and "2月30日" in answer["answer"]


def test_rename_deadline(qa):
    answer = ask(qa, "我们2025年9月26日办完更名手续，最晚哪天要报？")
    assert answer["rule"] == "rename-or-reorganisation"
    assert answer["computed"]["result"] == "2025-11-13" and not answer["computed"]["estimate"]
    assert "2025年11月13日" in answer["answer"] and "30个工作日" in answer["answer"]
    assert answer["citations"][0]["id"] == "art-19"


def test_publicity_starting_on_a_holiday(qa):
    answer = ask(qa, "2025年10月1日开始公示，哪天结束？")
    assert answer["rule"] == "publicity-period"
    assert answer["computed"]["result"] == "2025-10-14"
    assert "2025年10月14日" in answer["answer"]


def test_reapplication_after_revocation_on_29_february(qa):
    answer = ask(qa, "2024年2月29日被撤销称号，什么时候能重新申报？")
    assert answer["rule"] == "reapply-bar" and answer["citations"][0]["id"] == "art-18"
    assert answer["computed"]["result"] == "2027-02-28"
    assert "2027年2月28日" in answer["answer"]


def test_reapplication_verdict_from_the_dates_given(qa):
    too_early = ask(qa, "我们厂2024年3月被撤了称号，2026年能重新报吗？")
    assert too_early["yes_no"] == "no" and too_early["computed"]["result_text"] == "2027年3月"
    later = ask(qa, "2022年1月被撤销称号，2026年能重新申报吗？")
    assert later["yes_no"] == "yes"


def test_effective_date(qa):
    answer = ask(qa, "这个办法哪天开始施行？")
    assert answer["citations"][0]["id"] == "art-24"
    assert answer["computed"]["result"] == "2024-03-06"
    assert "2024年3月6日" in answer["answer"]


def test_estimate_beyond_the_holiday_data_is_said(qa):
    year = SUPPORTED_LAST + 1
    answer = ask(qa, f"{year}年3月1日办完改名手续，最晚哪天申请调整？")
    assert answer["computed"]["estimate"] is True
    assert "估算" in answer["answer"]


def test_year_assumed_when_not_written_is_said(qa):
    answer = ask(qa, "我们4月8日办完更名手续的，最晚哪天要报上去？")
    assert answer["computed"]["given"] == "2026-04-08"
    assert "未写年份" in answer["answer"]
