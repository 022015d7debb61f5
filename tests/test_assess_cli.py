"""Command line: ``questions`` and ``assess`` (answers file and terminal session)."""

from __future__ import annotations

import json

import pytest

GOOD_FACTORY = {
    "registered_in_chongqing": "yes", "tax_in_chongqing": "yes", "manufacturing": "yes",
    "founded_on": "2010-03-15", "major_accident": "yes", "last_major_accident_on": "2023-06-01",
    "blacklisted": "no", "ever_revoked": "no", "green_org": "yes", "green_duties": "yes",
    "target_responsibility": "yes", "long_term_plan": "yes", "annual_targets": "yes", "funding": "yes",
    "environmental_system": "yes", "safety_system": "yes", "quality_system": "yes", "energy_system": "yes",
    "competitive": "yes", "advanced_indicators": "yes", "self_evaluation": "conforms",
    "evaluator_engaged": "yes", "evaluation_report": "pending",
}


def write(tmp_path, data, name="answers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("kind", ["factory", "park"])
def test_questions_json_shape(runner, kind):
    result = runner("questions", "--type", kind, "--json")
    assert result.exit_code == 0
    questions = json.loads(result.output)
    assert isinstance(questions, list) and len(questions) >= 15
    for question in questions:
        assert {"id", "text", "type", "options", "citations"} <= set(question)
        assert question["type"] in ("yesno", "choice", "date")
        assert all({"value", "label"} <= set(o) for o in question["options"])
        assert question["citations"]
        for cited in question["citations"]:
            assert {"article", "item", "label"} <= set(cited)
            assert isinstance(cited["article"], int) and (cited["item"] is None or isinstance(cited["item"], int))
    first = questions[0]["citations"][0]
    assert first["article"] == {"factory": 7, "park": 6}[kind] and first["item"] == 1


def test_questions_as_text(runner):
    result = runner("questions", "--type", "factory")
    assert result.exit_code == 0
    assert "[last_major_accident_on]" in result.output and "第七条第（三）项" in result.output


def test_assess_answers_json_contract(runner, tmp_path):
    result = runner("assess", "--type", "factory", "--answers", write(tmp_path, GOOD_FACTORY),
                    "--date", "2026-05-31", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"type", "date", "verdict", "conditions", "checklist", "next_steps"} <= set(data)
    assert (data["type"], data["date"], data["verdict"]) == ("factory", "2026-05-31", "not_yet_eligible")
    for condition in data["conditions"]:
        assert {"id", "article", "item", "label", "status", "reason"} <= set(condition)
    accident = next(c for c in data["conditions"] if c["id"] == "art-7-p1-i3")
    assert (accident["article"], accident["item"], accident["label"]) == (7, 3, "第七条第（三）项")
    assert accident["status"] == "not_met" and accident["until"] == "2026-06-01"
    bar = next(c for c in data["conditions"] if c["id"] == "art-18")
    assert (bar["article"], bar["item"]) == (18, None)
    assert data["blocking"] == [{"id": "art-7-p1-i3", "label": "第七条第（三）项", "title": accident["title"],
                                 "reason": accident["reason"], "until": "2026-06-01"}]


def test_assess_the_next_day_is_no_longer_blocked(runner, tmp_path):
    result = runner("assess", "--type", "factory", "--answers", write(tmp_path, GOOD_FACTORY),
                    "--date", "2026-06-01", "--json")
    assert json.loads(result.output)["verdict"] == "pending_evaluation"


def test_assess_accepts_wrapped_answers(runner, tmp_path):
    path = write(tmp_path, {"answers": {"park_type": "other"}})
    data = json.loads(runner("assess", "--type", "park", "--answers", path, "--date", "2025-06-01", "--json").output)
    assert data["verdict"] == "not_yet_eligible"


def test_assess_markdown(runner, tmp_path):
    result = runner("assess", "--type", "factory", "--answers", write(tmp_path, GOOD_FACTORY),
                    "--date", "2026-05-31", "--markdown")
    assert result.exit_code == 0
    text = result.output
    assert "## 结论：暂不符合申报条件" in text
    assert "| 第七条第（三）项 |" in text and "2026-06-01" in text
    assert "公示5个工作日" in text and "30个工作日" in text
    assert "渝经信规范〔2024〕4号" in text and "评估日期：2026-05-31" in text


def test_assess_pdf_writes_a_file(runner, tmp_path):
    out = tmp_path / "report.pdf"
    result = runner("assess", "--type", "park", "--answers", write(tmp_path, {"park_type": "featured_park"}),
                    "--date", "2025-06-01", "--pdf", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "PDF 报告已写入" in result.output


@pytest.mark.parametrize(("answers", "field"), [
    ({"no_such_question": "yes"}, "no_such_question"),
    ({"manufacturing": "perhaps"}, "manufacturing"),
    ({"manufacturing": 3}, "manufacturing"),
    ({"founded_on": "2023-02-30"}, "founded_on"),
    ({"major_accident": "yes", "last_major_accident_on": "2099-01-01"}, "last_major_accident_on"),
    ({"founded_on": "2020-01-01", "major_accident": "yes", "last_major_accident_on": "2019-01-01"},
     "last_major_accident_on"),
])
def test_bad_answer_files_get_a_one_line_message_naming_the_field(runner, tmp_path, answers, field):
    result = runner("assess", "--type", "factory", "--answers", write(tmp_path, answers), "--date", "2025-06-01",
                    "--json")
    assert result.exit_code == 1
    assert result.output.startswith("错误：") and field in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_bad_files_and_dates(runner, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{\"manufacturing\": ", encoding="utf-8")
    cases = [
        (["--answers", str(broken)], "不是有效的 JSON"),
        (["--answers", str(tmp_path / "missing.json")], "读不了答案文件"),
        (["--answers", write(tmp_path, ["yes"], "list.json")], "JSON 对象"),
        (["--answers", write(tmp_path, {}, "empty.json"), "--date", "2025-13-01"], "date"),
        (["--answers", write(tmp_path, {}, "empty.json"), "--json", "--markdown"], "只能选一个"),
    ]
    for args, message in cases:
        result = runner("assess", "--type", "factory", *args)
        assert result.exit_code == 1 and message in result.output, (args, result.output)


# -- the terminal session ----------------------------------------------------------------------


def session_lines() -> list[str]:
    """Answers typed at the factory prompts, with help, back, bad entries, skip, review and change."""
    return [
        "h", "1",                      # registered: help first, then 是
        "b", "",                       # tax: back to registered, keep its answer
        "1",                           # tax
        "maybe", "是",                 # manufacturing: a bad entry is refused, asked again
        "2023-02-30", "2010-01-01",    # founded_on: impossible date refused
        "2",                           # major_accident: 否 (no date asked)
        "2", "2",                      # blacklisted, ever_revoked
        "1", "1",                      # green_org, green_duties
        "s",                           # target_responsibility: skipped
        "1", "1", "1",                 # plan, annual targets, funding
        "1", "1", "1", "1",            # the four management systems
        "1", "1",                      # competitive, advanced indicators
        "1", "1", "3",                 # self-evaluation 做过，自评符合; evaluator; report 还没有出具
        "5", "1", "2024-01-01",        # review: change question 5 (accident) to 是, then its date is asked
        "11", "1",                     # review: answer the skipped question (now number 11)
        "",                            # see the result
    ]


def test_interactive_session_with_back_skip_help_review_and_change(runner):
    result = runner("assess", "--type", "factory", "--date", "2025-06-01", input="\n".join(session_lines()) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "依据 第七条第（一）项：（一）企业工商注册和税收解缴在本市辖区内" in out
    assert "说明：第七条第（一）项要求企业工商注册在本市辖区内" in out
    assert out.count("输入有误") == 2 and "maybe" in out and "2023-02-30" in out
    assert "当前回答：是（直接回车保留）" in out
    assert "（未回答）" in out  # the skipped question, shown at review
    assert "最近一次较大及以上事故发生在哪一天？" in out
    report = out[out.index("# 绿色工厂申报自评报告"):]
    assert "## 结论：暂不符合申报条件" in report and "2027-01-01" in report
    assert "| 企业建立了绿色发展的目标责任制吗？ | 是 |" in report
    assert "| 最近一次较大及以上事故发生在哪一天？ | 2024-01-01 |" in report


def test_interactive_session_can_stop_early(runner):
    result = runner("assess", "--type", "park", "--date", "2025-06-01", input="6\nq\n\n")
    assert result.exit_code == 0, result.output
    assert "## 结论：暂不符合申报条件" in result.output
    assert "尚未回答的问题" in result.output and "| 第六条第（一）项 |" in result.output


def test_interactive_review_rejects_a_bad_number(runner):
    result = runner("assess", "--type", "park", "--date", "2025-06-01", input="1\nq\n99\nx\n\n")
    assert result.exit_code == 0
    assert result.output.count("请输入 1 到") == 2
    assert "## 结论：问卷尚未答完" in result.output


def test_changing_an_answer_at_review_asks_only_what_it_reveals(runner):
    # park_type → 其他, stop at the second question; at review change the first to 经济技术开发区:
    # nothing new is revealed, so the unreached questions are not asked before the result.
    result = runner("assess", "--type", "park", "--date", "2025-06-01", input="6\nq\n1\n1\n\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("[1/") == 2 and result.output.count("[2/") == 1
    assert "## 结论：问卷尚未答完" in result.output
    assert "| 园区属于下面哪一类？ | 经国家或市政府批准的经济技术开发区 |" in result.output
