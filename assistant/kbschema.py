"""Validation of the curated knowledge in ``kb/`` at build time.

Each kind of file has a validator; every entry must rest on clauses that
exist in the corpus (an id like ``art-7-p1-i3``). A malformed file stops the
build with the file, the line and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .errors import KnowledgeFileError
from .kbfiles import kb_files, line_of, load_yaml, strip_lines


@dataclass
class Context:
    path: Path
    ids: set[str]  # clause ids of the main document
    main: str
    texts: dict[str, str] = field(default_factory=dict)  # clause id → printed text
    curated: dict[str, Any] = field(default_factory=dict)  # kb files validated so far

    def fail(self, entry: Any, reason: str) -> KnowledgeFileError:
        return KnowledgeFileError(str(self.path), line_of(entry), reason)

    def check_ids(self, entry: Any, ids: Any, field: str = "source") -> list[str]:
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise self.fail(entry, f"'{field}' must be a clause id or a list of ids")
        for clause_id in ids:
            if clause_id not in self.ids:
                raise self.fail(entry, f"'{field}' names {clause_id}, which is not in the measures")
        return ids


Validator = Callable[[Any, Context], Any]
_VALIDATORS: list[tuple[str, Validator]] = []


def validator(pattern: str) -> Callable[[Validator], Validator]:
    """Register a validator for kb files whose relative path matches *pattern*."""

    def register(function: Validator) -> Validator:
        _VALIDATORS.append((pattern, function))
        return function

    return register


def _document_ids(document: dict) -> set[str]:
    ids = {"notice"} if document.get("notice") else set()
    ids |= {c["id"] for c in document["chapters"]} | {s["id"] for s in document["sections"]}
    for article in document["articles"]:
        ids.add(article["id"])
        for paragraph in article["paragraphs"]:
            ids.add(paragraph["id"])
            for item in paragraph["items"]:
                ids.add(item["id"])
                ids |= {s["id"] for s in item["subitems"]}
    return ids


def _clause_texts(document: dict) -> dict[str, str]:
    from .clauses import clauses_of

    return {c.id: c.text for c in clauses_of(document)}


def load_curated(kb_dir: Path, documents: list[dict], main: str) -> dict[str, Any]:
    """Every kb file, validated, keyed by its path relative to ``kb/``."""
    _register_builtin_validators()
    if not kb_dir.is_dir():
        return {}
    main_doc = next(d for d in documents if d["id"] == main)
    ids = _document_ids(main_doc)
    texts = _clause_texts(main_doc)
    curated: dict[str, Any] = {}
    for path in kb_files(kb_dir):
        relative = path.relative_to(kb_dir).as_posix()
        if path.suffix == ".txt":
            curated[relative] = _read_lines(path)
            continue
        data = load_yaml(path)
        if data is None:
            raise KnowledgeFileError(str(path), None, "the file is empty")
        context = Context(path, ids, main, texts, curated)
        for pattern, check in _VALIDATORS:
            if fnmatch(relative, pattern):
                data = check(data, context)
        curated[relative] = strip_lines(data)
    return curated


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeFileError(str(path), None, f"cannot read as UTF-8 text: {error}") from error
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


_registered = False


def _register_builtin_validators() -> None:
    """Import the modules that own each kind of kb file (they register here)."""
    global _registered
    if _registered:
        return
    _registered = True
    from . import kbvalidators  # noqa: F401  (registers on import)
