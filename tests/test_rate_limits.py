"""Rate limits are shared by every worker and weighted by what a request costs: the allowance is one
per data directory, not one per process, and a PDF report costs ten searches."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from web import create_app
from web.ratelimit import Buckets, RateLimited


@pytest.fixture
def own_settings(settings, tmp_path):
    return replace(settings, data_dir=tmp_path / "instance")


def test_two_workers_share_one_allowance(own_settings):
    """Two apps on one data directory stand for two gunicorn workers."""
    first = create_app(own_settings, {"TESTING": True, "RATE_LIMIT": 4}).test_client()
    second = create_app(own_settings, {"TESTING": True, "RATE_LIMIT": 4}).test_client()
    codes = [(first if n % 2 else second).get("/api/search?q=公示").status_code for n in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]


# Processes taking tokens at once on either backend: tests/test_storage_backends.py.


def test_a_pdf_report_costs_more_than_a_search(own_settings):
    app = create_app(own_settings, {"TESTING": True, "RATE_LIMIT": 20})
    client = app.test_client()
    response = client.post("/api/assess", json={"type": "factory", "answers": {}})
    assert response.status_code in (200, 400)
    page = client.get("/assess/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    saved = client.post("/assess/new", data={"type": "factory", "csrf_token": token}).headers["Location"]
    report = saved.rstrip("/") + "/report.pdf"
    codes = [client.get(report).status_code for _ in range(3)]
    assert codes[0] == 200 and 429 in codes  # 2 + 1 + 10 + 10 > 20
    limited = client.get(report)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1


def test_storage_that_cannot_be_written_still_limits_in_memory(tmp_path):
    (tmp_path / "ratelimit.sqlite3").mkdir()  # not a database: the shared store fails
    buckets = Buckets(tmp_path)
    buckets.take("k", 1, 2, 60)
    buckets.take("k", 1, 2, 60)
    with pytest.raises(RateLimited):
        buckets.take("k", 1, 2, 60)
