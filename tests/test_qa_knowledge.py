"""kb validators for the Q&A files: a broken rule stops the build with the
file, the line and the reason."""

from __future__ import annotations

import pytest

from assistant import knowledge
from assistant.errors import KnowledgeFileError

GOOD = """rules:
  - id: test-rule
    description: 测试
    source: [art-11]
    when: {all: [publicity]}
    facts:
      days: {from: art-11, match: '公示(\\d+个工作日)'}
    answer: 公示{days}。
    examples: [公示几天？]
"""


def _write(sandbox, text: str) -> str:
    path = sandbox.kb_dir / "rules" / "zz_test.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_good_rule_file_builds(sandbox):
    _write(sandbox, GOOD)
    kb = knowledge.build(sandbox)
    assert any(r["id"] == "test-rule" for r in kb.curated["rules/zz_test.yaml"]["rules"])


# The line is that of the value at fault, or of the rule when the fault is in how its parts fit together.
@pytest.mark.parametrize(("change", "line", "reason"), [
    (("source: [art-11]", "source: [art-11-p1-i9]"), 4, "art-11-p1-i9, which is not in the measures"),
    (("'公示(\\d+个工作日)'", "'公示(\\d+个自然日)'"), 2, "fact 'days'"),
    (("from: art-11,", "from: art-99,"), 7, "art-99"),
    (("{all: [publicity]}", "{all: [no_such_concept]}"), 2, "neither a concept nor an intent"),
    (("answer: 公示{days}。", "answer: 公示{weeks}。"), 2, "undefined ['weeks']"),
    (("    examples:", "    stance: [sometimes]\n    examples:"), 9, "stance[0]: Input should be 'prohibits'"),
    (("    examples:", "    yes_no: \"no\"\n    examples:"), 9, "yes_no: Extra inputs are not permitted"),
    (("    examples:", "    answers: [price]\n    examples:"), 2, "answers names 'price'"),
    (("    examples:", "    compute: {kind: weeks_after}\n    examples:"), 9, "compute.kind"),
    (("id: test-rule", "id: publicity-period"), 2, "defined twice"),
    (("    examples:", "    exampels: [公示几天？]\n    examples:"), 9, "exampels: Extra inputs are not permitted"),
])
def test_a_broken_rule_names_file_line_and_reason(sandbox, change, line, reason):
    path = _write(sandbox, GOOD.replace(*change))
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path == path
    assert caught.value.line == line
    assert reason in caught.value.reason


def test_a_broken_concept_names_file_and_line(sandbox):
    path = sandbox.kb_dir / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("weak: [评估报告]", "weak: [不存在的词]"), encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path.endswith("concepts.yaml") and caught.value.line
    assert "weak word" in caught.value.reason


def test_facts_follow_the_text_of_the_measures(sandbox):
    """Figures are read from the clauses: change the text and the answer changes with it."""
    from assistant.runtime import build_snapshot

    path = sandbox.corpus_dir / "cq-green-certification-2024.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("三年内不得重新申报", "五年内不得重新申报"),
                    encoding="utf-8")
    qa = build_snapshot(sandbox).qa
    answer = qa.ask("被撤销以后多久能重新申报？").answer
    assert "五年内不得重新申报" in answer and "三年" not in answer.replace("近三年", "")
