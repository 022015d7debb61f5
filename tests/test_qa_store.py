"""The log of unanswered questions: counted, most frequent first, nothing personal."""

from __future__ import annotations

import pytest

from assistant.qa.store import QAStore, redact
from tests.qa_support import ask


@pytest.mark.parametrize(("question", "kept", "gone"), [
    ("我电话13812345678，社保怎么交", "社保怎么交", "13812345678"),
    ("身份证号50010119900101123X能办吗", "能办吗", "50010119900101123X"),
    ("发邮件到 zhang.san@example.com 行吗", "行吗", "zhang.san@example.com"),
    ("订单号 20240101987654 查不到", "查不到", "20240101987654"),
])
def test_personal_data_is_masked(question, kept, gone):
    cleaned = redact(question)
    assert kept in cleaned and gone not in cleaned


def test_unanswered_questions_are_counted_most_frequent_first(tmp_path):
    store = QAStore(tmp_path)
    for question in ["社保怎么交", "天气怎么样", "社保怎么交？", "社保 怎么交", "天气怎么样"]:
        store.log_unanswered(question)
    store.log_unanswered("公积金怎么取")
    rows = store.unanswered()
    assert [(r["question"], r["count"]) for r in rows][:2] == [("社保怎么交", 3), ("天气怎么样", 2)]
    assert rows[-1]["count"] == 1 and {"first_seen", "last_seen"} <= set(rows[0])


def test_the_engine_logs_what_it_cannot_answer(qa):
    before = {r["question"]: r["count"] for r in qa.store.unanswered(1000)}
    ask(qa, "驾驶证到期了在哪里换，我手机13900001111")
    ask(qa, "公示期多长？")
    rows = {r["question"]: r["count"] for r in qa.store.unanswered(1000)}
    logged = [q for q in rows if "驾驶证" in q]
    assert len(logged) == 1 and "13900001111" not in logged[0]
    assert rows[logged[0]] == before.get(logged[0], 0) + 1
    assert not any("公示期" in q for q in rows)


def test_a_read_only_data_directory_does_not_break_answering(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    store = QAStore(blocked)
    store.log_unanswered("社保怎么交")
    assert store.unanswered() == []
    store.save_session("s1", {"rule": "x"})
    assert store.load_session("s1") == {"rule": "x"}
