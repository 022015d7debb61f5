"""A real server and a real browser: the production server on a free port and
Debian's Chromium driven by Playwright (browser downloads do not work here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT

CHROMIUM = os.environ.get("ASSISTANT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from tests.conftest import CORPUS, KB

    port = _free_port()
    data = tmp_path_factory.mktemp("browser-instance")
    env = {**os.environ, "ASSISTANT_RATE_LIMIT": "0"}
    command = [sys.executable, "-m", "assistant", "--data-dir", str(data), "--corpus-dir", str(CORPUS),
               "--kb-dir", str(KB), "serve", "--port", str(port), "--workers", "1", "--threads", "4"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/status", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode("utf-8", "replace")) from None
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("the server did not start within 90 s")
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    process.stderr.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def _tab(browser, live_server, **options):
    context = browser.new_context(base_url=live_server, locale="zh-CN", **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def page(browser, live_server):
    yield from _tab(browser, live_server, accept_downloads=True, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone(browser, live_server):
    yield from _tab(browser, live_server, viewport={"width": 375, "height": 740}, device_scale_factor=2,
                    is_mobile=True, has_touch=True)


@pytest.fixture
def no_js(browser, live_server):
    """A phone-width tab with JavaScript off: every page must work without it."""
    yield from _tab(browser, live_server, java_script_enabled=False, viewport={"width": 375, "height": 740})


def screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
