"""What the reports say besides the result: the 申报单位名称 the applicant typed (checked, stored, shown on the
result page, the print view, the PDF, the JSON and the 一次性告知单) and the version people can read (文号 and the
knowledge base's build date; the hash only in the JSON). Also the wizard's questions revealed in place."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from werkzeug.datastructures import MultiDict

from assistant.assess import assess
from assistant.assess.report import clean_enterprise_name, render_markdown, with_context
from assistant.errors import BadInput
from tests.test_web_assess import wizard  # noqa: F401 (a fixture)

NAME = "重庆渝新（集团）绿色制造有限公司"


@pytest.fixture(scope="module")
def result(kb):
    from tests.test_assess_notice import ANSWERS

    return with_context(assess(kb, "factory", ANSWERS, dt.date(2025, 6, 1)).to_dict(), kb, NAME)


LATIN = "ABC-Tech (Chongqing) Co., Ltd."


@pytest.mark.parametrize("typed, kept", [("  重庆 某某  科技有限公司 ", "重庆 某某 科技有限公司"), ("", None),
                                         ("\u3000", None), (LATIN, LATIN)])
def test_the_name_is_tidied_and_an_empty_one_is_no_name(typed, kept):
    assert clean_enterprise_name(typed) == kept


@pytest.mark.parametrize("typed, says", [("重" * 61, "最多 60 个字"), ("<script>x</script>", "常用标点"),
                                         ("某某公司\x00", "常用标点"), ("绿色工厂🌱", "常用标点")])
def test_a_name_that_cannot_be_printed_is_refused_naming_the_field(typed, says):
    with pytest.raises(BadInput) as caught:
        clean_enterprise_name(typed)
    assert str(caught.value).startswith("申报单位名称：") and says in str(caught.value)
    assert caught.value.field == "enterprise_name"


def test_the_version_is_the_document_number_and_the_build_date(result, kb):
    assert result["enterprise_name"] == NAME
    assert result["version"]["doc_number"] == "渝经信规范〔2024〕4号"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result["version"]["built"])
    assert result["measures"]["fingerprint"] == kb.fingerprint  # the JSON keeps the hash
    markdown = render_markdown(result)
    assert f"- 申报单位：{NAME}" in markdown
    assert f"- 版本：渝经信规范〔2024〕4号 · 知识库 {result['version']['built']}" in markdown
    assert kb.fingerprint not in markdown
    bare = {k: v for k, v in result.items() if k not in ("version", "enterprise_name")}
    assert "- 版本：渝经信规范〔2024〕4号\n" in render_markdown(bare)  # a result stored before: the 文号 alone


def test_the_notice_comes_with_the_applicant_filled_in(result, kb):
    import docx
    import fitz

    from assistant.assess.notice_docs import render_notice

    markdown = render_notice(result, "md").decode("utf-8")
    assert f"- 申请单位：{NAME}" in markdown and "- 经办人：____" in markdown
    assert markdown.count(NAME) == 1 and kb.fingerprint not in markdown
    word = docx.Document(io.BytesIO(render_notice(result, "docx")))
    word_text = "\n".join(p.text for p in word.paragraphs)
    assert f"申请单位：{NAME}" in word_text and "版本：渝经信规范〔2024〕4号" in word_text
    with fitz.open(stream=render_notice(result, "pdf"), filetype="pdf") as pdf:
        assert pdf.page_count == 1  # still one page with the name on a line of its own
        text = pdf[0].get_text().replace("\n", "")
        pdf[0].get_pixmap(dpi=110).save("/tmp/notice_named_p1.png")
    assert f"申请单位：{NAME}" in text and "经办人：____" in text and "版本：渝经信规范〔2024〕4号" in text
    assert kb.fingerprint not in text


def test_the_name_form_stores_shows_and_refuses_in_words(wizard):  # noqa: F811
    client, saved, token = wizard
    page = client.get(f"/assess/{saved}/result").get_data(as_text=True)
    assert 'name="enterprise_name"' in page and "申报单位名称（选填）" in page
    assert "版本：渝经信规范〔2024〕4号 · 知识库" in page
    long = client.post(f"/assess/{saved}/name", data={"csrf_token": token, "enterprise_name": "厂" * 80})
    assert long.status_code == 400
    html = long.get_data(as_text=True)
    assert "申报单位名称：最多 60 个字" in html and 'aria-invalid="true"' in html and "厂" * 80 in html
    assert client.post(f"/assess/{saved}/name", data={"csrf_token": token, "enterprise_name": "a" * 5000}
                       ).status_code == 400
    done = client.post(f"/assess/{saved}/name", data={"csrf_token": token, "enterprise_name": f" {NAME} "})
    assert done.status_code == 302 and done.headers["Location"].endswith("/result#enterprise")
    for path in ("result", "print"):
        assert f"申报单位：<strong>{NAME}</strong>" in client.get(f"/assess/{saved}/{path}").get_data(as_text=True)
    data = client.get(f"/assess/{saved}/report.json").json
    assert data["enterprise_name"] == NAME and data["version"]["doc_number"] == "渝经信规范〔2024〕4号"
    assert data["measures"]["fingerprint"]  # added fields, nothing renamed
    notice = client.get(f"/assess/{saved}/notice").get_data(as_text=True)
    assert f'<dd class="filled">{NAME}</dd>' in notice
    assert data["measures"]["fingerprint"] not in client.get(f"/assess/{saved}/report.md").get_data(as_text=True)
    cleared = client.post(f"/assess/{saved}/name", data={"csrf_token": token, "enterprise_name": ""})
    assert cleared.status_code == 302 and client.get(f"/assess/{saved}/report.json").json["enterprise_name"] is None


def test_the_print_view_offers_print_and_a_way_back(wizard):  # noqa: F811
    client, saved, _ = wizard
    html = client.get(f"/assess/{saved}/print").get_data(as_text=True)
    assert re.search(r"<button type=\"button\" data-print hidden>打印</button>", html)
    assert "请使用浏览器的“打印”命令" in html and f'href="/assess/{saved}/result">返回自评结果</a>' in html
    assert 'name="enterprise_name"' not in html


def test_dates_in_reasons_do_not_break(client):
    from web.assess_results import nowrap_dates

    assert str(nowrap_dates("发生在 2024-02-29，<b>")) == '发生在 <span class="date">2024-02-29</span>，&lt;b&gt;'


def test_a_question_an_answer_on_the_page_reveals_is_sent_hidden_for_the_script(wizard):  # noqa: F811
    client, saved, _ = wizard
    html = client.get(f"/assess/{saved}/p/safety").get_data(as_text=True)
    box = re.search(r'<fieldset[^>]*id="q-last_major_accident_on"[^>]*>', html).group(0)
    assert "hidden disabled" in box and "data-show-if=" in box and "major_accident" in box


def test_answers_to_a_question_revealed_in_place_are_saved_in_the_same_post(wizard):  # noqa: F811
    client, saved, token = wizard
    data = MultiDict([("csrf_token", token), ("nav", "next"), ("shown", "major_accident"), ("q_major_accident", "yes"),
                      ("shown", "last_major_accident_on"), ("q_last_major_accident_on", "2024-02-29"),
                      ("shown", "blacklisted"), ("q_blacklisted", "no")])
    response = client.post(f"/assess/{saved}/p/safety", data=data)
    assert response.status_code == 302 and "added" not in response.headers["Location"]
    from web import wizard_store

    answers = wizard_store.load(client.application.config["ASSISTANT_SETTINGS"].data_dir, saved).answers
    assert answers["last_major_accident_on"] == "2024-02-29" and answers["major_accident"] == "yes"
    # a question the script hid again (the answer changed back to 否) is left alone, not erased
    data = MultiDict([("csrf_token", token), ("nav", "next"), ("shown", "major_accident"), ("q_major_accident", "no"),
                      ("shown", "blacklisted"), ("q_blacklisted", "no")])
    assert client.post(f"/assess/{saved}/p/safety", data=data).status_code == 302
    review = client.get(f"/assess/{saved}/review").get_data(as_text=True)
    assert "最近一次较大及以上事故发生在哪一天" not in review
