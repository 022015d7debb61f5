"""Regenerate the README screenshots from a running server.

    .venv/bin/python docs/make_screenshots.py [http://127.0.0.1:5000]

Uses Debian's Chromium through Playwright (like the browser tests).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        desk = browser.new_page(viewport={"width": 1200, "height": 820}, base_url=base)
        desk.goto("/")
        desk.screenshot(path=OUT / "home.png")
        desk.goto("/search?q=取消资格")
        desk.screenshot(path=OUT / "search.png")
        desk.goto("/ask")
        for question in ("申报绿色工厂需要什么条件？", "那园区呢？"):
            desk.get_by_label("您的问题").fill(question)
            desk.get_by_role("button", name="提问", exact=True).click()
            desk.locator("#latest").wait_for()
            desk.wait_for_timeout(300)
        desk.screenshot(path=OUT / "ask.png")
        desk.goto("/assess/")
        desk.get_by_role("button", name="开始绿色工厂自评").click()
        for _ in range(30):
            if "/review" in desk.url:
                break
            for fieldset in desk.locator("fieldset.question").all():
                date = fieldset.locator("input[type=date]")
                if date.count():
                    date.fill("2019-05-20")
                else:
                    fieldset.locator("input[type=radio]").first.check()
            desk.get_by_role("button", name="保存并继续").click()
        desk.get_by_role("link", name="查看自评结果").click()
        desk.screenshot(path=OUT / "assess-result.png")
        phone = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=1, base_url=base)
        phone.goto("/articles#art-17")
        phone.screenshot(path=OUT / "phone-articles.png")
        browser.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
