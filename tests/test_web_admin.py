"""The staff page of unanswered questions exists only with a token, and only
for those who hold it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import form_token

TOKEN = "s3cret-token-for-tests-0123456789abcdef"


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


@pytest.fixture
def own_admin_app(settings, tmp_path):
    from web import create_app

    return create_app(replace(settings, admin_token=TOKEN, data_dir=tmp_path / "instance"),
                      {"TESTING": True, "RATE_LIMIT": 0})


def test_login_is_throttled_after_ten_tries(own_admin_app):
    client = own_admin_app.test_client()
    token = form_token(client, "/admin/login")
    codes = [client.post("/admin/login", data={"token": f"guess{n}", "csrf_token": token}).status_code
             for n in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    # the right token is throttled too: guessing cannot go on by mixing in the odd right answer
    assert client.post("/admin/login", data={"token": TOKEN, "csrf_token": token}).status_code == 429


def test_logout_revokes_the_session_on_the_server(own_admin_app):
    client = own_admin_app.test_client()
    token = form_token(client, "/admin/login")
    assert client.post("/admin/login", data={"token": TOKEN, "csrf_token": token}).status_code == 302
    cookie = client.get_cookie("session")
    copied = own_admin_app.test_client()
    copied.set_cookie("session", cookie.value)
    assert copied.get("/admin/unanswered").status_code == 200  # the same cookie works…
    token = form_token(client, "/admin/unanswered")
    client.post("/admin/logout", data={"csrf_token": token})
    assert copied.get("/admin/unanswered").status_code == 302  # …and not after logout


def test_the_cookie_holds_nothing_derived_from_the_token(own_admin_app):
    import hashlib

    client = own_admin_app.test_client()
    token = form_token(client, "/admin/login")
    client.post("/admin/login", data={"token": TOKEN, "csrf_token": token})
    serializer = own_admin_app.session_interface.get_signing_serializer(own_admin_app)
    data = serializer.loads(client.get_cookie("session").value)
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    assert TOKEN not in str(data) and not any(digest[:12] in str(v) for v in data.values())
    assert set(data) <= {"admin_session", "csrf"}


def test_a_short_token_is_refused(settings):
    from assistant.errors import ConfigError
    from web import create_app

    with pytest.raises(ConfigError, match="32"):
        create_app(replace(settings, admin_token="short-token"), {"TESTING": True})
