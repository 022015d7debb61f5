"""Accessibility in a real browser: axe-core on every page and state at desktop and phone width
(WCAG 2.1 A and AA), a keyboard-only run through the factory wizard, and page titles that are
distinct and name the page.

axe-core comes from the installed ``axe-playwright-python`` package (its bundled axe.min.js is
evaluated in the page); every request the browser makes is checked to go to the test server, so
nothing is fetched from a CDN or anywhere else."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_assess_maintenance import RENAMED, answer_all
from tests.conftest import CORPUS, KB
from tests.live import LiveServer

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ADMIN_TOKEN = "a11y-admin-" + "q8" * 16
WIDTHS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
}
FACTORY = yaml.safe_load((KB / "questionnaires" / "factory.yaml").read_text(encoding="utf-8"))
FACTORY_PAGES = {p["id"]: p["title"] for p in FACTORY["pages"]}
PARK = yaml.safe_load((KB / "questionnaires" / "park.yaml").read_text(encoding="utf-8"))
PARK_PAGES = {p["id"]: p["title"] for p in PARK["pages"]}
KEEP = yaml.safe_load((KB / "questionnaires" / "maintenance.yaml").read_text(encoding="utf-8"))
KEEP_PAGES = {p["id"]: p["title"] for p in KEEP["pages"]}

_axe = Axe()


# --- a server with the staff pages, one browser context per width ---------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("a11y") / "instance", CORPUS, KB,
                      env={"ASSISTANT_ADMIN_TOKEN": ADMIN_TOKEN})
    live.start()
    yield live
    live.stop()


class Tab:
    """One page per width, kept for the module; it records any request that leaves the server."""

    def __init__(self, browser, base: str, width: str):
        self.base = base
        self.outside: list[str] = []
        self.context = browser.new_context(base_url=base, locale="zh-CN", **WIDTHS[width])
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)  # the machine may be busy
        self.admin = False

    def _guard(self, route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == urlsplit(self.base).netloc or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture(scope="module")
def tabs(browser, server):
    opened = {width: Tab(browser, server.base, width) for width in WIDTHS}
    yield opened
    for tab in opened.values():
        tab.context.close()


def _answer_page(page) -> None:
    """The first option of every question, or 2020-01-15 for a date."""
    for fieldset in page.locator("fieldset.question").all():
        date = fieldset.locator("input[type=date]")
        if date.count():
            date.fill("2020-01-15")
        else:
            fieldset.locator("input[type=radio]").first.check()


def _walk(page, kind: str) -> tuple[str, list[str]]:
    """A finished self-assessment: its address and the pages it went through."""
    page.goto(f"/assess/?type={kind}")
    page.locator(f"form:has(input[name=type][value={kind}]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/p/"))
    token = urlsplit(page.url).path.split("/")[2]
    seen: list[str] = []
    for _ in range(40):
        path = urlsplit(page.url).path
        if path.endswith("/review"):
            break
        page_id = path.rsplit("/", 1)[1]
        if page_id not in seen:
            seen.append(page_id)
        _answer_page(page)
        with page.expect_navigation():
            page.get_by_role("button", name="保存并继续").click()
    assert urlsplit(page.url).path.endswith("/review"), page.url
    return f"/assess/{token}", seen


@pytest.fixture(scope="module")
def assessments(tabs) -> dict[str, str]:
    """A finished factory and a finished park self-assessment (the first option everywhere): kind -> address."""
    made = {}
    for kind, expected in (("factory", FACTORY_PAGES), ("park", PARK_PAGES)):
        address, pages = _walk(tabs["desktop"].page, kind)
        assert set(pages) == set(expected), f"{kind}: pages reached with the first options: {pages}"
        made[kind] = address
    # 称号保持自查 with a renaming still inside its 30 working days: every page, and a result with a deadline.
    made["maintenance"] = "/assess/" + answer_all(tabs["desktop"].page, RENAMED)
    return made


# --- the pages and states ----------------------------------------------------------------------------

def _home(tab, _):
    tab.page.goto("/")


def _search_hits(tab, _):
    tab.page.goto("/search?q=公示")
    expect(tab.page.locator("li.result").first).to_be_visible()


def _search_asked(tab, _):
    """A result found through the questions people ask, which says so under the article."""
    tab.page.goto("/search?q=能拿到多少钱")
    expect(tab.page.locator(".asked-hint").first).to_be_visible()


def _search_none(tab, _):
    tab.page.goto("/search?q=量子纠缠")
    expect(tab.page.locator("li.result")).to_have_count(0)


def _articles(tab, _):
    tab.page.goto("/articles")


def _permalink(tab, _):
    tab.page.goto("/articles/第十一条")
    expect(tab.page).to_have_url(re.compile(r"/articles#art-11$"))


def _chat(tab, _):
    page = tab.page
    page.goto("/ask?q=申报绿色工厂需要什么条件？")
    expect(page.locator("#latest")).to_contain_text("第七条")
    page.get_by_label("您的问题").fill("那园区呢？")
    page.get_by_role("button", name="提问", exact=True).click()
    expect(page.locator(".message.answer")).to_have_count(2)
    expect(page.locator("#latest")).to_contain_text("第六条")


def _not_covered(tab, _):
    tab.page.goto("/ask?q=社保怎么交？")
    expect(tab.page.locator("#latest")).to_contain_text("不在办法范围内")


def _assess_start(tab, _):
    tab.page.goto("/assess/")


def _wizard_page(page_id: str, kind: str = "factory") -> Callable:
    titles = {"factory": FACTORY_PAGES, "park": PARK_PAGES, "maintenance": KEEP_PAGES}[kind]

    def visit(tab, made):
        tab.page.goto(f"{made[kind]}/p/{page_id}")
        expect(tab.page.locator("h1")).to_have_text(titles[page_id])
    return visit


def _maintenance_result(tab, made):
    tab.page.goto(f"{made['maintenance']}/result")
    expect(tab.page.locator(".deadlines li").first).to_be_visible()


def _maintenance_notice(tab, made):
    tab.page.goto(f"{made['maintenance']}/notice")


def _new_factory(page) -> None:
    page.goto("/assess/?type=factory")
    page.locator("form:has(input[name=type][value=factory]) button[type=submit]").click()
    page.wait_for_url(re.compile(r"/p/basics$"))


def _wizard_errors(tab, _):
    """The first page sent back with an error: a founding date in the future."""
    page = tab.page
    _new_factory(page)
    _answer_page(page)
    page.locator("fieldset.question input[type=date]").first.fill("2099-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="保存并继续").click()
    expect(page.locator("#form-errors")).to_contain_text("不能填将来的日期")
    expect(page.locator(".field-error").first).to_be_visible()


def _wizard_undo(tab, _):
    """清空重来 done: the first page again, offering to undo it."""
    page = tab.page
    _new_factory(page)
    _answer_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="保存并继续").click()
    page.goto(page.url.rsplit("/p/", 1)[0] + "/restart")
    with page.expect_navigation():
        page.get_by_role("button", name="确认清空").click()
    expect(page.get_by_role("button", name="撤销清空，找回原来的回答")).to_be_visible()


def _review(tab, made):
    tab.page.goto(f"{made['factory']}/review")


def _result(tab, made):
    tab.page.goto(f"{made['factory']}/result")
    expect(tab.page.locator(".verdict h2")).to_be_visible()


def _result_name_error(tab, made):
    page = tab.page
    page.goto(f"{made['factory']}/result")
    page.locator("#enterprise-name").fill("<重庆某某公司>")
    with page.expect_navigation():
        page.locator("#enterprise button[type=submit]").click()
    expect(page.locator("#enterprise-error")).to_be_visible()


def _print_view(tab, made):
    tab.page.goto(f"{made['factory']}/print")
    expect(tab.page.locator(".verdict h2")).to_be_visible()


def _notice(tab, made):
    tab.page.goto(f"{made['factory']}/notice")


def _restart_confirm(tab, made):
    tab.page.goto(f"{made['factory']}/restart")


def _not_found(tab, _):
    tab.page.goto("/articles/第九十九条")


def _admin_login(tab, _):
    tab.page.goto("/admin/login")


def _log_in(tab) -> None:
    if tab.admin:
        return
    page = tab.page
    page.goto("/admin/login")
    page.locator("input[name=token]").fill(ADMIN_TOKEN)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/unanswered$"))
    tab.admin = True


def _admin_unanswered(tab, _):
    page = tab.page
    page.goto("/ask")
    page.get_by_label("您的问题").fill("明天重庆天气怎么样？")  # not answered: logged for the staff
    page.get_by_role("button", name="提问", exact=True).click()
    expect(page.locator(".message.answer")).to_have_count(1)
    _log_in(tab)
    page.goto("/admin/unanswered")
    expect(page.locator("tbody tr").first).to_be_visible()


def _admin_coverage(tab, _):
    _log_in(tab)
    tab.page.goto("/admin/coverage")


def _admin_ingest(tab, _):
    _log_in(tab)
    tab.page.goto("/admin/ingest")


def _admin_ingest_error(tab, _):
    """An upload refused: an empty file."""
    _log_in(tab)
    page = tab.page
    page.goto("/admin/ingest")
    page.locator("#file").set_input_files({"name": "空文件.txt", "mimeType": "text/plain", "buffer": b""})
    with page.expect_navigation():
        page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("#file-error")).to_be_visible()


# name -> (how to get there, what the title must name)
STATES: dict[str, tuple[Callable, str]] = {
    "home": (_home, "绿色认定助手"),
    "search-hits": (_search_hits, "公示 - 条款检索"),
    "search-asked": (_search_asked, "能拿到多少钱 - 条款检索"),
    "search-none": (_search_none, "量子纠缠 - 条款检索"),
    "full-text": (_articles, "全文"),
    "permalink": (_permalink, "全文"),
    "chat-answers": (_chat, "咨询问答"),
    "chat-not-covered": (_not_covered, "咨询问答"),
    "assess-start": (_assess_start, "申报前自评与称号保持自查"),
    **{f"wizard-{pid}": (_wizard_page(pid), f"绿色工厂自评 · {title}") for pid, title in FACTORY_PAGES.items()},
    "wizard-errors": (_wizard_errors, "绿色工厂自评"),
    "wizard-undo": (_wizard_undo, "绿色工厂自评"),
    **{f"park-{pid}": (_wizard_page(pid, "park"), f"绿色园区自评 · {title}") for pid, title in PARK_PAGES.items()},
    **{f"keep-{pid}": (_wizard_page(pid, "maintenance"), f"称号保持自评 · {title}")
       for pid, title in KEEP_PAGES.items()},
    "keep-result": (_maintenance_result, "称号保持自评结果"),
    "keep-notice": (_maintenance_notice, "告知"),
    "review": (_review, "核对答案"),
    "result": (_result, "绿色工厂自评结果"),
    "result-name-error": (_result_name_error, "绿色工厂自评结果"),
    "print-view": (_print_view, "绿色工厂自评结果"),
    "notice": (_notice, "告知"),
    "restart-confirm": (_restart_confirm, "申报自评"),
    "not-found": (_not_found, "没有找到（404）"),
    "admin-login": (_admin_login, "工作人员登录"),
    "admin-unanswered": (_admin_unanswered, "未能回答的问题"),
    "admin-coverage": (_admin_coverage, "条款覆盖"),
    "admin-ingest": (_admin_ingest, "导入法规文件"),
    "admin-ingest-error": (_admin_ingest_error, "导入法规文件"),
}

# Cases that fail only because of a template this change may not touch (see the report).
KNOWN: dict[str, str] = {}


def _cases():
    for name in STATES:
        for width in WIDTHS:
            marks = [pytest.mark.xfail(strict=False, reason=KNOWN[name])] if name in KNOWN else []
            yield pytest.param(name, width, id=f"{name}-{width}", marks=marks)


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


_TITLES: dict[str, str] = {}  # state -> the title seen at desktop width


def axe_violations(page) -> list[dict]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]})
    return results.response["violations"]


@pytest.mark.parametrize(("state", "width"), list(_cases()))
def test_no_wcag_21_aa_violations(tabs, assessments, state, width):
    tab = tabs[width]
    STATES[state][0](tab, assessments)
    violations = axe_violations(tab.page)
    if width == "desktop":
        _TITLES[state] = tab.page.title()  # spares the title test a second visit
    assert not violations, f"{state} at {width} width ({tab.page.url}):\n{_describe(violations)}"
    assert not tab.outside, f"requests left the server: {tab.outside}"


def test_every_page_title_is_distinct_and_names_the_page(tabs, assessments):
    tab = tabs["desktop"]
    titles: dict[str, str] = {}
    for name, (visit, names) in STATES.items():
        if name not in _TITLES:
            visit(tab, assessments)
            _TITLES[name] = tab.page.title()
        title = _TITLES[name]
        assert names in title, f"{name}: the title {title!r} does not name the page ({names!r})"
        titles[name] = title
    # The permalink opens the full text, and a chat's states are one page: the rest are all different pages.
    same_page = {"permalink", "chat-not-covered", "wizard-errors", "wizard-undo", "result-name-error",
                 "print-view", "admin-ingest-error"}
    seen: dict[str, str] = {}
    for name, title in titles.items():
        if name in same_page:
            continue
        assert title not in seen, f"{name} and {seen.get(title)} share the title {title!r}"
        seen[title] = name


_FOCUS_PROBE = """(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {hit: false, shown: true, what: 'body'};
    const style = getComputedStyle(el);
    const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
    const what = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' '
        + (el.textContent || el.name || '').trim().slice(0, 20)
        + ` (outline: ${style.outlineStyle} ${style.outlineWidth}, box-shadow: ${style.boxShadow}, `
        + `:focus-visible ${el.matches(':focus-visible')})`;
    return {hit: !!(%s), shown, what};
})()"""


def _press_tab_until(page, test: str, unseen: list[str] | None = None, limit: int = 250) -> None:
    """Tab (only) until the focused element passes ``test`` (a JS expression over ``el``); every element
    passed on the way must show where the focus is (2.4.7): those that do not go to ``unseen``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_PROBE % test)
        if not state["shown"] and unseen is not None:
            unseen.append(f"{urlsplit(page.url).path}: {state['what']}")
        if state["hit"]:
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def _date_keys(context) -> str:
    """The digits that give 2020-01-15 in a date field: their order follows the browser's own locale
    (Debian's headless Chromium shows mm/dd/yyyy whatever the page's language)."""
    scratch = context.new_page()
    try:
        for keys in ("20200115", "01152020", "15012020"):
            scratch.set_content('<input type="date" id="d">')
            scratch.focus("#d")
            scratch.keyboard.type(keys)
            if scratch.input_value("#d") == "2020-01-15":
                return keys
    finally:
        scratch.close()
    raise AssertionError("no order of digits gives a date")


def test_the_factory_wizard_with_the_keyboard_only(tabs):
    """Tab, Space and Enter (and the digits of a date): from the start page to the result, no mouse."""
    page = tabs["desktop"].page
    date_keys = _date_keys(page.context)
    unseen: list[str] = []
    page.goto("/assess/")
    # The first stop is the skip link, shown when focused; Enter takes the focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    _press_tab_until(page, "el.tagName === 'BUTTON' && el.textContent.includes('开始绿色工厂自评')", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/p/basics$"))
    visited = []
    for _ in range(40):
        if urlsplit(page.url).path.endswith("/review"):
            break
        visited.append(urlsplit(page.url).path.rsplit("/", 1)[1])
        for fieldset in page.locator("fieldset.question").all():
            qid = fieldset.get_attribute("id")
            if fieldset.locator("input[type=date]").count():
                unsure = fieldset.locator("input[type=checkbox]")
                if unsure.count():  # 不确定 is ticked with Space
                    if not unsure.is_checked():
                        _press_tab_until(page, f"el.type === 'checkbox' && el.closest('#{qid}')", unseen)
                        page.keyboard.press("Space")
                    expect(unsure).to_be_checked()
                elif not fieldset.locator("input[type=date]").input_value():  # typed, as without a mouse
                    _press_tab_until(page, f"el.type === 'date' && el.closest('#{qid}')", unseen)
                    page.keyboard.type(date_keys)
                    expect(fieldset.locator("input[type=date]")).to_have_value("2020-01-15")
            else:
                _press_tab_until(page, f"el.type === 'radio' && el.closest('#{qid}')", unseen)
                page.keyboard.press("Space")
                expect(fieldset.locator("input[type=radio]:checked")).to_have_count(1)
        _press_tab_until(page, "el.tagName === 'BUTTON' && el.value === 'next'", unseen)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator("#form-errors")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/review$"))
    assert {"basics", "evaluation"} <= set(visited), visited
    _press_tab_until(page, "el.tagName === 'A' && el.textContent.includes('查看自评结果')", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/result$"))
    expect(page.locator(".verdict h2")).to_be_visible()
    expect(page.locator("table.conditions")).to_contain_text("第七条")
    assert not unseen, "focused without a visible focus indicator:\n" + "\n".join(unseen)


def test_the_checker_finds_what_it_should(tabs):
    """The harness itself: text too faint to read and an image with no text are reported."""
    page = tabs["desktop"].page
    page.goto("/")
    page.evaluate("""() => {
        const faint = document.createElement('p');
        faint.textContent = '浅灰色的字';
        faint.style.cssText = 'color:#bbb;background:#fff';
        const image = document.createElement('img');
        image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.getElementById('main').append(faint, image);
    }""")
    found = {v["id"] for v in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= found, found


def test_a_page_sent_back_with_errors_says_so_in_its_title(tabs, assessments):
    tab = tabs["desktop"]
    _wizard_errors(tab, assessments)
    title = tab.page.title()
    assert title.startswith("错误"), title


def test_the_print_view_has_a_title_of_its_own(tabs, assessments):
    tab = tabs["desktop"]
    _result(tab, assessments)
    result = tab.page.title()
    _print_view(tab, assessments)
    assert tab.page.title() != result and "打印" in tab.page.title(), tab.page.title()


@pytest.mark.parametrize("state", ["home", "search-hits", "chat-answers", "wizard-safety", "review", "result",
                                   "notice", "admin-unanswered"])
def test_every_focus_stop_shows_the_focus(tabs, assessments, state):
    """Tab through the whole page: each element that takes the focus shows it (2.4.7)."""
    tab = tabs["desktop"]
    STATES[state][0](tab, assessments)
    page = tab.page
    page.evaluate("document.activeElement && document.activeElement.blur()")
    unseen: list[str] = []
    stops: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        state_now = page.evaluate(_FOCUS_PROBE % "true")
        if stops and state_now["what"] == stops[0]:
            break  # round the page once, wherever the focus started
        if state_now["what"] == "body":
            continue  # past the end: the next Tab starts from the top
        stops.append(state_now["what"])
        if not state_now["shown"]:
            unseen.append(state_now["what"])
    else:
        raise AssertionError(f"{state}: 400 Tabs did not come round the page: {stops[:5]} …")
    assert len(stops) >= 6, f"{state}: only {stops} take the focus"
    assert any("跳到正文" in stop for stop in stops), stops
    assert not unseen, f"{state}: focused without a visible focus indicator:\n" + "\n".join(unseen)
