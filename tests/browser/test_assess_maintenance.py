"""称号保持自查 in a real browser: the whole questionnaire at 375 px with and without JavaScript, the
deadlines on the result page and their calendar file, and a revoked title's three-year bar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot

RECENT = (dt.date.today() - dt.timedelta(days=3)).isoformat()
RENAMED = {
    "certified_on": "2024-05-10", "title_revoked": "no", "review_notice": "taken", "review_result": "passed",
    "annual_report": "all", "dynamic_management": "yes", "terminated": "no", "false_data": "no",
    "accident": "no", "blacklisted": "no", "violation": "no", "renamed": "yes", "adjustment_applied": "no",
    "formalities_on": RECENT,
}


def answer_all(tab, answers: dict) -> str:
    """Fill each page with what it shows of *answers* and go on until the review page; the token."""
    tab.goto("/assess/?type=maintenance")
    tab.click("form:has(input[name=type][value=maintenance]) button[type=submit]")
    tab.wait_for_url(re.compile(r"/assess/[^/]+/p/"))
    token = tab.url.split("/assess/")[1].split("/")[0]
    for _ in range(20):
        if tab.url.split("?")[0].endswith(f"/assess/{token}/review"):
            return token
        for qid, value in answers.items():  # in questionnaire order: a revealed question comes after its cause
            radio = tab.locator(f'input[name=q_{qid}][value="{value}"]')
            if radio.count() and radio.is_visible():
                radio.check()
            elif tab.locator(f"#in-{qid}").count() and tab.locator(f"#in-{qid}").is_visible():
                tab.fill(f"#in-{qid}", value)
        with tab.expect_navigation():
            tab.click("button[name=nav][value=next]")
    raise AssertionError("the questionnaire did not end")


@pytest.mark.parametrize("which", ["phone", "no_js"])
def test_a_renamed_unit_sees_its_deadline_on_a_phone(request, which):
    tab = request.getfixturevalue(which)
    token = answer_all(tab, RENAMED)
    tab.goto(f"/assess/{token}/result")
    main = tab.locator("main").inner_text()
    assert "未发现撤销情形，有事项待办理或待核实" in main
    deadline = tab.locator(".deadlines li").first
    assert "更名、重组后申请调整的最后期限" in deadline.inner_text()
    assert tab.locator(".deadlines .date").first.inner_text().startswith(str(dt.date.today().year)[:3])
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375, "nothing wider than the phone"
    screenshot(tab, f"maintenance-result-{which}")


def test_the_calendar_file_downloads_with_the_deadline(page):
    token = answer_all(page, RENAMED)
    page.goto(f"/assess/{token}/result")
    with page.expect_download() as caught:
        page.click("text=下载日历文件（.ics）")
    content = Path(caught.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in content and "第十九条" in content
    screenshot(page, "maintenance-result-desktop")


def test_a_revoked_title_shows_when_the_three_years_end(page):
    token = answer_all(page, {"certified_on": "2022-03-01", "title_revoked": "yes", "revoked_on": "2025-04-10"})
    page.goto(f"/assess/{token}/result")
    verdict = page.locator(".verdict").inner_text()
    assert "称号已被撤销" in verdict and "2028-04-10" in verdict
    assert "第十八条" in page.locator(".deadlines").inner_text()
