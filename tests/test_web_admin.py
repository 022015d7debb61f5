"""The staff page of unanswered questions exists only with a token, and only
for those who hold it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import form_token

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def admin_client(settings):
    from web import create_app

    app = create_app(replace(settings, admin_token=TOKEN), {"TESTING": True, "RATE_LIMIT": 0})
    return app.test_client()


def test_without_a_token_the_page_does_not_exist(client):
    assert client.get("/admin/unanswered").status_code == 404
    assert client.get("/admin/login").status_code == 404


def test_without_credentials_you_are_sent_to_login(admin_client):
    response = admin_client.get("/admin/unanswered")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/login")
    api_style = admin_client.get("/admin/unanswered", headers={"Accept": "application/json"})
    assert api_style.status_code == 401


def test_wrong_token_is_refused(admin_client):
    token = form_token(admin_client, "/admin/login")
    response = admin_client.post("/admin/login", data={"token": "guess", "csrf_token": token})
    assert response.status_code == 401
    assert admin_client.get("/admin/unanswered").status_code == 302


def test_bearer_token_and_listing_most_frequent_first(admin_client):
    for _ in range(3):
        admin_client.post("/api/ask", json={"question": "明天重庆天气怎么样？"})
    admin_client.post("/api/ask", json={"question": "股票怎么买？我的电话13812345678"})
    html = admin_client.get("/admin/unanswered", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert "明天重庆天气怎么样" in html
    assert html.index("明天重庆天气怎么样") < html.index("股票怎么买")
    assert "13812345678" not in html


def test_login_with_the_token(admin_client):
    token = form_token(admin_client, "/admin/login")
    response = admin_client.post("/admin/login", data={"token": TOKEN, "csrf_token": token})
    assert response.status_code == 302
    assert admin_client.get("/admin/unanswered").status_code == 200
