"""Build the knowledge base from ``corpus/`` and ``kb/`` into the data
directory, and load it, rebuilding when the sources changed.

The artifact is one JSON file written atomically; its fingerprint is a hash
of the corpus, the curated knowledge and this package's code, so a change to
any of them triggers a rebuild.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from ..config import PACKAGE_DIR, Settings
from ..errors import KnowledgeFileError, ParseError, ReadOnlyError
from ..regulation import FORMAT_VERSION, document_id, document_to_dict, parse_regulation
from ..storage import fingerprint, write_atomic
from .clauses import KnowledgeBase, clauses_of
from .files import kb_files

log = logging.getLogger(__name__)

KB_FILE = "knowledge.json"
CORPUS_SUFFIXES = (".txt", ".md")


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        return []
    return sorted(p for p in corpus_dir.iterdir() if p.suffix in CORPUS_SUFFIXES and p.is_file())


def code_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py"))


def source_fingerprint(settings: Settings) -> str:
    return fingerprint([
        ("corpus", settings.corpus_dir, corpus_files(settings.corpus_dir)),
        ("kb", settings.kb_dir, kb_files(settings.kb_dir) if settings.kb_dir.is_dir() else []),
        ("code", PACKAGE_DIR, code_files()),
    ])


def build_data(settings: Settings) -> dict:
    """Parse the corpus and validate ``kb/``; raise on the first problem."""
    files = corpus_files(settings.corpus_dir)
    if not files:
        raise ParseError(f"语料目录为空或不存在：{settings.corpus_dir}")
    documents = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ParseError(f"{path}: cannot read as UTF-8 text ({error})") from error
        document = parse_regulation(text, str(path))
        document.id = document_id(path.name)
        documents.append(document_to_dict(document))
    main = settings.main_document if any(d["id"] == settings.main_document for d in documents) else documents[0]["id"]
    from .schema import load_curated  # pydantic is needed only when building

    clauses = clauses_of(next(d for d in documents if d["id"] == main))
    curated = load_curated(settings.kb_dir, {c.id for c in clauses}, {c.id: c.text for c in clauses})
    return {
        "format": FORMAT_VERSION,
        "fingerprint": source_fingerprint(settings),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "main_document": main,
        "documents": documents,
        "curated": curated,
    }


def kb_path(settings: Settings) -> Path:
    return settings.data_dir / KB_FILE


def save(settings: Settings, data: dict) -> None:
    try:
        write_atomic(kb_path(settings), json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError as error:
        log.warning("cannot save the knowledge base in %s: %s", settings.data_dir, error)
        raise ReadOnlyError(f"数据目录不可写，知识库只在内存中（{error.strerror}）") from error


def check_nothing_lost(saved: dict | None, data: dict) -> None:
    """Refuse a ``kb/`` that lost a file the last good build had (a rules file deleted by mistake, a
    checkout gone wrong): answers would silently go missing. Removing one on purpose is
    ``build --accept-removed``."""
    if saved is None:
        return
    lost = sorted(set(saved.get("curated", {})) - set(data["curated"]))
    if lost:
        raise KnowledgeFileError("kb/" + lost[0], None,
                                 f"知识文件缺失（上一版有{len(lost)}个文件现已不在：{'、'.join(lost)}）；"
                                 "如确为有意删除，请运行 python -m assistant build --accept-removed")


def build(settings: Settings, accept_removed: bool = False) -> KnowledgeBase:
    """Build and save; raises :class:`ReadOnlyError` if it cannot save, and :class:`KnowledgeFileError`
    if a kb file of the last good build is gone (unless *accept_removed*)."""
    data = build_data(settings)
    if not accept_removed:
        check_nothing_lost(read_saved(settings), data)
    save(settings, data)
    return KnowledgeBase(data, data["main_document"])


def read_saved(settings: Settings) -> dict | None:
    try:
        data = json.loads(kb_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION or "documents" not in data:
        return None
    return data


def public(text: str, settings: Settings) -> str:
    """*text* without the server's absolute paths (shown on the home page and in /api/status)."""
    for directory, name in ((settings.kb_dir, "kb"), (settings.corpus_dir, "corpus"),
                            (settings.data_dir, "数据目录")):
        text = text.replace(str(directory), name)
    return text


def load(settings: Settings) -> tuple[KnowledgeBase, list[str]]:
    """The current knowledge base and any warnings (read-only data dir, stale copy).

    A saved artifact with the current fingerprint is used as is; otherwise the
    knowledge base is rebuilt. If rebuilding fails because ``kb/`` or the
    corpus is malformed and a saved artifact exists, the saved one is served
    and the error is reported as a warning.
    """
    saved = read_saved(settings)
    if saved is not None and saved.get("fingerprint") == source_fingerprint(settings):
        return KnowledgeBase(saved, saved.get("main_document")), []
    try:
        data = build_data(settings)
        check_nothing_lost(saved, data)
    except (KnowledgeFileError, ParseError) as error:
        if saved is None:
            raise
        log.warning("keeping the last good knowledge base: %s", error)
        return KnowledgeBase(saved, saved.get("main_document")), [
            f"知识库构建失败，仍使用上一版：{public(str(error), settings)}"]
    warnings = []
    try:
        save(settings, data)
    except ReadOnlyError as error:
        warnings.append(str(error))
    return KnowledgeBase(data, data["main_document"]), warnings


