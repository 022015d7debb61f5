"""The three kinds of users, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_search_highlights_and_links_to_the_article_anchor(page):
    page.goto("/")
    page.get_by_label("输入关键词、条款号或问题").fill("公示")
    page.get_by_role("button", name="检索条款").click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    first = page.locator("li.result").first
    expect(first.locator("mark").first).to_have_text("公示")
    expect(first.locator("h2 a")).to_have_text("第十一条")
    screenshot(page, "search-desktop")
    first.locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/articles#art-11$"))
    expect(page.locator("#art-11")).to_be_in_viewport()
    expect(page.locator("#art-11")).to_contain_text("公示5个工作日")
    screenshot(page, "article-anchor")


def test_copy_citation_button(page):
    page.goto("/search?q=十七条")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.locator("button.copy").first
    expect(button).to_have_text("复制引用")
    button.click()
    expect(button).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == "《重庆市绿色园区和绿色工厂认定管理办法》第十七条"


def test_ask_follow_the_citation_and_ask_a_follow_up(page):
    page.goto("/ask")
    page.get_by_label("您的问题").fill("申报绿色工厂需要什么条件？")
    page.get_by_role("button", name="提问", exact=True).click()
    answer = page.locator("#latest")
    expect(answer).to_contain_text("第七条")
    link = answer.locator("figcaption a").first
    expect(link).to_contain_text("《重庆市绿色园区和绿色工厂认定管理办法》第七条")
    screenshot(page, "ask-answer")
    link.click()
    expect(page).to_have_url(re.compile(r"/articles#art-7$"))
    expect(page.locator("#art-7")).to_be_in_viewport()
    page.go_back()
    page.get_by_label("您的问题").fill("那园区呢？")
    page.get_by_role("button", name="提问", exact=True).click()
    expect(page.locator("#latest")).to_contain_text("第六条")
    page.reload()
    expect(page.locator(".message.answer")).to_have_count(2)
    screenshot(page, "ask-follow-up")


def test_enter_sends_and_shift_enter_makes_a_new_line(page):
    page.goto("/ask")
    box = page.get_by_label("您的问题")
    expect(page.locator("#ask-hint")).to_contain_text("按 Enter 发送，Shift+Enter 换行")
    box.click()
    page.keyboard.press("Enter")  # nothing to send: no request, no empty line
    expect(box).to_have_value("")
    # An Enter that confirms an IME candidate (拼音) is not a send.
    box.fill("公示期")
    for init in ("{key: 'Enter', isComposing: true}", "{key: 'Enter'}, 229"):
        page.evaluate(f"""() => {{
            const args = [{init}];
            const event = new KeyboardEvent('keydown', {{...args[0], bubbles: true, cancelable: true}});
            if (args[1]) Object.defineProperty(event, 'keyCode', {{value: args[1]}});
            document.getElementById('question').dispatchEvent(event);
        }}""")
    page.wait_for_timeout(300)
    expect(page.locator(".message.answer")).to_have_count(0)
    box.press("End")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("多长？")
    expect(box).to_have_value("公示期\n多长？")
    expect(page.locator(".message.answer")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(page.locator("#latest")).to_contain_text("第十一条")
    expect(box).to_have_value("")
    expect(page).to_have_url(re.compile(r"/ask\?c=[\w-]{24}#latest$"))
    page.reload()
    expect(page.locator(".message.answer")).to_have_count(1)


def test_new_conversation_button_empties_the_conversation(page):
    page.goto("/ask")
    page.get_by_label("您的问题").fill("公示期多长？")
    page.keyboard.press("Enter")
    expect(page.locator("#latest")).to_contain_text("第十一条")
    saved = page.url
    page.get_by_role("link", name="新对话").click()
    expect(page).to_have_url(re.compile(r"/ask$"))
    expect(page.locator(".message.answer")).to_have_count(0)
    expect(page.locator(".message.hint")).to_contain_text("可以这样问")
    # The follow-up is not understood in the new conversation …
    page.get_by_label("您的问题").fill("那园区呢？")
    page.keyboard.press("Enter")
    expect(page.locator(".message.answer")).to_have_count(1)
    # … and the earlier one can still be opened from this browser.
    page.goto(saved)
    expect(page.locator(".message.answer")).to_have_count(1)
    expect(page.locator("#latest")).to_contain_text("第十一条")


def test_a_question_link_then_a_follow_up(page):
    page.goto("/")
    page.get_by_role("link", name="公示期多长？").click()
    expect(page).to_have_url(re.compile(r"/ask\?q="))
    expect(page.locator("#latest")).to_contain_text("第十一条")
    # Sending the question as it stands keeps it, once.
    page.get_by_label("您的问题").press("Enter")
    expect(page).to_have_url(re.compile(r"/ask\?c=[\w-]{24}#latest$"))
    expect(page.locator(".message.answer")).to_have_count(1)
    page.reload()
    expect(page.locator(".message.answer")).to_have_count(1)
    page.goto("/ask?q=绿色工厂要满足哪些条件")
    box = page.get_by_label("您的问题")
    expect(box).to_have_value("绿色工厂要满足哪些条件")
    expect(page.locator("#latest")).to_contain_text("第七条")
    box.fill("那园区呢？")
    page.keyboard.press("Enter")
    expect(page.locator(".message.answer")).to_have_count(2)
    expect(page.locator("#latest")).to_contain_text("第六条")
    expect(page).to_have_url(re.compile(r"/ask\?c=[\w-]{24}#latest$"))
    screenshot(page, "ask-from-link")
    page.reload()
    expect(page.locator(".message.question")).to_have_text(["问绿色工厂要满足哪些条件", "问那园区呢？"])
    # A suggestion under an answer is a follow-up in the same conversation.
    page.locator("#latest .followups").get_by_role("button", name="那工厂呢？").click()
    expect(page.locator(".message.answer")).to_have_count(3)
    expect(page.locator("#latest")).to_contain_text("第七条")
    page.reload()
    expect(page.locator(".message.answer")).to_have_count(3)


def test_chat_with_answers_fits_a_phone(phone):
    phone.goto("/ask?q=申报绿色工厂需要什么条件？")
    phone.get_by_label("您的问题").fill("那园区呢？")
    phone.get_by_role("button", name="提问", exact=True).tap()
    expect(phone.locator("#latest")).to_contain_text("第六条")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"the chat scrolls sideways on a phone ({width}px)"
    screenshot(phone, "phone-ask-conversation")


def test_ask_not_covered_and_xss_inert(page):
    page.goto("/ask")
    page.get_by_label("您的问题").fill("<img src=x onerror=alert(1)>社保怎么交？")
    page.get_by_role("button", name="提问", exact=True).click()
    expect(page.locator("#latest")).to_contain_text("不在办法范围内")
    expect(page.locator(".message.question img")).to_have_count(0)


def _answer_page(page) -> None:
    """Answer every question on the page: the first option, or a date."""
    for fieldset in page.locator("fieldset.question").all():
        date = fieldset.locator("input[type=date]")
        if date.count():
            date.fill("2020-01-15")
            continue
        fieldset.locator("input[type=radio]").first.check()


def test_factory_questionnaire_resume_and_download(page, tmp_path):
    page.goto("/assess/")
    page.get_by_role("button", name="开始绿色工厂自评").click()
    expect(page.locator("h1")).to_be_visible()
    resume_link = page.locator("p.muted a").last.get_attribute("href")
    _answer_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="保存并继续").click()
    # Reload midway, then come back through the saved link: nothing is lost.
    page.reload()
    page.goto(resume_link)
    # The first page was saved: the link resumes at the next one.
    expect(page).to_have_url(re.compile(r"/p/safety$"))
    expect(page.locator("fieldset.question").first).to_be_visible()
    for _ in range(30):
        if "/review" in page.url:
            break
        _answer_page(page)
        with page.expect_navigation():
            page.get_by_role("button", name="保存并继续").click()
    expect(page).to_have_url(re.compile(r"/review$"))
    screenshot(page, "assess-review")
    page.get_by_role("link", name="查看自评结果").click()
    expect(page.locator(".verdict h2")).to_be_visible()
    expect(page.locator("table.conditions")).to_contain_text("第七条第（一）项")
    screenshot(page, "assess-result")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 PDF 报告").click()
    target = tmp_path / "report.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("path", ["/", "/search?q=撤销称号", "/articles", "/ask", "/assess/"])
def test_pages_fit_a_phone(phone, path):
    phone.goto(path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{path} scrolls sideways on a phone ({width}px)"
    name = "phone-" + (path.strip("/").split("?")[0].replace("/", "-") or "home")
    screenshot(phone, name)


def test_keyboard_navigation_shows_focus(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
