"""Conversations on the chat page: each visit starts one, the server issues
its id, the session cookie says which ones a browser may see again, and a
GET never writes to the database."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from assistant.db import transaction
from tests.conftest import form_token
from web import chat

JSON = {"Accept": "application/json"}


def _questions(html: str) -> list[str]:
    return re.findall(r'<li class="message question"[^>]*><span class="who">问</span><p>([^<]*)</p>', html)


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


def _conversation(response) -> str:
    """The conversation a post redirected to (/ask?c=…#latest)."""
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/ask" and location.fragment == "latest"
    return parse_qs(location.query)["c"][0]


def _ask(client, question: str, **fields):
    return client.post("/ask", data={"question": question, "csrf_token": form_token(client), **fields})


def _rows(settings) -> tuple[int, int, int]:
    with transaction(settings.data_dir) as db:
        messages = db.execute("SELECT COUNT(*) FROM chat_messages").fetchone()[0]
        sessions = db.execute("SELECT COUNT(*) FROM chat_sessions").fetchone()[0]
        unanswered = db.execute("SELECT COUNT(*) FROM unanswered").fetchone()[0]
    return messages, sessions, unanswered


def test_a_new_visit_has_no_messages(client):
    _ask(client, "公示期多长？")
    html = client.get("/ask").get_data(as_text=True)
    assert _questions(html) == []
    assert "可以这样问" in html
    assert "c" not in _hidden(html)  # the first post will be given a new id


def test_a_post_redirects_to_its_conversation_and_a_reload_shows_it(client):
    first = _ask(client, "申报绿色工厂需要什么条件？")
    conversation = _conversation(first)
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", conversation)
    # The page carries the id, so the next question continues the same conversation.
    page = client.get(f"/ask?c={conversation}").get_data(as_text=True)
    assert _hidden(page)["c"] == conversation
    assert _conversation(_ask(client, "那园区呢？", c=conversation)) == conversation
    html = client.get(f"/ask?c={conversation}").get_data(as_text=True)
    assert _questions(html) == ["申报绿色工厂需要什么条件？", "那园区呢？"]
    assert html.index("第七条") < html.index("第六条")
    assert 'id="latest"' in html


def test_the_client_cannot_choose_the_id(client):
    chosen = "A" * 24
    conversation = _conversation(_ask(client, "公示期多长？", c=chosen))
    assert conversation != chosen
    assert _questions(client.get(f"/ask?c={chosen}").get_data(as_text=True)) == []


@pytest.mark.parametrize("c", ["", "nonsense", "A" * 24, "../../etc/passwd", "x" * 500, "%00", "<script>"])
def test_an_unknown_or_malformed_conversation_is_a_new_one(client, c):
    response = client.get(f"/ask?c={c}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _questions(html) == [] and "c" not in _hidden(html)
    assert "<script>" not in html


def test_another_browsers_conversation_is_not_shown_nor_continued(app, client):
    mine = _conversation(_ask(client, "公示期多长？"))
    stranger = app.test_client()
    html = stranger.get(f"/ask?c={mine}").get_data(as_text=True)
    assert _questions(html) == [] and "c" not in _hidden(html)
    # Posting with the id someone shared starts a conversation of one's own.
    theirs = _conversation(_ask(stranger, "那园区呢？", c=mine))
    assert theirs != mine
    assert _questions(client.get(f"/ask?c={mine}").get_data(as_text=True)) == ["公示期多长？"]


def test_new_conversation_button_starts_empty(client):
    conversation = _conversation(_ask(client, "公示期多长？"))
    html = client.get(f"/ask?c={conversation}").get_data(as_text=True)
    link = re.search(r'<a class="[^"]*new-chat[^"]*" href="([^"]+)">新对话</a>', html)
    assert link, "no 新对话 button"
    assert _questions(client.get(link.group(1)).get_data(as_text=True)) == []
    # The old form post still works and lands on a new conversation too.
    reset = client.post("/ask/reset", data={"csrf_token": form_token(client)})
    assert reset.status_code == 302 and reset.headers["Location"].endswith("/ask")
    assert _conversation(_ask(client, "撤销以后什么时候能再报？")) != conversation
    # The earlier conversation is still this browser's.
    assert _questions(client.get(f"/ask?c={conversation}").get_data(as_text=True)) == ["公示期多长？"]


def test_a_get_with_a_question_writes_nothing_and_shows_the_answer(client, settings):
    _ask(client, "公示期多长？")  # the database exists and this browser already has a conversation
    before = _rows(settings)
    response = client.get("/ask?q=绿色工厂要满足哪些条件")
    assert response.status_code == 200
    assert _rows(settings) == before
    html = response.get_data(as_text=True)
    assert _questions(html) == ["绿色工厂要满足哪些条件"]  # a fresh conversation: nothing else in it
    assert 'href="/articles#art-7"' in html
    assert re.search(r'<textarea[^>]*>绿色工厂要满足哪些条件</textarea>', html)
    hidden = _hidden(html)
    assert hidden["context"] == "绿色工厂要满足哪些条件" and "c" not in hidden
    # Not even a question the measures do not answer is logged by a look.
    assert client.get("/ask?q=新能源汽车补贴怎么申请").status_code == 200
    assert _rows(settings) == before


def test_the_first_post_after_a_link_replays_it_json(client, settings):
    html = client.get("/ask?q=绿色工厂要满足哪些条件").get_data(as_text=True)
    before = _rows(settings)
    fields = _hidden(html)
    response = client.post("/ask", data={**fields, "question": "那园区呢？"}, headers=JSON)
    assert response.status_code == 200
    answer = response.json
    assert answer["citations"][0]["id"] == "art-6"  # understood as a follow-up of the link's question
    assert answer["replayed"] is True and answer["session"] == answer["conversation"]
    messages, sessions, _ = _rows(settings)
    assert messages == before[0] + 2 and sessions == before[1] + 1
    saved = client.get(f"/ask?c={answer['conversation']}").get_data(as_text=True)
    assert _questions(saved) == ["绿色工厂要满足哪些条件", "那园区呢？"]
    assert "context" not in _hidden(saved)


def test_the_first_post_after_a_link_replays_it_without_javascript(client):
    html = client.get("/ask?q=绿色工厂要满足哪些条件").get_data(as_text=True)
    conversation = _conversation(client.post("/ask", data={**_hidden(html), "question": "那园区呢？"}))
    page = client.get(f"/ask?c={conversation}").get_data(as_text=True)
    assert _questions(page) == ["绿色工厂要满足哪些条件", "那园区呢？"]
    assert page.index('href="/articles#art-7"') < page.index('href="/articles#art-6"')


def test_without_the_context_the_follow_up_is_not_understood(client):
    """The control for the two tests above: it is the replay that makes 那园区呢？ work."""
    answer = client.post("/ask", data={"question": "那园区呢？", "csrf_token": form_token(client)},
                         headers=JSON).json
    assert "art-6" not in [c["id"] for c in answer["citations"][:1]]


def test_sending_the_link_question_as_it_is_saves_it_once(client):
    html = client.get("/ask?q=公示期多长？").get_data(as_text=True)
    conversation = _conversation(client.post("/ask", data={**_hidden(html), "question": "公示期多长？"}))
    assert _questions(client.get(f"/ask?c={conversation}").get_data(as_text=True)) == ["公示期多长？"]


def test_the_context_only_starts_a_conversation(client):
    conversation = _conversation(_ask(client, "公示期多长？"))
    _ask(client, "撤销以后什么时候能再报？", c=conversation, context="企业改名了怎么办？")
    assert _questions(client.get(f"/ask?c={conversation}").get_data(as_text=True)) == [
        "公示期多长？", "撤销以后什么时候能再报？"]


def test_a_bad_question_after_a_link_keeps_the_page(client, settings):
    html = client.get("/ask?q=公示期多长？").get_data(as_text=True)
    before = _rows(settings)
    empty = client.post("/ask", data={**_hidden(html), "question": "  "})
    assert empty.status_code == 400 and _rows(settings) == before
    page = empty.get_data(as_text=True)
    assert "请输入问题" in page and _questions(page) == ["公示期多长？"]
    assert _hidden(page)["context"] == "公示期多长？"
    # Too long: the link's question was already saved in the new conversation; the page shows it.
    long = client.post("/ask", data={**_hidden(html), "question": "公示" * 150})
    assert long.status_code == 400
    page = long.get_data(as_text=True)
    assert "过长" in page and _questions(page) == ["公示期多长？"]
    hidden = _hidden(page)
    assert "context" not in hidden and hidden["c"]


def test_a_link_with_a_bad_question_shows_the_error(client, settings):
    before = _rows(settings)
    response = client.get("/ask?q=" + "公示" * 150)
    assert response.status_code == 200 and _rows(settings) == before
    html = response.get_data(as_text=True)
    assert "过长" in html and "context" not in _hidden(html)


def test_question_links_start_new_conversations(client):
    conversation = _conversation(_ask(client, "公示期多长？"))
    for page in ("/", "/ask"):  # 常见问题 on the home page, the chips of an empty chat
        html = client.get(page).get_data(as_text=True)
        links = [unquote(q) for q in re.findall(r'href="/ask\?q=([^"]+)"', html)]
        assert links, page
        opened = client.get("/ask?q=" + links[0]).get_data(as_text=True)
        assert _questions(opened) == [links[0]] and "c" not in _hidden(opened)
    assert _questions(client.get(f"/ask?c={conversation}").get_data(as_text=True)) == ["公示期多长？"]


def _suggestion_forms(html: str) -> list[dict[str, str]]:
    forms = re.findall(r'<div class="followups">.*?</div>', html, re.S)
    assert forms, "no suggestions"
    return [{**_hidden(f), "question": q}
            for f in re.findall(r"<form .*?</form>", forms[-1], re.S)
            for q in re.findall(r'name="question" value="([^"]+)"', f)]


def test_suggestions_under_an_answer_continue_its_conversation(client):
    """Suggestions such as 那园区呢？ are follow-ups: asked in a new conversation
    they would mean nothing, so they are posted to the conversation they are in."""
    conversation = _conversation(_ask(client, "申报绿色工厂需要什么条件？"))
    forms = _suggestion_forms(client.get(f"/ask?c={conversation}").get_data(as_text=True))
    follow = next(f for f in forms if f["question"] == "那园区呢？")
    assert follow["c"] == conversation
    answer = client.post("/ask", data=follow, headers=JSON).json
    assert answer["citations"][0]["id"] == "art-6" and answer["conversation"] == conversation


def test_suggestions_under_a_link_answer_start_its_conversation(client, settings):
    html = client.get("/ask?q=绿色工厂要满足哪些条件").get_data(as_text=True)
    follow = next(f for f in _suggestion_forms(html) if f["question"] == "那园区呢？")
    assert follow["context"] == "绿色工厂要满足哪些条件" and "c" not in follow
    conversation = _conversation(client.post("/ask", data=follow))
    page = client.get(f"/ask?c={conversation}").get_data(as_text=True)
    assert _questions(page) == ["绿色工厂要满足哪些条件", "那园区呢？"]
    assert 'href="/articles#art-6"' in page


def test_the_hint_says_how_enter_works(client):
    html = client.get("/ask").get_data(as_text=True)
    assert "按 Enter 发送，Shift+Enter 换行" in html


def test_the_session_remembers_a_bounded_number_of_conversations(client):
    old = [chat.new_id() for _ in range(chat.REMEMBERED)]
    with client.session_transaction() as session:
        session["chats"] = old
    conversation = _conversation(_ask(client, "公示期多长？"))
    with client.session_transaction() as session:
        assert session["chats"] == [*old[1:], conversation]
