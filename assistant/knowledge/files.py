"""Reading curated knowledge from ``kb/``: YAML data plus the line of every
value in it, so that an error found later names the file, the line and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeFileError

KB_SUFFIXES = (".yaml", ".yml", ".txt")
# In the data directory: staff's additions to kb/holidays.yaml (named here, where the runtime can watch it
# without importing the models).
HOLIDAYS_OVERRIDE = "holidays.yaml"
Location = tuple[Any, ...]


@dataclass
class YamlFile:
    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)  # location of a value → its line

    def line_at(self, location: Location) -> int | None:
        """The line of the deepest value on *location* that the file has (parts that are
        not keys of the data, such as a model's name in a validation error, are skipped)."""
        found, path = self.lines.get((), None), ()
        for part in location:
            candidate = (*path, part)
            if candidate in self.lines:
                path = candidate
                found = self.lines[candidate]
        return found


def kb_files(kb_dir: Path) -> list[Path]:
    return sorted(p for p in kb_dir.rglob("*") if p.suffix in KB_SUFFIXES and p.is_file())


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise KnowledgeFileError(str(path), None, f"not UTF-8 text ({error.reason})") from error
    except OSError as error:
        raise KnowledgeFileError(str(path), None, f"cannot read: {error.strerror}") from error


def load_yaml(path: Path) -> YamlFile:
    loader = yaml.SafeLoader(read_text(path))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        lines: dict[Location, int] = {}
        if node is not None:
            _record(loader, node, data, (), lines)
        return YamlFile(path, data, lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise KnowledgeFileError(str(path), line, str(error.problem or error)) from error
    except yaml.YAMLError as error:
        raise KnowledgeFileError(str(path), None, str(error)) from error
    finally:
        loader.dispose()


def _record(loader: yaml.SafeLoader, node: yaml.Node, data: Any, location: Location,
            lines: dict[Location, int]) -> None:
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, bool):  # YAML 1.1 reads a bare yes/no key as a boolean
                key = "yes" if key else "no"
            value = data.get(key, data.get(key == "yes" if key in ("yes", "no") else key))
            _record(loader, value_node, value, (*location, key), lines)
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for index, (item_node, item) in enumerate(zip(node.value, data, strict=False)):
            _record(loader, item_node, item, (*location, index), lines)


def read_lines(path: Path) -> list[str]:
    """A word list (``.txt``): one entry per line, ``#`` comments and blank lines skipped."""
    text = read_text(path)
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
