"""The self-assessment wizard through the web app: pages, saving, back,
a question appearing on the same page, review, date, restart, result, downloads."""

from __future__ import annotations

import re

import pytest

from tests.conftest import form_token


@pytest.fixture
def wizard(client):
    token = form_token(client, "/assess/")
    response = client.post("/assess/new", data={"type": "factory", "csrf_token": token})
    assert response.status_code == 302
    saved = response.headers["Location"].split("/assess/")[1].strip("/")
    return client, saved, token


def post_page(client, saved, page, token, answers, nav="next"):
    data = [("csrf_token", token), ("nav", nav)]
    for qid, value in answers.items():
        data += [("shown", qid), (f"q_{qid}", value)]
    from werkzeug.datastructures import MultiDict

    return client.post(f"/assess/{saved}/p/{page}", data=MultiDict(data))


def test_resume_link_goes_to_the_first_unanswered_page(wizard):
    client, saved, token = wizard
    assert client.get(f"/assess/{saved}").headers["Location"].endswith(f"/assess/{saved}/p/basics")
    post_page(client, saved, "basics", token, {"registered_in_chongqing": "yes", "tax_in_chongqing": "yes",
                                               "manufacturing": "yes", "founded_on": "2015-04-01"})
    assert client.get(f"/assess/{saved}").headers["Location"].endswith(f"/assess/{saved}/p/safety")


def test_page_shows_explanation_and_the_cited_clause(wizard):
    client, saved, _ = wizard
    html = client.get(f"/assess/{saved}/p/basics").get_data(as_text=True)
    assert "企业的工商注册在重庆市吗" in html
    assert "第七条第（一）项" in html and "税收解缴在本市辖区内" in html
    assert '<progress id="progress"' in html


def test_a_question_revealed_by_an_answer_is_asked_on_the_same_page(wizard):
    client, saved, token = wizard
    response = post_page(client, saved, "safety", token, {"major_accident": "yes", "blacklisted": "no"})
    assert response.headers["Location"].split("?")[0].endswith(f"/assess/{saved}/p/safety")
    html = client.get(f"/assess/{saved}/p/safety").get_data(as_text=True)
    assert 'name="q_last_major_accident_on"' in html


def test_invalid_input_is_explained_and_nothing_is_lost(wizard):
    client, saved, token = wizard
    response = post_page(client, saved, "basics", token, {"registered_in_chongqing": "yes", "tax_in_chongqing": "no",
                                                          "manufacturing": "yes", "founded_on": "2023-02-30"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "founded_on" in html or "成立" in html
    assert 'value="2023-02-30"' in html  # what was typed comes back
    review = client.get(f"/assess/{saved}/review").get_data(as_text=True)
    kept = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", review, re.S))
    assert kept["企业的税收在重庆市缴纳吗？"] == "否"  # the valid answers were saved


def test_back_saves_and_returns(wizard):
    client, saved, token = wizard
    post_page(client, saved, "basics", token, {"registered_in_chongqing": "yes"})
    response = post_page(client, saved, "safety", token, {"major_accident": "no"}, nav="back")
    assert response.headers["Location"].endswith("/p/basics")
    assert "否" in client.get(f"/assess/{saved}/review").get_data(as_text=True)


def test_review_date_restart_result_and_downloads(wizard):
    client, saved, token = wizard
    assert client.get(f"/assess/{saved}/review").status_code == 200
    bad = client.post(f"/assess/{saved}/date", data={"csrf_token": token, "date": "2999-01-01"})
    assert bad.status_code == 400
    client.post(f"/assess/{saved}/date", data={"csrf_token": token, "date": "2025-06-01"})
    result = client.get(f"/assess/{saved}/result").get_data(as_text=True)
    assert "评估日期 2025-06-01" in result
    assert 'class="verdict verdict-incomplete verdict-tone-to_verify"' in result
    assert "第七条第（三）项" in result
    assert "打印版" in result
    assert client.get(f"/assess/{saved}/print").status_code == 200
    data = client.get(f"/assess/{saved}/report.json").json
    assert data["date"] == "2025-06-01" and data["type"] == "factory"
    markdown = client.get(f"/assess/{saved}/report.md")
    assert markdown.mimetype == "text/markdown" and "第七条" in markdown.get_data(as_text=True)
    pdf = client.get(f"/assess/{saved}/report.pdf")
    assert pdf.data[:5] == b"%PDF-" and "attachment" in pdf.headers["Content-Disposition"]
    restarted = client.post(f"/assess/{saved}/restart", data={"csrf_token": token})
    assert restarted.headers["Location"].endswith("/p/basics")
    assert client.get(f"/assess/{saved}/report.json").json["answers"] == []


def test_questionnaire_json_for_the_wizard(client):
    data = client.get("/assess/questions/park.json").json
    assert data["type"] == "park"
    assert client.get("/assess/questions/spaceship.json").status_code == 404


def test_unknown_type_and_page(client, wizard):
    _, saved, _ = wizard
    assert client.get("/assess/?type=rocket").status_code == 404
    assert client.get(f"/assess/{saved}/p/no-such-page").status_code == 404


def test_reset_chat_starts_a_new_conversation(client):
    # The conversation lives at /ask?c=… now (plain /ask is always a new one);
    # the old reset post still works and leads to a new, empty conversation.
    token = form_token(client)
    saved = client.post("/ask", data={"question": "公示期多长？", "csrf_token": token})
    assert "第十一条" in client.get(saved.headers["Location"]).get_data(as_text=True)
    reset = client.post("/ask/reset", data={"csrf_token": token})
    assert "第十一条" not in client.get(reset.headers["Location"]).get_data(as_text=True)


def test_status_endpoint(client):
    data = client.get("/api/status").json
    assert data["doc_number"] == "渝经信规范〔2024〕4号" and data["status"] in ("现行有效", "已废止")


FACTORY_PASSED = {
    "basics": {"registered_in_chongqing": "yes", "tax_in_chongqing": "yes", "manufacturing": "yes",
               "founded_on": "2010-03-15"},
    "safety": {"major_accident": "no", "blacklisted": "no"},
    "record": {"ever_revoked": "no"},
    "organisation": {"green_org": "yes", "green_duties": "yes", "target_responsibility": "yes"},
    "planning": {"long_term_plan": "yes", "annual_targets": "yes", "funding": "yes"},
    "systems": {"environmental_system": "yes", "safety_system": "yes", "quality_system": "yes",
                "energy_system": "yes"},
    "performance": {"competitive": "yes", "advanced_indicators": "yes"},
    "evaluation": {"self_evaluation": "conforms", "evaluator_engaged": "yes", "evaluation_report": "passed"},
}


def test_a_passing_report_shows_the_standards_item_evidenced_and_the_way_to_apply(wizard):
    """第九条: 经第三方评价合格的 … 可向所在区县经信部门提出申请; the report evidences 第七条第（八）项."""
    client, saved, token = wizard
    for page, answers in FACTORY_PASSED.items():
        post_page(client, saved, page, token, answers)
        post_page(client, saved, page, token, answers)  # again, now that the questions they reveal are shown
    client.post(f"/assess/{saved}/date", data={"csrf_token": token, "date": "2025-06-01"})
    html = client.get(f"/assess/{saved}/result").get_data(as_text=True)
    assert 'class="verdict verdict-may_apply verdict-tone-met"' in html
    assert "可以向所在区县经信部门提出申请" in html and "第九条" in html
    row = re.search(r'<tr class="status-met">\s*<th scope="row"><a [^>]*>第七条第（八）项</a>.*?</tr>', html, re.S)
    assert row, "the 第七条第（八）项 row"
    assert "badge-evidence" in row.group(0) and "由第三方评价报告证明" in row.group(0)
    assert "依据：第九条" in row.group(0)
    markdown = client.get(f"/assess/{saved}/report.md").get_data(as_text=True)
    assert "符合（由第三方评价报告证明）" in markdown and "依据：第九条" in markdown


def test_a_date_and_unsure_together_are_refused_in_words(wizard):
    client, saved, token = wizard
    from werkzeug.datastructures import MultiDict

    data = MultiDict([("csrf_token", token), ("nav", "next"), ("shown", "founded_on"),
                      ("q_founded_on", "2015-04-01"), ("u_founded_on", "unsure")])
    html = client.post(f"/assess/{saved}/p/basics", data=data).get_data(as_text=True)
    assert "填了日期又勾选了“不确定”" in html


def test_error_messages_name_the_question_in_words_not_its_id(wizard):
    client, saved, token = wizard
    html = post_page(client, saved, "basics", token, {"founded_on": "2015-02-30"}).get_data(as_text=True)
    shown = re.sub(r"<[^>]+>", "", html)  # what the applicant reads (the id stays in links and names)
    assert "不是有效日期" in shown
    message = shown[shown.index("不是有效日期") - 80: shown.index("不是有效日期")]
    assert "founded_on" not in message and "“" in message


def test_clearing_asks_first_and_can_be_undone(wizard):
    client, saved, token = wizard
    post_page(client, saved, "basics", token, {"registered_in_chongqing": "yes", "tax_in_chongqing": "yes"})
    confirm = client.get(f"/assess/{saved}/restart").get_data(as_text=True)
    assert "确认清空" in confirm and "可以撤销" in confirm
    first = client.post(f"/assess/{saved}/restart", data={"csrf_token": token}).headers["Location"]
    page = client.get(first).get_data(as_text=True)
    assert "撤销清空" in page
    assert client.get(f"/assess/{saved}").headers["Location"].endswith("/p/basics")  # nothing answered now
    from web import wizard_store

    data_dir = client.application.config["ASSISTANT_SETTINGS"].data_dir
    assert wizard_store.load(data_dir, saved).answers == {}
    client.post(f"/assess/{saved}/undo", data={"csrf_token": token})
    assert "撤销清空" not in client.get(first).get_data(as_text=True)
    assert wizard_store.load(data_dir, saved).answers == {"registered_in_chongqing": "yes", "tax_in_chongqing": "yes"}


def test_the_applicant_can_delete_the_answers_and_is_told_how_long_they_are_kept(wizard):
    client, saved, token = wizard
    review = client.get(f"/assess/{saved}/review").get_data(as_text=True)
    assert "您的回答如何保存" in review and "180 天自动删除" in review and "现在删除我的回答" in review
    assert "确认删除" in client.get(f"/assess/{saved}/delete").get_data(as_text=True)
    done = client.post(f"/assess/{saved}/delete", data={"csrf_token": token}).get_data(as_text=True)
    assert "已从服务器上删除" in done
    assert client.get(f"/assess/{saved}/review").status_code == 404


def test_links_never_come_from_the_host_header(wizard):
    client, saved, _ = wizard
    review = client.get(f"/assess/{saved}/review", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in review and f'href="/assess/{saved}"' in review


def test_a_change_made_from_the_review_returns_to_the_review(wizard):
    client, saved, token = wizard
    review = client.get(f"/assess/{saved}/review").get_data(as_text=True)
    assert f"/assess/{saved}/p/basics?back=review" in review
    page = client.get(f"/assess/{saved}/p/basics?back=review").get_data(as_text=True)
    assert 'name="back" value="review"' in page and "保存并返回查看全部答案" in page
    from werkzeug.datastructures import MultiDict

    basics = {"registered_in_chongqing": "yes", "tax_in_chongqing": "yes", "manufacturing": "yes",
              "founded_on": "2010-03-15"}
    data = MultiDict([("csrf_token", token), ("nav", "next"), ("back", "review")]
                     + [pair for qid, value in basics.items() for pair in (("shown", qid), (f"q_{qid}", value))])
    response = client.post(f"/assess/{saved}/p/basics", data=data)
    assert response.headers["Location"].endswith(f"/assess/{saved}/review")


def test_a_question_revealed_by_an_answer_is_announced_without_javascript(wizard):
    client, saved, token = wizard
    response = post_page(client, saved, "safety", token, {"major_accident": "yes", "blacklisted": "no"})
    assert response.status_code == 302 and "added=1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "本页新增了问题" in page
