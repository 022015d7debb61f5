"""The built knowledge base: where it lives, when it is rebuilt, what survives faults."""

from __future__ import annotations

import errno
import json

import pytest

from assistant import knowledge
from assistant.errors import KnowledgeFileError


def test_build_writes_one_json_artifact(sandbox):
    kb = knowledge.build(sandbox)
    saved = json.loads((sandbox.data_dir / "knowledge.json").read_text(encoding="utf-8"))
    assert saved["fingerprint"] == kb.fingerprint == knowledge.source_fingerprint(sandbox)
    assert [d["id"] for d in saved["documents"]] == ["cq-green-certification-2024"]
    assert not [p for p in sandbox.data_dir.iterdir() if p.name.startswith(".knowledge.json.")]


def test_load_reuses_a_current_artifact(sandbox):
    first = knowledge.build(sandbox)
    again, warnings = knowledge.load(sandbox)
    assert warnings == []
    assert again.data["built_at"] == first.data["built_at"]


def test_corpus_change_triggers_rebuild(sandbox):
    first = knowledge.build(sandbox)
    path = sandbox.corpus_dir / "cq-green-certification-2024.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("创建工作\n\n的政策支持", "创建和管理工作\n\n的政策支持"),
                    encoding="utf-8")
    again, warnings = knowledge.load(sandbox)
    assert warnings == []
    assert again.fingerprint != first.fingerprint
    assert "创建和管理工作的政策支持" in again.clause("art-14").text


def test_kb_change_triggers_rebuild(sandbox):
    first = knowledge.build(sandbox)
    (sandbox.kb_dir / "extra.yaml").write_text("note: 新增\n", encoding="utf-8")
    again, _ = knowledge.load(sandbox)
    assert again.fingerprint != first.fingerprint
    assert again.curated["extra.yaml"] == {"note": "新增"}


def test_corrupt_artifact_is_rebuilt(sandbox):
    knowledge.build(sandbox)
    (sandbox.data_dir / "knowledge.json").write_text("{not json", encoding="utf-8")
    kb, warnings = knowledge.load(sandbox)
    assert warnings == []
    assert len(kb.main["articles"]) == 24


def test_malformed_kb_file_names_file_line_and_reason(sandbox):
    bad = sandbox.kb_dir / "broken.yaml"
    bad.write_text("terms:\n  - word: 绿色工厂\n    source: [art-7\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    assert caught.value.path.endswith("broken.yaml")
    assert caught.value.line is not None and caught.value.line >= 3
    assert "broken.yaml:" in str(caught.value)


def test_malformed_kb_file_keeps_last_good_version(sandbox):
    good = knowledge.build(sandbox)
    (sandbox.kb_dir / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    kb, warnings = knowledge.load(sandbox)
    assert kb.fingerprint == good.fingerprint
    assert warnings and "kb/broken.yaml" in warnings[0]
    assert str(sandbox.kb_dir) not in warnings[0]  # no server paths in what the home page shows


def test_a_kb_that_lost_a_file_is_refused_and_the_last_good_one_kept(sandbox):
    good = knowledge.build(sandbox)
    rules = sorted((sandbox.kb_dir / "rules").glob("*.yaml"))
    rules[0].unlink()  # the rest still validates: without the check, its answers would just be gone
    kb, warnings = knowledge.load(sandbox)
    assert kb.fingerprint == good.fingerprint
    assert warnings and f"rules/{rules[0].name}" in warnings[0] and "缺失" in warnings[0]
    with pytest.raises(KnowledgeFileError, match="accept-removed"):
        knowledge.build(sandbox)
    smaller = knowledge.build(sandbox, accept_removed=True)  # removed on purpose
    assert f"rules/{rules[0].name}" not in smaller.curated
    assert knowledge.load(sandbox)[1] == []


def test_read_only_data_dir_serves_from_memory(sandbox, monkeypatch):
    def refuse(path, data):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(knowledge.artifact, "write_atomic", refuse)
    kb, warnings = knowledge.load(sandbox)
    assert len(kb.main["articles"]) == 24
    assert warnings and "不可写" in warnings[0]


def test_status_as_of_a_day(kb):
    import datetime as dt

    assert kb.status(dt.date(2024, 2, 20)) == "尚未生效"
    assert kb.status(dt.date(2024, 3, 6)) == "现行有效"


def test_status_repealed_by_a_later_document_in_the_corpus(sandbox):
    (sandbox.corpus_dir / "later.txt").write_text(
        "某某办法\n第一条 本办法自2030年1月1日起施行，《重庆市绿色园区和绿色工厂认定管理办法》"
        "（渝经信规范〔2024〕4号）同时废止。\n", encoding="utf-8")
    import datetime as dt

    kb = knowledge.build(sandbox)
    assert kb.status(dt.date(2029, 12, 31)) == "现行有效"
    assert kb.status(dt.date(2030, 1, 1)) == "已废止"


@pytest.mark.parametrize("required", ["cues.yaml", "concepts.yaml", "rules/*.yaml"])
def test_a_kb_without_a_required_file_is_refused(sandbox, required):
    for path in sandbox.kb_dir.glob(required):
        path.unlink()
    with pytest.raises(KnowledgeFileError, match="缺少必需的知识文件") as caught:
        knowledge.build(sandbox)
    assert caught.value.path.endswith(required)
