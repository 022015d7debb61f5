"""Every page renders, in Chinese, safely; unknown things give a friendly 404."""

from __future__ import annotations

import re

import pytest

from tests.conftest import form_token


@pytest.mark.parametrize(("path", "expected"), [
    ("/", "渝经信规范〔2024〕4号"),
    ("/", "2024-03-06"),
    ("/search", "条款检索"),
    ("/search?q=公示", "<mark>公示</mark>"),
    ("/search?q=取消资格", "第十八条"),
    ("/search?q=十七条", "条款号直达"),
    ("/search?q=量子计算机", "没有找到"),
    ("/articles", 'id="art-17-p1-i4"'),
    ("/articles", 'id="notice"'),
    ("/articles", "印发通知"),
    ("/ask", "咨询问答"),
    ("/assess/", "绿色工厂自评"),
])
def test_page_contains(client, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)


def test_search_page_shows_eleven_highlighted(client):
    html = client.get("/search?q=公示").get_data(as_text=True)
    assert 'href="/articles#art-11"' in html
    assert "<mark>公示</mark>" in html


def test_search_filters_and_paging(client):
    html = client.get("/search?q=绿色工厂&chapter=2").get_data(as_text=True)
    assert "第六条" in html or "第七条" in html
    assert "第十三条" not in html
    assert client.get("/search?q=绿色&page=2").status_code == 200
    assert client.get("/search?q=绿色&page=abc").status_code == 400


def test_articles_have_cross_reference_links_and_permalinks(client):
    html = client.get("/articles").get_data(as_text=True)
    assert 'href="#art-17-p1-i4"' in html
    assert 'class="xdoc"' in html  # 《…》（工信部联节〔2022〕88号）


@pytest.mark.parametrize(("ref", "anchor"), [("17", "art-17"), ("第7条第3项", "art-7-p1-i3"), ("art-11", "art-11")])
def test_article_permalinks_redirect_to_the_anchor(client, ref, anchor):
    response = client.get(f"/articles/{ref}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/articles#{anchor}")


@pytest.mark.parametrize("path", ["/articles/第99条", "/articles/../../etc/passwd", "/nope", "/assess/xyz",
                                  "/assess/AAAAAAAAAAAAAAAAAAAAAAAA", "/admin/unanswered"])
def test_unknown_things_are_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "没有找到" in html and "Traceback" not in html


def _saved_page(client, response) -> str:
    """The conversation a post redirected to. (Plain /ask is a new, empty
    conversation on every visit, so the tests follow the redirect to /ask?c=….)"""
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_chat_without_javascript_keeps_context(client):
    token = form_token(client)
    first = client.post("/ask", data={"question": "申报绿色工厂需要什么条件？", "csrf_token": token})
    assert first.status_code == 302
    conversation = re.search(r'name="c" value="([^"]+)"', _saved_page(client, first)).group(1)
    follow = client.post("/ask", data={"question": "那园区呢？", "csrf_token": token, "c": conversation})
    html = _saved_page(client, follow)
    assert "第七条" in html and "第六条" in html
    assert html.index("第七条") < html.index("第六条")


@pytest.mark.parametrize(("question", "quoted"), [
    ("公示期多长？", 1),  # a short answer: the clause is quoted under it
    ("申报绿色园区需要什么条件？", 0),  # the answer is the clause itself: not quoted twice
])
def test_chat_quotes_the_clause_once(client, question, quoted):
    html = _saved_page(client, client.post("/ask", data={"question": question, "csrf_token": form_token(client)}))
    assert html.count("<blockquote>") == quoted
    assert "/articles#art-" in html  # the citation link is there either way


def test_chat_answers_fetch_with_json(client):
    token = form_token(client)
    response = client.post("/ask", data={"question": "公示期多长？", "csrf_token": token},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json["citations"][0]["id"] == "art-11"


def test_chat_rejects_over_long_question_and_keeps_it(client):
    token = form_token(client)
    text = "公示" * 150
    response = client.post("/ask", data={"question": text, "csrf_token": token})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "过长" in html and text in html


def test_not_covered_is_said_clearly(client):
    token = form_token(client)
    response = client.post("/ask", data={"question": "社保怎么交？", "csrf_token": token})
    assert "不在办法范围内" in _saved_page(client, response)


def test_script_typed_anywhere_comes_back_inert(client):
    payload = "<script>alert(1)</script>"
    token = form_token(client)
    saved = client.post("/ask", data={"question": payload, "csrf_token": token, "context": payload})
    for path in (f"/search?q={payload}", f"/ask?q={payload}", saved.headers["Location"], f"/articles/{payload}"):
        html = client.get(path).get_data(as_text=True)
        assert payload not in html
    assert "&lt;script&gt;" in client.get(f"/search?q={payload}").get_data(as_text=True)
    assert "&lt;script&gt;" in client.get(f"/ask?q={payload}").get_data(as_text=True)


def test_form_posts_need_the_csrf_token(client):
    response = client.post("/ask", data={"question": "公示期多长？"})
    assert response.status_code == 400
    assert "表单已过期" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_request_size_limit(client):
    token = form_token(client)
    response = client.post("/ask", data={"question": "长" * 70_000, "csrf_token": token})
    assert response.status_code == 413
    assert "太大" in response.get_data(as_text=True)


def test_no_stack_traces_to_users(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html and "Traceback" not in html


def test_templates_and_static_are_local(client):
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    for asset in ("/static/style.css", "/static/app.js", "/static/print.css"):
        response = client.get(asset)
        assert response.status_code == 200
        response.close()


def test_every_field_has_a_label(client):
    for path in ("/", "/search?q=公示", "/ask"):
        html = client.get(path).get_data(as_text=True)
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', html):
            assert f'for="{field_id}"' in html, f"{path}: #{field_id} has no label"


def test_a_page_past_the_last_goes_to_the_last(client):
    response = client.get("/search?q=公示&page=99")
    assert response.status_code == 302 and "page=1" in response.headers["Location"]


def test_a_zero_hit_from_a_filter_says_so_and_links_the_search_without_it(client):
    html = client.get("/search?q=复审&chapter=1").get_data(as_text=True)  # 复审 is in 第五章 only
    assert "筛选条件排除了结果" in html and "取消筛选再检索" in html


def test_a_long_query_is_shortened_in_the_title(client):
    query = "绿色工厂" * 40
    html = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    title = html[html.index("<title>"): html.index("</title>")]
    assert query not in title and "…" in title


def test_the_full_text_offers_citations_with_the_document_number_and_a_way_back(client):
    html = client.get("/articles").get_data(as_text=True)
    assert 'value="第九条"' in html and 'value="《重庆市绿色园区和绿色工厂认定管理办法》第九条"' in html
    assert 'value="《重庆市绿色园区和绿色工厂认定管理办法》（渝经信规范〔2024〕4号）第九条"' in html
    assert 'href="#toc-title">回到目录' in html
    assert 'id="art-7-p1-i8" data-label="第七条第（八）项"' in html  # shown above an item reached by its link
