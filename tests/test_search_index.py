"""Index lifecycle: built into the data directory, rebuilt when sources change,
swapped atomically, and rebuilt when missing or corrupt."""

from __future__ import annotations

import json
import shutil

from assistant.runtime import Runtime, build_snapshot
from assistant.search.indexer import index_intact


def index_dirs(settings):
    root = settings.data_dir / "index"
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []


def test_index_is_named_after_the_knowledge_base(sandbox):
    snapshot = build_snapshot(sandbox)
    assert index_dirs(sandbox) == [snapshot.kb.fingerprint]
    assert (sandbox.data_dir / "index" / snapshot.kb.fingerprint / "READY").exists()


def test_missing_index_is_rebuilt(sandbox):
    snapshot = build_snapshot(sandbox)
    shutil.rmtree(sandbox.data_dir / "index")
    again = build_snapshot(sandbox)
    assert again.search.search("公示").hits[0].clause.id == "art-11"
    assert index_dirs(sandbox) == [snapshot.kb.fingerprint]


def test_corrupt_index_is_rebuilt(sandbox):
    snapshot = build_snapshot(sandbox)
    directory = sandbox.data_dir / "index" / snapshot.kb.fingerprint
    for path in directory.iterdir():
        if path.suffix in (".seg", ".toc") or path.name.endswith(".trm"):
            path.write_bytes(path.read_bytes()[:7])
    again = build_snapshot(sandbox)
    assert again.search.search("公示").hits[0].clause.id == "art-11"


def test_half_built_index_is_never_used(sandbox):
    snapshot = build_snapshot(sandbox)
    directory = sandbox.data_dir / "index" / snapshot.kb.fingerprint
    (directory / "READY").unlink()  # as if the build had stopped before the end
    again = build_snapshot(sandbox)
    assert (directory / "READY").exists()
    assert again.search.search("公示").total == 1


def test_source_change_builds_a_new_index_and_swaps(sandbox):
    runtime = Runtime(sandbox, check_interval=0, background=False)
    before = runtime.get()
    path = sandbox.corpus_dir / "cq-green-certification-2024.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("公示 5 个工作日", "公示 7 个工作日"), encoding="utf-8")
    after = runtime.get()
    assert after is not before
    assert after.kb.fingerprint != before.kb.fingerprint
    assert "公示7个工作日" in after.search.search("公示").hits[0].clause.text
    # the old snapshot still answers from the old version: nothing is mixed
    assert "公示5个工作日" in before.search.search("公示").hits[0].clause.text
    assert after.kb.fingerprint in index_dirs(sandbox)


def test_lexicon_change_is_picked_up(sandbox):
    runtime = Runtime(sandbox, check_interval=0, background=False)
    assert runtime.get().search.search("挂牌公示期").hits
    lexicon = sandbox.kb_dir / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(text.replace("aliases: [复核,", "aliases: [再评估, 复核,"), encoding="utf-8")
    result = runtime.get().search.search("再评估")
    assert 16 in [h.clause.article for h in result.hits[:3]]


def test_broken_kb_keeps_the_last_good_snapshot(sandbox):
    runtime = Runtime(sandbox, check_interval=0, background=False)
    good = runtime.get()
    (sandbox.kb_dir / "lexicon.yaml").write_text("synonyms: [\n", encoding="utf-8")
    current = runtime.get()
    assert current.kb.fingerprint == good.kb.fingerprint
    assert current.search.search("公示").total == 1
    assert current.warnings or runtime.last_error


def test_read_only_data_dir_indexes_in_memory(sandbox, monkeypatch):
    from assistant.search import indexer

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(indexer, "write_index", refuse)
    snapshot = build_snapshot(sandbox)
    assert snapshot.search.search("公示").hits[0].clause.id == "art-11"


def test_search_json_contract(runner):
    data = json.loads(runner("search", "公示", "--json").output)
    assert set(data) >= {"query", "total", "hits", "suggestions"}
    hit = data["hits"][0]
    assert set(hit) >= {"id", "article", "paragraph", "item", "label", "citation", "text", "highlight", "score"}
    assert hit["article"] == 11 and isinstance(hit["article"], int)


def test_search_notice_article_is_null(runner):
    data = json.loads(runner("search", "渝经信规范〔2024〕4号", "--json").output)
    assert data["hits"][0]["id"] == "notice"
    assert data["hits"][0]["article"] is None


def test_search_jsonl_one_object_per_line_in_order(runner):
    lines = ["公示", "", "第十七条", '"unbalanced', "长" * 5000, "撤銷稱號"]
    result = runner("search", "--jsonl", input="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["hits"][0]["article"] == 11
    assert out[2]["hits"][0]["id"] == "art-17"
    assert "error" in out[4] and "过长" in out[4]["error"]
    assert out[5]["hits"][0]["article"] in (17, 18)


def test_search_text_output(runner):
    result = runner("search", "取消资格", "--limit", "2")
    assert result.exit_code == 0
    assert "【撤销】" in result.output and "[art-18]" in result.output


def test_index_deleted_while_serving_is_rebuilt_and_answers_continue(sandbox):
    runtime = Runtime(sandbox, check_interval=0, index_check_interval=0, background=False)
    before = runtime.get()
    shutil.rmtree(sandbox.data_dir / "index")
    # the snapshot in use searches its in-memory copy: answers continue
    assert before.search.search("公示").hits[0].clause.id == "art-11"
    after = runtime.get()
    assert after is not before
    assert index_dirs(sandbox) == [before.kb.fingerprint]
    assert after.search.search("公示").hits[0].clause.id == "art-11"


def test_index_truncated_while_serving_is_rebuilt(sandbox):
    runtime = Runtime(sandbox, check_interval=0, index_check_interval=0, background=False)
    before = runtime.get()
    directory = sandbox.data_dir / "index" / before.kb.fingerprint
    victim = next(p for p in directory.iterdir() if p.suffix == ".seg")
    victim.write_bytes(victim.read_bytes()[:10])
    after = runtime.get()
    assert after is not before
    assert not victim.exists() or victim.stat().st_size > 10
    assert index_intact(sandbox.data_dir / "index", after.kb.fingerprint)
    assert after.search.search("公示").total == 1
