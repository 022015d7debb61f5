"""The self-assessment wizard in a real browser, at desktop width, at 375 px and without JavaScript:
questions revealed in place, unsaved choices kept over a reload, the review round trip, 清空重来 with undo,
errors in words, the result on a phone, the applicant's name and the print view."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot

NAME = "重庆渝新（集团）绿色制造有限公司"
SAFETY_DATE = "#q-last_major_accident_on"


def start(tab, kind: str = "factory") -> str:
    """A new assessment; returns its token (the tab is on the first page)."""
    tab.goto(f"/assess/?type={kind}")
    tab.click(f"form:has(input[name=type][value={kind}]) button[type=submit]")
    tab.wait_for_url(re.compile(r"/assess/[^/]+/p/"))
    return tab.url.split("/assess/")[1].split("/")[0]


def answer_basics(tab) -> None:
    for qid in ("registered_in_chongqing", "tax_in_chongqing", "manufacturing"):
        tab.check(f"input[name=q_{qid}][value=yes]")
    tab.fill("#in-founded_on", "2010-03-15")


def save(tab) -> None:
    with tab.expect_navigation():
        tab.click("button[name=nav][value=next]")


def test_a_revealed_question_appears_in_place_and_is_saved_with_the_page(page):
    token = start(page)
    page.goto(f"/assess/{token}/p/safety")
    assert page.locator(SAFETY_DATE).is_hidden()
    page.check("input[name=q_major_accident][value=yes]")
    assert page.locator(SAFETY_DATE).is_visible()
    assert "最近一次较大及以上事故发生在哪一天" in page.locator("#revealed-note").inner_text()
    page.check("input[name=q_major_accident][value=no]")  # changed back: gone again
    assert page.locator(SAFETY_DATE).is_hidden()
    page.check("input[name=q_major_accident][value=yes]")
    page.fill("#in-last_major_accident_on", "2024-10-27")
    page.check("input[name=q_blacklisted][value=no]")
    screenshot(page, "assess-revealed-in-place")
    save(page)
    assert page.url.endswith(f"/assess/{token}/p/record"), "no reload of the same page: the answer was taken"
    page.goto(f"/assess/{token}/review")
    assert "2024-10-27" in page.locator("main").inner_text()


def test_without_javascript_the_server_asks_the_revealed_question_and_print_says_how(no_js):
    token = start(no_js)
    no_js.goto(f"/assess/{token}/p/safety")
    assert no_js.locator(SAFETY_DATE).is_hidden()
    no_js.check("input[name=q_major_accident][value=yes]")
    assert no_js.locator(SAFETY_DATE).is_hidden()  # nothing moves without the script…
    save(no_js)
    assert "added=1" in no_js.url and "本页新增了问题" in no_js.locator("main").inner_text()
    assert no_js.locator(SAFETY_DATE).is_visible()  # …the server asks it after saving
    assert no_js.locator("#draft-note").is_hidden() and no_js.locator("[data-js-only]").is_hidden()
    no_js.goto(f"/assess/{token}/print")
    assert no_js.locator("button[data-print]").is_hidden()
    assert "请使用浏览器的“打印”命令" in no_js.locator("[data-print-hint]").inner_text()
    no_js.click("text=返回自评结果")
    assert no_js.url.endswith(f"/assess/{token}/result")


def test_a_reload_keeps_unsaved_choices_until_the_page_is_saved(phone):
    token = start(phone)
    phone.check("input[name=q_registered_in_chongqing][value=yes]")
    phone.check("input[name=q_tax_in_chongqing][value=no]")
    phone.reload()
    assert phone.locator("#draft-note").is_visible()
    assert "已恢复您上次未保存的选择" in phone.locator("#draft-note").inner_text()
    assert phone.is_checked("input[name=q_tax_in_chongqing][value=no]")
    other = phone.context.new_page()  # the draft belongs to this assessment and page only
    start(other)
    assert other.locator("#draft-note").is_hidden()
    other.close()
    save(phone)
    phone.goto(f"/assess/{token}/p/basics")
    assert phone.locator("#draft-note").is_hidden()  # saved: nothing to bring back
    assert phone.is_checked("input[name=q_tax_in_chongqing][value=no]")  # from the server
    phone.check("input[name=q_manufacturing][value=yes]")
    phone.goto(f"/assess/{token}/restart")
    phone.click("button:has-text('确认清空')")
    phone.wait_for_url(re.compile(r"/p/basics"))
    drafts = phone.evaluate("token => Object.keys(localStorage).filter(k => k.indexOf(token) >= 0)", token)
    assert drafts == [] and phone.locator("#draft-note").is_hidden()


def test_a_change_from_the_review_returns_there_and_clearing_can_be_undone(page):
    token = start(page)
    answer_basics(page)
    save(page)
    page.goto(f"/assess/{token}/review")
    page.click("a[href$='/p/basics?back=review']")
    page.check("input[name=q_tax_in_chongqing][value=no]")
    with page.expect_navigation():
        page.click("text=保存并返回查看全部答案")
    assert page.url.endswith(f"/assess/{token}/review")
    page.click("text=清空重来")
    assert "清空后可以撤销" in page.locator("main").inner_text()
    page.click("text=确认清空")
    assert page.url.endswith("/p/basics") and not page.is_checked("input[name=q_tax_in_chongqing][value=no]")
    page.click("text=撤销清空，找回原来的回答")
    assert page.url.endswith(f"/assess/{token}/review")
    assert "否" in page.locator("dl.answers").first.inner_text()


def test_errors_name_the_question_in_words_and_a_date_with_unsure_is_refused(phone):
    token = start(phone)
    phone.goto(f"/assess/{token}/p/safety")
    phone.check("input[name=q_major_accident][value=yes]")
    phone.fill("#in-last_major_accident_on", "2024-10-27")
    phone.check("input[name=u_last_major_accident_on]")
    save(phone)
    summary = phone.locator("#form-errors").inner_text()
    assert "填了日期又勾选了“不确定”" in summary and "最近一次较大及以上事故" in summary
    assert "last_major_accident_on" not in summary
    assert phone.locator("#q-last_major_accident_on .field-error").is_visible()
    assert phone.input_value("#in-last_major_accident_on") == "2024-10-27"  # what was typed comes back


def test_the_result_on_a_phone_with_the_name_and_the_print_view(phone):
    token = start(phone)
    phone.goto(f"/assess/{token}/p/safety")
    phone.check("input[name=q_major_accident][value=yes]")
    phone.fill("#in-last_major_accident_on", "2025-10-27")
    save(phone)
    phone.goto(f"/assess/{token}/result")
    assert phone.locator("header.site-header").bounding_box()["height"] < 100, "a compact header"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375, "nothing wider than the screen"
    row = phone.locator("table.conditions tbody tr").first.bounding_box()
    assert row["width"] <= 360
    assert phone.locator("table.conditions thead").bounding_box()["height"] <= 1  # stacked: no column heads
    dates = phone.locator("table.conditions .date")
    assert dates.count() >= 2
    for index in range(dates.count()):  # one line box each: 2025-10-27 is never split
        assert dates.nth(index).evaluate("node => node.getClientRects().length") == 1
    phone.fill("#enterprise-name", "厂" * 61)
    phone.click("text=保存名称")
    assert "申报单位名称：最多 60 个字" in phone.locator("#enterprise-error").inner_text()
    phone.fill("#enterprise-name", NAME)
    phone.click("text=保存名称")
    assert NAME in phone.locator("#enterprise-shown").inner_text()
    text = phone.locator("main").inner_text()
    assert "版本：渝经信规范〔2024〕4号 · 知识库" in text
    fingerprint = phone.request.get(f"/assess/{token}/report.json").json()["measures"]["fingerprint"]
    assert fingerprint not in phone.content()
    screenshot(phone, "assess-result-phone")
    phone.add_init_script("window.print = function () { window.__printed = true; };")
    phone.goto(f"/assess/{token}/print")
    assert phone.locator("[data-print-hint]").is_hidden()
    phone.click("button[data-print]")
    assert phone.evaluate("window.__printed === true")
    assert NAME in phone.locator("main").inner_text()
    phone.click("text=返回自评结果")
    assert phone.url.endswith(f"/assess/{token}/result")
