"""Staff upload an official file at /admin/ingest: a preview first (nothing written), then on confirmation the
corpus file is written (the old one backed up) and the knowledge base rebuilt and swapped in the background.
Bad uploads get one Chinese sentence; the larger size limit holds for this route only."""

from __future__ import annotations

import io
import tempfile
import time
from dataclasses import replace

import pytest

from assistant.knowledge.artifact import source_fingerprint
from assistant.regulation import parse_regulation
from assistant.runtime import Runtime
from tests.conftest import form_token
from tests.test_ingest import HEADER, SOURCE, docx_file, pdf_file  # noqa: F401 - the test files, as fixtures

TOKEN = "s3cret-token-for-tests-0123456789abcdef"
MAIN = "cq-green-certification-2024.txt"


@pytest.fixture
def site(sandbox, tmp_path, monkeypatch):
    """An app over a private corpus, a logged-in staff client, and where uploads are unpacked."""
    from web import create_app

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # every temp file of the upload lands here
    settings = replace(sandbox, admin_token=TOKEN, upload_max_mb=1)
    app = create_app(settings, {"TESTING": True, "RATE_LIMIT": 0})
    # A runtime that checks on every request and loads only the knowledge base: the rebuild is the real one.
    app.extensions["assistant_runtime"] = Runtime(settings, check_interval=0, complete=False)
    client = app.test_client()
    csrf = form_token(client, "/admin/login")
    assert client.post("/admin/login", data={"token": TOKEN, "csrf_token": csrf}).status_code == 302
    csrf = form_token(client, "/admin/ingest")  # a login starts a new session, with a new token

    class Site:
        pass

    out = Site()
    out.app, out.client, out.settings, out.csrf, out.scratch = app, client, settings, csrf, scratch
    out.corpus = settings.corpus_dir
    out.pending = settings.data_dir / "ingest-pending"
    return out


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    """A form body built in memory: the test client spools a large one to a temp file it never closes."""
    boundary = "----upload-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(site, name: str, data: bytes, save_as: str = "", **kwargs):
    body, content_type = multipart({"csrf_token": site.csrf, "name": save_as}, name, data)
    return site.client.post("/admin/ingest", data=body, content_type=content_type, **kwargs)


def preview_of(site, response) -> tuple[str, str]:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    location = response.headers["Location"]
    token = location.rsplit("/", 1)[-1]
    page = site.client.get(location)
    assert page.status_code == 200
    return token, page.get_data(as_text=True)


def test_every_step_needs_a_login(sandbox):
    from web import create_app

    app = create_app(replace(sandbox, admin_token=TOKEN), {"TESTING": True, "RATE_LIMIT": 0})
    client = app.test_client()
    assert client.get("/admin/ingest").headers["Location"].endswith("/admin/login")
    csrf = form_token(client, "/admin/login")
    for path in ("/admin/ingest", f"/admin/ingest/{'y' * 24}/confirm"):
        response = client.post(path, data={"csrf_token": csrf, "file": (io.BytesIO(b"x"), "a.txt")},
                               content_type="multipart/form-data")
        assert response.status_code == 302 and response.headers["Location"].endswith("/admin/login")
    # Without a login the 64 KB cap stays: nobody can make the server parse megabytes before logging in.
    body, content_type = multipart({"csrf_token": csrf}, "a.txt", b"a" * 100_000)
    big = client.post("/admin/ingest", data=body, content_type=content_type)
    assert big.status_code == 413 and "64KB" in big.get_data(as_text=True)
    assert list(sandbox.corpus_dir.iterdir()) == [sandbox.corpus_dir / MAIN]


def test_a_pdf_is_previewed_and_nothing_is_written(site, pdf_file):  # noqa: F811
    before = (site.corpus / MAIN).read_bytes()
    token, html = preview_of(site, upload(site, pdf_file.name, pdf_file.read_bytes()))
    assert "重庆市绿色园区和绿色工厂认定管理办法" in html and "渝经信规范〔2024〕4号" in html
    articles = parse_regulation(SOURCE.read_text(encoding="utf-8")).articles
    assert f"{len(articles)} 条（第一条至{articles[-1].heading}）" in html and "6 章：第一章 总则；" in html
    assert f"页眉/页脚“{HEADER}”" in html and "页码：" in html and "— 1 —" in html
    assert f"corpus/{MAIN}" in html and "将替换现有文件" in html and "（按标题匹配）" in html
    assert "确认导入并重建知识库" in html and 'name="csrf_token"' in html
    assert (site.corpus / MAIN).read_bytes() == before
    assert list(site.scratch.iterdir()) == []  # the uploaded copy is gone already
    assert sorted(p.name for p in site.pending.iterdir()) == [f"{token}.json", f"{token}.txt"]


def test_confirm_writes_the_corpus_backs_up_and_rebuilds(site, docx_file):  # noqa: F811
    old_text = (site.corpus / MAIN).read_bytes()
    old_print = site.client.get("/api/status").get_json()["fingerprint"]
    token, html = preview_of(site, upload(site, docx_file.name, docx_file.read_bytes()))
    assert "已合并分两行印的标题：“重庆市绿色园区和绿色工厂认定管理办法”" in html
    done = site.client.post(f"/admin/ingest/{token}/confirm", data={"csrf_token": site.csrf})
    assert done.status_code == 303
    new_text = (site.corpus / MAIN).read_text(encoding="utf-8")
    assert new_text.encode("utf-8") != old_text and HEADER not in new_text
    backups = list((site.settings.data_dir / "corpus-backups").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == old_text
    assert list(site.pending.iterdir()) == [] and list(site.scratch.iterdir()) == []
    expected = source_fingerprint(site.settings)
    deadline = time.monotonic() + 60
    while site.client.get("/api/status").get_json()["fingerprint"] != expected:
        assert time.monotonic() < deadline, "the rebuild never swapped in"
        time.sleep(0.2)
    page = site.client.get(done.headers["Location"]).get_data(as_text=True)
    assert "已按新文本重建并切换" in page and expected[:12] in page and old_print[:12] in page
    assert "corpus-backups/" in page
    # Confirmed once: the same preview cannot be written twice.
    again = site.client.post(f"/admin/ingest/{token}/confirm", data={"csrf_token": site.csrf})
    assert again.status_code == 409 and "已过期或已导入" in again.get_data(as_text=True)


def test_a_text_under_a_new_name_is_added_and_cancel_discards(site):
    text = SOURCE.read_bytes()
    token, html = preview_of(site, upload(site, "other.md", text, save_as="second copy"))
    assert "corpus/second copy.md" in html and "将新增一部法规" in html
    cancelled = site.client.post(f"/admin/ingest/{token}/cancel", data={"csrf_token": site.csrf})
    assert cancelled.status_code == 303 and list(site.pending.iterdir()) == []
    assert sorted(p.name for p in site.corpus.iterdir()) == [MAIN]


def test_a_text_the_rules_cannot_be_built_on_is_blocked(site):
    # Only the first chapter: the rules of kb/ cite later articles, so the site would fall back to the old text.
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("第二章"))
    token, html = preview_of(site, upload(site, MAIN, "\n".join(lines[:cut]).encode("utf-8")))
    assert "不能导入：" in html and "按新文本无法构建知识库" in html and "确认导入并重建知识库" not in html
    assert "条数比现有文本少" in html
    refused = site.client.post(f"/admin/ingest/{token}/confirm", data={"csrf_token": site.csrf})
    assert refused.status_code == 409 and (site.corpus / MAIN).read_bytes() == SOURCE.read_bytes()


def test_a_corpus_file_changed_after_the_preview_is_not_overwritten(site):
    token, _ = preview_of(site, upload(site, MAIN, SOURCE.read_bytes() + b"\n"))
    (site.corpus / MAIN).write_text(SOURCE.read_text(encoding="utf-8") + "（他人修改）\n", encoding="utf-8")
    refused = site.client.post(f"/admin/ingest/{token}/confirm", data={"csrf_token": site.csrf})
    assert refused.status_code == 409 and "已被修改或删除" in refused.get_data(as_text=True)
    assert "（他人修改）" in (site.corpus / MAIN).read_text(encoding="utf-8")


DOC_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _blank_pdf() -> bytes:
    """A page without a text layer, as a scan is."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


@pytest.mark.parametrize(("name", "data", "message"), [
    ("measures.doc", b"whatever", "只能上传 PDF、DOCX、TXT 或 MD 文件"),
    ("measures.pdf", "第一条 这是文本。".encode(), "扩展名是 .pdf，但内容是纯文本，不是PDF文件"),
    ("measures.txt", b"%PDF-1.7\n%binary", "扩展名是 .txt，但内容是PDF 文件"),
    ("measures.docx", DOC_HEADER, "旧版 Word（.doc）文件：请在 Word 中另存为 .docx"),
    ("measures.docx", b"PK\x03\x04not really a zip", "不是Word（DOCX）文件"),
    ("measures.txt", b"", "是空文件（0 字节）"),
    ("scan.pdf", _blank_pdf(), "“scan.pdf”中没有可提取的文字（可能是扫描件，请先做文字识别）"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj garbage", "无法读取 PDF 文件 “broken.pdf”：文件已损坏或不是 PDF"),
    ("notes.txt", "会议纪要\n今天讨论了绿色工厂。\n".encode(), "中没有找到条文"),
    ("", b"abc", "请选择要上传的文件"),
])
def test_unusable_uploads_get_one_clear_sentence(site, name, data, message):
    response = upload(site, name, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html and "无法导入：" in html
    assert sorted(p.name for p in site.corpus.iterdir()) == [MAIN]
    assert not site.pending.exists() or list(site.pending.iterdir()) == []
    assert list(site.scratch.iterdir()) == []


def test_the_upload_limit_is_this_routes_only(site, pdf_file):  # noqa: F811
    # Larger than the 64 KB every other request gets, smaller than this route's 1 MB: accepted.
    padded = SOURCE.read_bytes() + b"\n" * 100_000
    assert len(padded) > 64 * 1024
    assert upload(site, "padded.txt", padded).status_code == 303
    over = b"a" * (1024 * 1024 + 10)
    response = upload(site, "big.txt", over)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "文件太大：上传上限为 1 MB" in html and 'type="file"' in html
    as_json = upload(site, "big.txt", over, headers={"Accept": "application/json"})
    assert as_json.status_code == 413 and "上传上限为 1 MB" in as_json.get_json()["error"]
    # Other routes keep 64 KB, staff or not.
    ask = site.client.post("/api/ask", json={"question": "绿" * 70_000})
    assert ask.status_code == 413 and "64KB" in ask.get_json()["error"]
    login = site.client.post("/admin/login", data={"csrf_token": site.csrf, "token": "x" * 70_000})
    assert login.status_code == 413


@pytest.mark.parametrize("raw", ["0", "101", "5MB", "-1"])
def test_a_bad_upload_limit_stops_the_program_naming_the_variable(monkeypatch, raw):
    from assistant.config import Settings
    from assistant.errors import ConfigError

    monkeypatch.setenv("ASSISTANT_UPLOAD_MAX_MB", raw)
    with pytest.raises(ConfigError, match="ASSISTANT_UPLOAD_MAX_MB 应为 1 到 100 之间的整数"):
        Settings.from_env()
    monkeypatch.setenv("ASSISTANT_UPLOAD_MAX_MB", "12")
    assert Settings.from_env().upload_max_mb == 12


def test_with_a_shared_database_the_page_says_only_this_server_is_updated(sandbox, backend):
    """Behind a load balancer (state in PostgreSQL) an upload reaches one server's corpus only: the page
    says so before anything is uploaded; a lone server (SQLite) has nothing to warn about."""
    from web import create_app

    settings = replace(backend.settings(sandbox), admin_token=TOKEN)
    client = create_app(settings, {"TESTING": True, "RATE_LIMIT": 0}).test_client()
    csrf = form_token(client, "/admin/login")
    assert client.post("/admin/login", data={"token": TOKEN, "csrf_token": csrf}).status_code == 302
    page = client.get("/admin/ingest").get_data(as_text=True)
    assert ("只更新这一台服务器" in page) is (backend.name == "postgresql")
