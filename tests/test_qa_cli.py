"""``ask`` (plain, --json, --jsonl, --explain, --session), ``chat`` and ``unanswered``."""

from __future__ import annotations

import json

REQUIRED = {"question", "answered", "answer", "citations", "source", "rule", "confidence", "suggestions"}


def test_ask_plain(runner):
    result = runner("ask", "公示期多长？")
    assert result.exit_code == 0
    assert "5个工作日" in result.output
    assert "依据：《重庆市绿色园区和绿色工厂认定管理办法》第十一条  [art-11]" in result.output


def test_ask_json_keeps_the_contract(runner):
    data = json.loads(runner("ask", "外地注册的公司能不能申报？", "--json").output)
    assert set(data) >= REQUIRED
    assert data["answered"] is True and data["source"] == "rule" and data["yes_no"] == "no"
    first = data["citations"][0]
    assert {"id", "article", "paragraph", "item", "label", "citation", "text"} <= set(first)
    assert (first["id"], first["article"], first["paragraph"], first["item"]) == ("art-7-p1-i1", 7, 1, 1)
    assert first["label"] == "第七条第（一）项"


def test_the_notice_has_no_article_number(runner):
    data = json.loads(runner("ask", "这个办法的文号是多少？", "--json").output)
    assert data["citations"][0]["id"] == "notice" and data["citations"][0]["article"] is None


def test_ask_explain(runner):
    result = runner("ask", "公式期几天", "--json", "--explain")
    explain = json.loads(result.output)["explain"]
    assert explain["chosen"] == "publicity-period"
    assert explain["corrections"] == [{"typed": "公式期", "meant": "公示期"}]
    assert "publicity" in explain["concepts"] and "duration" in explain["intents"]
    assert explain["tokens"] and explain["candidates"][0]["rule"] == "publicity-period"
    assert all("score" in c for c in explain["candidates"])
    plain = runner("ask", "公示期多长？", "--explain").output
    assert "--- 解释 ---" in plain and "candidates" in plain


def test_ask_jsonl_answers_each_line_on_its_own(runner):
    lines = "外地注册的公司能不能申报？\n\n那园区呢？\n" + "长" * 2000 + "\n社保怎么交\n"
    result = runner("ask", "--jsonl", input=lines)
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 5
    assert rows[0]["citations"][0]["id"] == "art-7-p1-i1"
    assert "error" in rows[1] and "error" in rows[3] and len(rows[3]["question"]) <= 201
    assert rows[2]["rule"] != "park-approved-zone"  # no context between lines
    assert rows[4]["answered"] is False and rows[4]["source"] == "none"


def test_ask_with_a_session(runner):
    runner("ask", "申报绿色工厂需要什么条件？", "--session", "cli-s1")
    data = json.loads(runner("ask", "那园区呢？", "--session", "cli-s1", "--json").output)
    assert data["citations"][0]["id"] == "art-6" and data["session"] == "cli-s1"


def test_ask_bad_input(runner):
    assert "请输入问题" in runner("ask", "   ").output
    result = runner("ask", "长" * 500)
    assert result.exit_code == 1 and "过长" in result.output
    assert runner("ask").exit_code == 1


def test_chat_keeps_context_and_goes_on_after_bad_input(runner):
    lines = ["哪些情形会被撤销称号？", "", "长" * 500, "第三项是什么？", "这是哪一条规定的？", "退出"]
    script = "\n".join(lines) + "\n"
    result = runner("chat", input=script)
    assert result.exit_code == 0
    out = result.output
    assert "请输入问题。" in out and "过长" in out
    assert ("第十七条第（三）项：园区或企业有下列情形之一的，撤销其市级绿色园区、绿色工厂称号："
            "（三）被依法终止的。") in out
    assert "依据是《重庆市绿色园区和绿色工厂认定管理办法》第十七条第（三）项" in out
    assert out.rstrip().endswith("）") and "再见" in out


def test_chat_ends_at_end_of_input(runner):
    result = runner("chat", input="公示期多长？\n")
    assert result.exit_code == 0 and "5个工作日" in result.output and "再见" in result.output


def test_unanswered_lists_most_frequent_first(runner, tmp_path):
    from assistant.config import Settings
    from tests.conftest import CORPUS, KB

    private = Settings.from_env(data_dir=tmp_path / "data", corpus_dir=CORPUS, kb_dir=KB)
    assert "还没有" in runner("unanswered", env_settings=private).output
    for question in ["天气怎么样", "社保怎么交", "天气怎么样？", "天气 怎么样"]:
        runner("ask", question, env_settings=private)
    rows = json.loads(runner("unanswered", "--json", env_settings=private).output)
    assert [(r["question"], r["count"]) for r in rows] == [("天气怎么样", 3), ("社保怎么交", 1)]
    plain = runner("unanswered", env_settings=private).output.splitlines()
    assert plain[0].split()[:2] == ["3", "天气怎么样"]
