"""The Whoosh index: one document per 条, 款 (where an article has several),
项 and 目, and the notice; built from the knowledge base into the data
directory and loaded into memory.

Lifecycle: the index directory is named after the knowledge base
fingerprint and built in a temporary directory that is renamed into place
when complete, so a reader never sees half an index. A missing or corrupt
directory is rebuilt. The running process searches an in-memory copy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import uuid
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import RamStorage, copy_to_ram

from ..knowledge.clauses import KnowledgeBase
from ..knowledge.lexicon import Lexicon
from .analysis import CharTokenizer, JiebaTokenizer
from .documents import asked_questions, context_text, indexed_clauses

log = logging.getLogger(__name__)
READY = "READY"
KEEP_OLD = 2


def make_schema(segmenter_key: str) -> Schema:
    words = JiebaTokenizer(segmenter_key)
    return Schema(
        id=ID(stored=True),
        doc=ID(stored=True),
        kind=ID(stored=True),
        article=NUMERIC(stored=True),
        chapter=ID(stored=True),
        subjects=KEYWORD(stored=True, commas=True, scorable=False),
        text=TEXT(analyzer=words, phrase=True),
        heading=TEXT(analyzer=words, phrase=False),
        chars=TEXT(analyzer=CharTokenizer(), phrase=True),
        asked=TEXT(analyzer=words, phrase=False),
    )


def _fill(writer, kb: KnowledgeBase, lexicon: Lexicon) -> None:
    asked = asked_questions(kb)
    for clause in indexed_clauses(kb):
        writer.add_document(
            id=clause.id, doc=clause.doc, kind=clause.kind,
            article=clause.article if clause.article is not None else 0,
            chapter=str(clause.chapter) if clause.chapter is not None else "",
            subjects=",".join(lexicon.subjects_of(context_text(clause))),
            text=context_text(clause),
            heading=" ".join(x for x in (clause.chapter_title, clause.section_title) if x),
            chars=clause.text,
            asked="\n".join(asked.get((clause.doc, clause.id), [])),
        )
    writer.commit()


def write_index(directory: Path, kb: KnowledgeBase, lexicon: Lexicon, segmenter_key: str) -> None:
    directory.mkdir(parents=True)
    ix = whoosh_index.create_in(str(directory), make_schema(segmenter_key))
    _fill(ix.writer(limitmb=256), kb, lexicon)
    (directory / READY).write_text(json.dumps(
        {"fingerprint": kb.fingerprint, "files": _manifest(directory)}), encoding="utf-8")


def _manifest(directory: Path) -> dict[str, list]:
    """Size and hash of every index file: a truncated or altered file is
    detected before Whoosh opens it."""
    out = {}
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.name != READY:
            data = path.read_bytes()
            out[path.name] = [len(data), hashlib.sha256(data).hexdigest()]
    return out


def _intact(directory: Path) -> bool:
    try:
        expected = json.loads((directory / READY).read_text(encoding="utf-8"))["files"]
        return bool(expected) and _manifest(directory) == expected
    except (OSError, ValueError, KeyError, TypeError):
        return False


def index_intact(root: Path, name: str) -> bool:
    """The built index directory for *name* is complete and unaltered."""
    return _intact(root / name)


def _load(directory: Path):
    """Open a complete index directory into memory, or None if it is unusable."""
    if not _intact(directory):
        return None
    try:
        ix = whoosh_index.open_dir(str(directory))
        ram = copy_to_ram(ix.storage)
        loaded = ram.open_index()
        with loaded.searcher() as searcher:
            searcher.doc_count()
            # Touch every segment's term data so truncated files fail here, not mid-query.
            for field in ("text", "chars"):
                list(searcher.lexicon(field))[:1]
        return loaded
    except Exception as error:
        log.warning("index at %s is unusable (%s); rebuilding", directory, error)
        return None


def open_index(root: Path, kb: KnowledgeBase, lexicon: Lexicon, segmenter_key: str, name: str):
    """The in-memory index for this knowledge base, building it if needed.

    Returns ``(index, persisted)``: *persisted* is False when the data
    directory could not be written and the index lives in memory only.
    """
    target = root / name
    loaded = _load(target)
    if loaded is not None:
        return loaded, True
    staging = root / f".build-{uuid.uuid4().hex}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        write_index(staging, kb, lexicon, segmenter_key)
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    except OSError as error:
        # A read-only data directory: build in memory instead.
        log.warning("cannot write the index under %s (%s); indexing in memory", root, error)
        shutil.rmtree(staging, ignore_errors=True)
        return _memory_index(kb, lexicon, segmenter_key), False
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    _prune(root, keep=name)
    loaded = _load(target)
    if loaded is not None:
        return loaded, True
    return _memory_index(kb, lexicon, segmenter_key), False


def _memory_index(kb: KnowledgeBase, lexicon: Lexicon, segmenter_key: str):
    ix = RamStorage().create_index(make_schema(segmenter_key))
    _fill(ix.writer(), kb, lexicon)
    return ix


def _prune(root: Path, keep: str) -> None:
    """Remove old index directories, keeping the newest few for running readers."""
    old = sorted((p for p in root.iterdir() if p.is_dir() and p.name != keep and not p.name.startswith(".")),
                 key=lambda p: p.stat().st_mtime, reverse=True)
    for directory in old[KEEP_OLD - 1:]:
        shutil.rmtree(directory, ignore_errors=True)


def storage_size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
