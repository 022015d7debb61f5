"""An official file uploaded by staff, from the upload to the corpus: checked, ingested aside (a dry run kept
in the data directory until confirmed), then written into the corpus directory with the old file backed up.

The web side (forms, login, the rebuild) is :mod:`web.admin_ingest`; the cleaning is
:mod:`assistant.regulation.ingest`, the same as ``python -m assistant ingest``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import shutil
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.knowledge.artifact import corpus_files, public
from assistant.regulation.ingest import SUFFIXES, IngestError, ingest, safe_name
from assistant.storage import write_atomic

PENDING_DIR = "ingest-pending"  # in the data directory: previews waiting for a confirmation
BACKUP_DIR = "corpus-backups"  # in the data directory: never in the corpus, where it would be read as a document
PENDING_HOURS = 2
KINDS = {".pdf": "PDF", ".docx": "Word（DOCX）", ".txt": "文本（TXT）", ".md": "Markdown（MD）"}
_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


class UploadRejected(AssistantError):
    """The upload cannot be used; the message is one Chinese sentence naming the problem."""


def content_kind(path: Path) -> str:
    """What the bytes are, whatever the name says: pdf, docx, doc (old Word), zip, binary or text."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if b"%PDF-" in head[:1024]:  # the header may follow a little junk, as readers allow
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as package:
                return "docx" if "word/document.xml" in package.namelist() else "zip"
        except zipfile.BadZipFile:
            return "binary"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    return "binary" if b"\x00" in head else "text"


def check_kind(path: Path, shown: str) -> None:
    """Refuse a file whose content is not what its extension says (a renamed file, an old .doc)."""
    suffix, kind = path.suffix.lower(), content_kind(path)
    expected = {".pdf": "pdf", ".docx": "docx"}.get(suffix, "text")
    if kind == expected:
        return
    if kind == "doc":
        raise UploadRejected(f"“{shown}”是旧版 Word（.doc）文件：请在 Word 中另存为 .docx 后再上传。")
    described = {"pdf": "PDF 文件", "docx": "Word（DOCX）文件", "zip": "压缩包", "binary": "二进制文件",
                 "text": "纯文本"}[kind]
    raise UploadRejected(f"“{shown}”的扩展名是 {suffix}，但内容是{described}，不是{KINDS[suffix]}文件。")


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def pending_dir(settings: Settings) -> Path:
    return settings.data_dir / PENDING_DIR


def _drop_stale(directory: Path) -> None:
    """Previews nobody confirmed within PENDING_HOURS go: they hold a whole regulation each."""
    cutoff = time.time() - PENDING_HOURS * 3600
    for path in directory.glob("*.*") if directory.is_dir() else []:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def stage(upload, requested_name: str, settings: Settings, kb, summarise) -> str:
    """Check and ingest *upload* (a werkzeug FileStorage) as a dry run; keep the cleaned text and its preview
    (``summarise(result, shown name, size, stem, settings, kb)``, i.e. :func:`web.ingest_preview.preview`)
    aside and return their id. :class:`UploadRejected` for an upload that cannot be used."""
    shown = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not shown:
        raise UploadRejected("请选择要上传的文件。")
    suffix = Path(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRejected(f"“{shown}”的类型是 {suffix or '（无扩展名）'}：只能上传 PDF、DOCX、TXT 或 MD 文件。")
    work = Path(tempfile.mkdtemp(prefix="green-upload-"))  # 0700; removed below whatever happens
    try:
        try:
            path = work / (safe_name(Path(shown).stem) + suffix)
        except IngestError:
            path = work / ("upload" + suffix)
        upload.save(str(path))
        size = path.stat().st_size
        if size == 0:
            raise UploadRejected(f"“{shown}”是空文件（0 字节）。")
        check_kind(path, shown)
        try:
            result = ingest(path)
        except IngestError as error:
            # The reader names the scratch copy; staff should read the name they chose.
            message = re.sub(re.escape(path.name) + " ?", lambda _: f"“{shown}”", str(error))
            raise UploadRejected(message + "。") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if requested_name.strip():
        try:
            stem = safe_name(requested_name)
        except IngestError as error:
            raise UploadRejected(f"保存的文件名“{requested_name.strip()}”不可用：请用文字、数字或短横线。") from error
    else:
        stem = None
    summary = summarise(result, shown, size, stem, settings, kb)
    token = secrets.token_urlsafe(24)
    directory = pending_dir(settings)
    _drop_stale(directory)
    write_atomic(directory / f"{token}.txt", result.text.encode("utf-8"))
    write_atomic(directory / f"{token}.json", json.dumps(summary, ensure_ascii=False).encode("utf-8"))
    return token


def load_pending(token: str, settings: Settings) -> dict | None:
    """The preview kept under *token*, or None (unknown, expired or confirmed already)."""
    if not _ID.fullmatch(token or ""):
        return None
    try:
        data = json.loads((pending_dir(settings) / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def discard(token: str, settings: Settings) -> None:
    if _ID.fullmatch(token or ""):
        for suffix in (".txt", ".json"):
            (pending_dir(settings) / f"{token}{suffix}").unlink(missing_ok=True)


def target_path(settings: Settings, file_name: str) -> Path:
    return settings.corpus_dir / file_name


def apply(token: str, settings: Settings) -> dict:
    """Write the confirmed text into the corpus (the old file first copied to the backups); what was done."""
    summary = load_pending(token, settings)
    if summary is None:
        raise UploadRejected("这次预览已过期或已导入，请重新上传文件。")
    if summary.get("blocked"):
        raise UploadRejected(summary["blocked"])
    target = target_path(settings, summary["target"])
    if _sha(target) != summary["target_sha"]:
        raise UploadRejected(f"预览之后 {summary['target']} 已被修改或删除：为免覆盖别人的改动，请重新上传预览。")
    try:
        text = (pending_dir(settings) / f"{token}.txt").read_bytes()
    except OSError as error:
        raise UploadRejected("这次预览的文本已不在服务器上，请重新上传文件。") from error
    backup = None
    try:
        if summary["target_sha"] is not None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = settings.data_dir / BACKUP_DIR / f"{target.stem}-{stamp}{target.suffix}.bak"
            write_atomic(backup, target.read_bytes())
        write_atomic(target, text)
    except OSError as error:
        raise UploadRejected(f"无法写入语料目录：{error.strerror or error}（原文件未改动）。") from error
    discard(token, settings)
    return {"target": summary["target"], "replaced": backup is not None,
            "backup": public(str(backup), settings) if backup else None}


def corpus_listing(settings: Settings) -> list[dict]:
    """The corpus files the server reads, for the upload page."""
    out = []
    for path in corpus_files(settings.corpus_dir):
        stat = path.stat()
        out.append({"name": path.name, "size": stat.st_size,
                    "modified": dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")})
    return out


def with_corpus(settings: Settings, directory: Path) -> Settings:
    return replace(settings, corpus_dir=directory)
