"""Reading curated knowledge from ``kb/``: YAML with errors that name the
file, the line and the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeFileError


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping (``__line__``)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise KnowledgeFileError(str(path), None, f"not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise KnowledgeFileError(str(path), None, f"cannot read: {error.strerror}") from error
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise KnowledgeFileError(str(path), line, str(error.problem or error)) from error
    except yaml.YAMLError as error:
        raise KnowledgeFileError(str(path), None, str(error)) from error


def line_of(entry: Any) -> int | None:
    return entry.get("__line__") if isinstance(entry, dict) else None


def strip_lines(value: Any) -> Any:
    """The same data without the ``__line__`` bookkeeping keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def require(entry: dict, key: str, kind: type | tuple, path: Path) -> Any:
    if not isinstance(entry, dict):
        raise KnowledgeFileError(str(path), None, f"expected a mapping with '{key}'")
    if key not in entry:
        raise KnowledgeFileError(str(path), line_of(entry), f"missing field '{key}'")
    value = entry[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise KnowledgeFileError(str(path), line_of(entry), f"field '{key}' must be {names}")
    return value


Validator = Callable[[Path, Any], Any]


def kb_files(kb_dir: Path) -> list[Path]:
    return sorted(p for p in kb_dir.rglob("*") if p.suffix in (".yaml", ".yml", ".txt") and p.is_file())
