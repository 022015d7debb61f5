"""The JSON API: the CLI's shapes, JSON errors with the right status, OpenAPI."""

from __future__ import annotations

import pytest


def test_api_search_shape(client):
    data = client.get("/api/search?q=公示").json
    assert set(data) >= {"query", "total", "hits", "suggestions"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "article", "paragraph", "item", "label", "citation", "text", "highlight", "score"}
    assert hit["article"] == 11


@pytest.mark.parametrize(("query", "status", "field"), [
    ("", 400, "q"), ("?q=公示&limit=0", 400, "limit"), ("?q=公示&chapter=x", 400, "chapter"),
    ("?q=公示&subject=外星人", 400, "subject"), ("?q=" + "长" * 1200, 400, "q"),
])
def test_api_search_errors(client, query, status, field):
    response = client.get("/api/search" + query)
    assert response.status_code == status
    assert response.json["field"] == field
    assert response.json["error"]


def test_api_ask_answers_from_the_right_article(client):
    data = client.post("/api/ask", json={"question": "公示期多长？"}).json
    assert data["answered"] is True
    assert data["citations"][0]["id"] == "art-11" and data["citations"][0]["article"] == 11
    assert data["source"] == "rule"
    assert set(data) >= {"question", "answered", "answer", "citations", "source", "rule", "confidence",
                         "suggestions"}


def test_api_ask_session_keeps_context(client):
    first = client.post("/api/ask", json={"question": "申报绿色工厂需要什么条件？", "session": "new"}).json
    session = first["session"]
    follow = client.post("/api/ask", json={"question": "那园区呢？", "session": session}).json
    assert follow["citations"][0]["article"] == 6 and follow["session"] == session


def test_api_conversations_are_issued_by_the_server(client, settings):
    """Findings: every anonymous /api/ask made a session row; any 8 letters were accepted as an id, and
    two clients using the same id shared one conversation."""
    from assistant.db import transaction

    def sessions():
        with transaction(settings.data_dir) as db:
            return db.execute("SELECT COUNT(*) FROM chat_sessions").fetchone()[0]

    before = sessions()
    alone = client.post("/api/ask", json={"question": "申报绿色工厂需要什么条件？"}).json
    assert alone["session"] is None and sessions() == before
    chosen = client.post("/api/ask", json={"question": "申报绿色工厂需要什么条件？", "session": "mychosenid1"}).json
    assert chosen["session"] != "mychosenid1" and len(chosen["session"]) >= 20
    other = client.post("/api/ask", json={"question": "那园区呢？", "session": "mychosenid1"}).json
    assert other["session"] not in ("mychosenid1", chosen["session"])  # no context to share


@pytest.mark.parametrize(("body", "status"), [
    ({}, 400), ({"question": 5}, 400), ({"question": ""}, 400), ({"question": "长" * 300}, 400),
    ({"question": "公示", "session": "bad id!"}, 400), ([1, 2], 400),
])
def test_api_ask_bad_input(client, body, status):
    response = client.post("/api/ask", json=body)
    assert response.status_code == status
    assert response.is_json and response.json["error"]


def test_api_ask_requires_json(client):
    response = client.post("/api/ask", data={"question": "公示"})
    assert response.status_code == 415
    assert response.json["status"] == 415


def test_api_article(client):
    data = client.get("/api/articles/第7条第3项").json
    assert data["id"] == "art-7-p1-i3" and data["label"] == "第七条第（三）项"
    assert client.get("/api/articles/notice").json["article"] is None


@pytest.mark.parametrize("ref", ["第99条", "xyz", "..%2F..%2Fetc%2Fpasswd", "art-17-p9"])
def test_api_article_not_found(client, ref):
    response = client.get(f"/api/articles/{ref}")
    assert response.status_code == 404
    error = response.json["error"]
    # one clear sentence: what is wrong, never "没有找到“第99条”：没有第99条：…"
    assert response.is_json and ("没有" in error or "不是条款号" in error) and error.count("没有") <= 1


def test_api_questions(client):
    data = client.get("/api/questions/factory").json
    assert data["type"] == "factory"
    first = data["questions"][0]
    assert set(first) >= {"id", "text", "type", "options", "citations"}
    assert client.get("/api/questions/spaceship").status_code == 404


def test_api_assess(client):
    data = client.post("/api/assess", json={"type": "factory", "answers": {}, "date": "2025-06-01"}).json
    assert data["verdict"] == "incomplete"
    assert set(data) >= {"type", "date", "verdict", "conditions", "checklist", "next_steps"}
    assert data["date"] == "2025-06-01"


@pytest.mark.parametrize(("body", "field"), [
    ({"type": "rocket", "answers": {}}, "type"), ({"type": "factory", "answers": []}, "answers"),
    ({"type": "factory", "answers": {}, "date": "2023-02-30"}, "date"),
    ({"type": "factory", "answers": {}, "date": "2999-01-01"}, "date"),
    ({"type": "factory", "answers": {"no_such_question": "yes"}}, "no_such_question"),
])
def test_api_assess_bad_input_names_the_field(client, body, field):
    response = client.post("/api/assess", json=body)
    assert response.status_code == 400
    assert field in (response.json.get("field") or "") or field in response.json["error"]


def test_openapi_lists_every_api_route(app, client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    documented = set(spec["paths"])
    routes = {str(rule).replace("<path:ref>", "{ref}").replace("<kind>", "{type}")
              for rule in app.url_map.iter_rules() if str(rule).startswith("/api/") and "openapi" not in str(rule)}
    assert routes == documented


def test_api_errors_are_json_even_for_unknown_routes(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.is_json


def test_rate_limit_gives_a_clear_429(settings):
    from web import create_app

    limited = create_app(settings, {"TESTING": True, "RATE_LIMIT": 3}).test_client()
    codes = [limited.get("/api/search?q=公示").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    response = limited.get("/api/search?q=公示")
    assert "频繁" in response.json["error"] and int(response.headers["Retry-After"]) >= 1


@pytest.mark.parametrize(("proxies", "separate"), [(0, False), (1, True)])
def test_forwarded_addresses_count_only_behind_a_trusted_proxy(settings, proxies, separate):
    """Behind nginx (ASSISTANT_TRUSTED_PROXIES=1) each citizen has an allowance of their own; without a
    proxy the header is the client's own invention and must not buy a fresh allowance."""
    from dataclasses import replace

    from web import create_app

    app = create_app(replace(settings, trusted_proxies=proxies), {"TESTING": True, "RATE_LIMIT": 2})
    # Addresses of this test only: other tests' requests in the same minute share the rate-limit store.
    client = app.test_client()
    proxy, citizen, other = f"10.{proxies}.9.1", f"10.{proxies}.9.2", f"10.{proxies}.9.3"

    def search(forwarded: str) -> int:
        return client.get("/api/search?q=公示", headers={"X-Forwarded-For": forwarded},
                          environ_base={"REMOTE_ADDR": proxy}).status_code

    assert [search(f"9.9.9.9, {citizen}") for _ in range(3)] == [200, 200, 429]
    # A client that prepends a made-up address is still the same client to the proxy.
    assert search(f"1.2.3.4, {citizen}") == 429
    assert (search(other) == 200) is separate


def test_a_bad_proxy_count_is_refused_naming_the_variable(monkeypatch):
    from assistant.config import Settings
    from assistant.errors import ConfigError

    monkeypatch.setenv("ASSISTANT_TRUSTED_PROXIES", "nginx")
    with pytest.raises(ConfigError, match="ASSISTANT_TRUSTED_PROXIES"):
        Settings.from_env()


@pytest.mark.parametrize(("body", "field"), [
    ('{"question": "\\ud800公示期多长"}', "question"),
    ('{"question": ' + "[" * 2000 + "]" * 2000 + "}", "body"),
    ("[" * 2000 + "]" * 2000, "body"),
    ('{"type": "factory", "answers": {"founded_on": "\\udc80"}}', "answers"),
])
def test_bodies_that_cannot_be_used_are_400s_naming_the_problem(client, body, field):
    """Findings: a lone surrogate and JSON nested 2,000 deep answered 500."""
    for path in ("/api/ask", "/api/assess"):
        response = client.post(path, data=body, content_type="application/json")
        assert response.status_code == 400, (path, response.get_data(as_text=True))
        if path == "/api/ask" or field != "question":
            assert response.json["error"]


def test_a_date_no_one_can_count_from_is_a_bad_date(client):
    """Finding: 9999年12月31日开始公示… answered 500 (year 10002 is out of range)."""
    answer = client.post("/api/ask", json={"question": "9999年12月31日开始公示，什么时候结束"}).json
    assert not answer["answered"] and "9999年12月31日" in answer["answer"]
    assert client.get("/ask", query_string={"q": "9999年12月31日开始公示，什么时候结束"}).status_code == 200


def test_405_says_which_methods_are_allowed(client):
    response = client.delete("/api/ask")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
