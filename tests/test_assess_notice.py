"""一次性告知单: every condition not met or to verify with what to do and its clause, the procedure and the body
to apply to, blank fields; as Markdown, PDF, Word and a printable page; from the CLI and the web."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from tests.test_web_assess import FACTORY_PASSED, post_page

ANSWERS = {
    "registered_in_chongqing": "yes", "tax_in_chongqing": "no", "manufacturing": "yes",
    "founded_on": "2010-03-15", "major_accident": "yes", "last_major_accident_on": "2023-06-01",
    "blacklisted": "no", "ever_revoked": "no", "green_org": "unsure", "green_duties": "yes",
    "target_responsibility": "yes", "long_term_plan": "yes", "annual_targets": "yes", "funding": "yes",
    "environmental_system": "yes", "safety_system": "yes", "quality_system": "yes", "energy_system": "yes",
    "competitive": "yes", "self_evaluation": "conforms", "evaluator_engaged": "yes", "evaluation_report": "pending",
}
BLANKS = ("申请单位", "经办人", "日期")


@pytest.fixture(scope="module")
def result(kb):
    from assistant.assess import assess

    return assess(kb, "factory", ANSWERS, dt.date(2025, 6, 1)).to_dict()


def open_items(result):
    return [(r["label"], r["status"]) for r in result["conditions"] + result["readiness"] if r["status"] != "met"]


def test_the_notice_lists_exactly_the_open_conditions_with_what_to_do(result):
    from assistant.assess.notice import build_notice

    notice = build_notice(result)
    assert [(i["label"], i["status"]) for i in notice["items"]] == open_items(result)
    labels = {i["label"] for i in notice["items"]}
    assert {"第七条第（一）项", "第七条第（三）项", "第七条第（四）项", "第九条"} <= labels
    assert "第七条第（五）项" not in labels  # met, so not on the notice
    checklist = {e["id"]: [a["text"] for a in e["actions"]] for e in result["checklist"]}
    for item in notice["items"]:
        assert [a["text"] for a in item["actions"]] == checklist[item["id"]]  # the result's own texts
    assert notice["blanks"] == list(BLANKS)
    assert notice["authority"]["who"] == "区县经信部门"
    assert [s["title"] for s in notice["procedure"]][:3] == ["开展创建并自评价", "第三方现场评价与评价报告",
                                                               "向所在区县经信部门提出申请"]


def test_markdown_pdf_and_docx(result):
    import docx
    import fitz

    from assistant.assess.notice_docs import render_notice

    markdown = render_notice(result, "md").decode("utf-8")
    pdf = render_notice(result, "pdf")
    document = docx.Document(io.BytesIO(render_notice(result, "docx")))
    with fitz.open(stream=pdf, filetype="pdf") as opened:
        assert opened.page_count == 1
        page_text = opened[0].get_text()
        opened[0].get_pixmap(dpi=110).save("/tmp/notice_p1.png")
    word_text = "\n".join(p.text for p in document.paragraphs)
    word_text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    compact = page_text.replace("\n", "")
    for text in (markdown, compact, word_text):
        assert "绿色工厂申报一次性告知单" in text
        for blank in BLANKS:
            assert f"{blank}：" in text
        for label, _ in open_items(result):
            assert label in text
        assert "准备在本市缴纳税款的凭证" in text and "区县经信部门" in text and "第九条" in text
    assert "第七条第（五）项" not in markdown
    assert len(document.tables[0].rows) == 1 + len(open_items(result))


def test_nothing_open_says_so(result):
    from assistant.assess.notice import render_notice_markdown

    met = {**result, "conditions": [{**r, "status": "met"} for r in result["conditions"]],
           "readiness": [{**r, "status": "met"} for r in result["readiness"]], "checklist": []}
    assert "没有不符合或待核实的事项" in render_notice_markdown(met)


@pytest.mark.parametrize("suffix", ["md", "pdf", "docx"])
def test_cli_notice_writes_each_format(runner, tmp_path, suffix):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / f"告知单.{suffix}"
    done = runner("assess", "--type", "factory", "--answers", str(answers), "--date", "2025-06-01",
                  "--json", "--notice", str(out))
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["verdict"] == "not_yet_eligible"  # JSON output unchanged
    data = out.read_bytes()
    assert data.startswith({"md": b"# ", "pdf": b"%PDF-", "docx": b"PK"}[suffix])
    if suffix == "md":
        assert "第七条第（一）项" in data.decode("utf-8")


def test_cli_notice_rejects_an_unknown_suffix(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text("{}", encoding="utf-8")
    done = runner("assess", "--type", "factory", "--answers", str(answers), "--notice", str(tmp_path / "x.txt"))
    assert done.exit_code != 0 and ".docx" in done.output


def test_web_notice_page_and_downloads(client):
    from tests.conftest import form_token

    token = form_token(client, "/assess/")
    saved = client.post("/assess/new", data={"type": "factory", "csrf_token": token}).headers["Location"]
    saved = saved.split("/assess/")[1].strip("/")
    answers = {**FACTORY_PASSED, "basics": {**FACTORY_PASSED["basics"], "tax_in_chongqing": "no"},
               "evaluation": {**FACTORY_PASSED["evaluation"], "evaluation_report": "pending"}}
    for page, page_answers in answers.items():
        post_page(client, saved, page, token, page_answers)
        post_page(client, saved, page, token, page_answers)
    client.post(f"/assess/{saved}/date", data={"csrf_token": token, "date": "2025-06-01"})
    assert f'href="/assess/{saved}/notice"' in client.get(f"/assess/{saved}/result").get_data(as_text=True)
    page = client.get(f"/assess/{saved}/notice")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "一次性告知单" in html and "第七条第（一）项" in html and "第九条" in html
    assert "第七条第（五）项" not in html.split("需补齐的事项", 1)[1].split("办理程序", 1)[0]
    assert ">打印</a>" in html and "data-print" in html and f'href="/assess/{saved}/result">返回</a>' in html
    for blank in BLANKS:
        assert f"<dt>{blank}：</dt>" in html
    types = {"md": "text/markdown", "pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for fmt, mimetype in types.items():
        response = client.get(f"/assess/{saved}/notice.{fmt}")
        assert response.status_code == 200 and response.mimetype == mimetype
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and f".{fmt}" in disposition
        assert "%E5%91%8A%E7%9F%A5" in disposition  # 告知 in the UTF-8 file name
    assert client.get(f"/assess/{saved}/notice.txt").status_code == 404
