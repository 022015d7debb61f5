"""Knowledge lives in kb/ only: a questionnaire added as a file appears in the command line, the API and
the web app; the search filter's subjects, the Q&A's subjects and its fixed wordings, and the title of
the measures come from kb/ or from the parsed corpus."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.conftest import FIXTURES


@pytest.fixture
def with_third(sandbox):
    shutil.copy(FIXTURES / "kb" / "extra_questionnaire.yaml", sandbox.kb_dir / "questionnaires" / "upkeep.yaml")
    return sandbox


def test_a_new_questionnaire_file_appears_in_the_cli(runner, with_third):
    listed = runner("questions", "--type", "upkeep", env_settings=with_third)
    assert listed.exit_code == 0 and "称号维护测试问卷" in listed.output and "reported_this_year" in listed.output
    answers = with_third.data_dir.parent / "answers.json"
    answers.write_text(json.dumps({"reported_this_year": "no"}), encoding="utf-8")
    result = runner("assess", "--type", "upkeep", "--answers", str(answers), "--date", "2025-06-01", "--json",
                    env_settings=with_third)
    data = json.loads(result.output)
    assert data["type"] == "upkeep" and data["conditions"][0]["status"] == "not_met"
    unknown = runner("questions", "--type", "nonsense", env_settings=with_third)
    assert unknown.exit_code == 1 and "upkeep（称号维护）" in unknown.output


def test_a_new_questionnaire_file_appears_in_the_api_and_the_web(with_third):
    from tests.conftest import form_token
    from web import create_app

    client = create_app(with_third, {"TESTING": True, "RATE_LIMIT": 0}).test_client()
    assert client.get("/api/questions/upkeep").get_json()["type"] == "upkeep"
    result = client.post("/api/assess", json={"type": "upkeep", "answers": {"reported_this_year": "yes"},
                                             "date": "2025-06-01"}).get_json()
    assert result["conditions"][0]["status"] == "met"
    spec = client.get("/api/openapi.json").get_json()
    assert "upkeep" in spec["paths"]["/api/assess"]["post"]["requestBody"]["content"]["application/json"][
        "schema"]["properties"]["type"]["enum"]
    home = client.get("/").get_data(as_text=True)
    assert "称号维护自评" in home and "type=upkeep" in home
    start = client.get("/assess/?type=upkeep").get_data(as_text=True)
    assert "只用于测试" in start
    token = form_token(client, "/assess/")
    created = client.post("/assess/new", data={"type": "upkeep", "csrf_token": token})
    page = client.get(created.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "今年是否已经通过管理平台报送关键指标" in page


def test_the_search_filter_offers_the_lexicon_subjects(sandbox, runner):
    path = sandbox.kb_dir / "lexicon.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("subjects:\n", "subjects:\n  - {tag: 专家, words: [专家], source: art-11}\n", 1),
                    encoding="utf-8")
    from web import create_app

    client = create_app(sandbox, {"TESTING": True, "RATE_LIMIT": 0}).test_client()
    assert client.get("/api/search", query_string={"q": "评审", "subject": "专家"}).status_code == 200
    assert 'value="专家"' in client.get("/search?q=评审").get_data(as_text=True)
    data = json.loads(runner("search", "评审", "--subject", "专家", "--json", env_settings=sandbox).output)
    assert [h["article"] for h in data["hits"]] == [11]


def test_fixed_wordings_and_subjects_come_from_kb(sandbox):
    from assistant.runtime import build_snapshot

    wordings = sandbox.kb_dir / "wordings.yaml"
    wordings.write_text(wordings.read_text(encoding="utf-8").replace(
        "如需进一步了解，请咨询所在区县经信部门。", "详情请致电所在区县经信部门。"), encoding="utf-8")
    concepts = sandbox.kb_dir / "concepts.yaml"
    text = concepts.read_text(encoding="utf-8")
    text = text.replace("label: 绿色工厂, name: 企业", "label: 市级绿色工厂, name: 企业")
    concepts.write_text(text, encoding="utf-8")
    qa = build_snapshot(sandbox).qa
    assert qa.ask("今年绿色工厂申报几月份开始？").answer.endswith("详情请致电所在区县经信部门。")
    asked_back = qa.ask("申报要满足哪些条件？").answer
    assert "市级绿色工厂" in asked_back


def test_the_title_of_the_measures_comes_from_the_corpus(sandbox):
    from assistant.runtime import build_snapshot
    from web import create_app

    # Rules that read the title out of the notice follow it; the fixed wordings only name {title}.
    for path in [sandbox.corpus_dir / "cq-green-certification-2024.txt", *sandbox.kb_dir.rglob("*.yaml")]:
        path.write_text(path.read_text(encoding="utf-8").replace("认定管理办法", "认定管理规定"), encoding="utf-8")
    assert "{title}" in (sandbox.kb_dir / "wordings.yaml").read_text(encoding="utf-8")
    qa = build_snapshot(sandbox).qa
    assert "《重庆市绿色园区和绿色工厂认定管理规定》" in qa.ask("社保卡丢了在哪里补办").answer
    page = create_app(sandbox, {"TESTING": True, "RATE_LIMIT": 0}).test_client().get("/").get_data(as_text=True)
    assert re.search(r"<title>[^<]*认定管理规定</title>", page)
