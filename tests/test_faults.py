"""Faults while serving, each against the real production server:
the index deleted or truncated, the corpus replaced, the process killed while
saving answers, a read-only data directory, a malformed file in kb/."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS, KB
from tests.live import Browser, LiveServer

pytestmark = pytest.mark.faults


@pytest.fixture
def sources(tmp_path):
    corpus, kb = tmp_path / "corpus", tmp_path / "kb"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(KB, kb)
    return tmp_path / "instance", corpus, kb


@pytest.fixture
def server(sources):
    live = LiveServer(*sources).start()
    yield live
    live.stop()


def _wait(predicate, timeout: float = 40.0, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def _index_dirs(data: Path) -> list[Path]:
    root = data / "index"
    return [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")] if root.exists() else []


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_index_damaged_while_serving(server, damage):
    [directory] = _index_dirs(server.data)
    if damage == "delete":
        shutil.rmtree(directory)
    else:
        for path in directory.iterdir():
            if path.suffix in (".seg", ".toc"):
                path.write_bytes(path.read_bytes()[:16])
    answered = [server.get_json("/api/search?q=公示")["hits"][0]["id"] for _ in range(20)]
    assert set(answered) == {"art-11"}  # requests keep being answered throughout

    def rebuilt() -> bool:
        fingerprint = server.get_json("/api/status")["fingerprint"]
        return (server.data / "index" / fingerprint / "READY").exists()

    assert _wait(rebuilt)
    assert server.get_json("/api/search?q=公示")["hits"][0]["id"] == "art-11"


def test_corpus_replaced_while_serving_is_never_mixed(server, sources):
    _, corpus, _ = sources
    path = corpus / "cq-green-certification-2024.txt"
    new_text = path.read_text(encoding="utf-8").replace("公示 5 个工作日", "公示 7 个工作日")
    seen: list[tuple[str, str]] = []
    errors: list[str] = []
    stop = threading.Event()

    def hammer():
        while not stop.is_set():
            try:
                answer = server.post_json("/api/ask", {"question": "公示期多长？"})
                seen.append((answer["answer"], answer["citations"][0]["text"]))
            except Exception as error:
                errors.append(repr(error))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    staging = path.with_suffix(".tmp")
    staging.write_text(new_text, encoding="utf-8")
    staging.replace(path)  # an editor or deploy script replacing the file
    picked_up = _wait(lambda: any("7个工作日" in a for a, _ in seen[-5:]), timeout=40)
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    assert picked_up and not errors
    for answer, quote in seen:
        old = "5个工作日" in answer and "5个工作日" in quote
        new = "7个工作日" in answer and "7个工作日" in quote
        assert old or new, f"mixed versions: {answer} / {quote}"


def _answer_pages(client: Browser, path: str, saved: list[tuple[str, str]], limit: int) -> str:
    """Fill wizard pages with the first option of each question; record what was acknowledged.

    Stops quietly when the server goes away (it is killed in the middle)."""
    try:
        return _fill(client, path, saved, limit)
    except (OSError, http.client.HTTPException):  # refused, reset, or cut off mid-answer (IncompleteRead)
        return path


def _fill(client: Browser, path: str, saved: list[tuple[str, str]], limit: int) -> str:
    status, page, _ = client.get(path)
    while len(saved) < limit and "/review" not in path:
        fields: list[tuple[str, str]] = []
        answers: list[tuple[str, str]] = []
        for qid in re.findall(r'name="shown" value="([^"]+)"', page):
            choice = re.search(rf'name="q_{qid}" value="([^"]+)"', page)
            value = choice.group(1) if choice else "2020-01-15"
            fields += [("shown", qid), (f"q_{qid}", value)]
            answers.append((qid, value))
        status, _, headers = client.post(path, [*fields, ("nav", "next")])
        if status != 302:
            break
        saved.extend(answers)  # acknowledged: the server has committed these
        path = headers["Location"].replace(client.base, "")
        status, page, _ = client.get(path)
    return path


def test_sigkill_while_saving_answers_loses_nothing_acknowledged(sources):
    live = LiveServer(*sources).start()
    client = Browser(live.base)
    client.get("/assess/")
    status, _, headers = client.post("/assess/new", {"type": "factory"})
    assert status == 302
    token = headers["Location"].rstrip("/").split("/assess/")[1].split("/")[0]
    saved: list[tuple[str, str]] = []
    path = f"/assess/{token}"
    status, _, headers = client.get(path)
    path = headers["Location"].replace(live.base, "")
    # Keep saving in the background and kill the server in the middle of it.
    worker = threading.Thread(target=_answer_pages, args=(client, path, saved, 100))
    worker.start()
    _wait(lambda: len(saved) >= 6, timeout=30, step=0.05)
    live.kill()
    worker.join(timeout=30)
    assert saved, "nothing was saved before the kill"
    restarted = LiveServer(*sources, port=live.port).start()
    try:
        status, review, _ = Browser(restarted.base).get(f"/assess/{token}/review")
        assert status == 200
        kept = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", review, re.S))
        answered = [value for value in kept.values() if "未回答" not in value]
        assert len(answered) >= len({qid for qid, _ in saved})
    finally:
        restarted.stop()


def _mount_read_only(directory: Path) -> bool:
    first = subprocess.run(["mount", "--bind", str(directory), str(directory)], capture_output=True)
    if first.returncode:
        return False
    second = subprocess.run(["mount", "-o", "remount,bind,ro", str(directory)], capture_output=True)
    if second.returncode:
        subprocess.run(["umount", str(directory)], capture_output=True)
        return False
    return True


def test_read_only_data_directory_serves_and_says_what_it_cannot_do(sources):
    data, _corpus, _kb = sources
    built = LiveServer(*sources).start()  # build the knowledge base and the index first
    built.stop()
    if not _mount_read_only(data):
        pytest.skip("cannot mount a read-only directory on this machine (needs root)")
    try:
        live = LiveServer(*sources).start()
        try:
            assert live.get_json("/api/search?q=公示")["hits"][0]["id"] == "art-11"
            assert live.post_json("/api/ask", {"question": "公示期多长？"})["answered"] is True
            client = Browser(live.base)
            client.get("/assess/")
            status, page, _ = client.post("/assess/new", {"type": "factory"})
            assert status == 503
            assert "无法写入" in page and "查询和问答照常可用" in page
        finally:
            live.stop()
    finally:
        subprocess.run(["umount", str(data)], check=False)


def test_malformed_kb_file_fails_the_build_and_the_server_keeps_the_last_good(server, sources):
    data, corpus, kb = sources
    bad = kb / "rules" / "zz-broken.yaml"
    bad.write_text("rules:\n  - id: broken\n    source: [art-11\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "assistant", "--data-dir", str(data), "--corpus-dir",
                             str(corpus), "--kb-dir", str(kb), "build"], capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"zz-broken\.yaml:\d+: ", result.stderr)
    assert _wait(lambda: any("zz-broken.yaml" in w for w in server.get_json("/api/status")["warnings"]))
    assert server.post_json("/api/ask", {"question": "公示期多长？"})["citations"][0]["id"] == "art-11"
    assert server.get_json("/api/search?q=公示")["hits"][0]["id"] == "art-11"
