"""Each kind of kb file is declared once: the model validates it, the JSON Schema editors use is
generated from it and committed, every YAML file points at its schema, and kb/README.md documents
every field."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from assistant.config import PROJECT_ROOT
from assistant.knowledge.schema import KINDS, kind_of, model_fields, schema_text
from tests.conftest import KB

README = (PROJECT_ROOT / "kb" / "README.md").read_text(encoding="utf-8")
KB_FILES = sorted(p for p in KB.rglob("*.yaml") if kind_of(p.relative_to(KB).as_posix()))


def _section(kind) -> str:
    """The README sections whose heading names the kind's files."""
    stem = kind.pattern.split("/")[0].split("*")[0]
    parts = re.split(r"^## ", README, flags=re.M)
    return "\n".join(p for p in parts if p.split("\n", 1)[0].strip().startswith(stem))


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_the_readme_documents_every_field(kind):
    section = _section(kind)
    assert section, f"kb/README.md has no section for {kind.pattern}"
    missing = sorted(f for f in model_fields(kind) if f"`{f}`" not in section)
    assert not missing, f"kb/README.md does not document {missing} of {kind.pattern}"


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_the_committed_schema_is_current(kind):
    path = kind.schema_path(KB)
    assert path.exists(), "run: python -m assistant kb schema --write"
    assert path.read_text(encoding="utf-8") == schema_text(kind), "run: python -m assistant kb schema --write"


@pytest.mark.parametrize("path", KB_FILES, ids=[p.relative_to(KB).as_posix() for p in KB_FILES])
def test_every_file_points_at_its_schema_and_satisfies_it(path):
    relative = path.relative_to(KB).as_posix()
    kind = kind_of(relative)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = "../" * relative.count("/") + f"schema/{kind.name}.schema.json"
    assert first == f"# yaml-language-server: $schema={expected}"
    schema = json.loads(kind.schema_path(KB).read_text(encoding="utf-8"))
    # What an editor checks: the file read as YAML 1.2, where yes and no are words, not booleans.
    data = json.loads(json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader), default=str))
    jsonschema.validate(data, schema)


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1 (yes/no/on/off are booleans); editors read YAML 1.2 (only true/false)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def test_the_schema_rejects_what_the_build_rejects():
    schema = KINDS[3].json_schema()  # rules
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"rules": [{"id": "x", "source": "art-1", "answer": "…", "when": {"all": ["a"]},
                                        "exampels": ["typo"]}]}, schema)


def test_kb_schema_prints_each_kind(runner):
    listing = runner("kb", "schema").output
    for kind in KINDS:
        assert kind.name in listing
    printed = json.loads(runner("kb", "schema", "concepts").output)
    assert printed["title"].startswith("kb/concepts.yaml")
    assert "Concept" in printed["$defs"] and "description" in printed["$defs"]["Concept"]["properties"]["anchor"]
    wrong = runner("kb", "schema", "nonsense")
    assert wrong.exit_code == 1 and "lexicon" in wrong.output


def test_an_unknown_field_is_refused_with_file_and_line(sandbox):
    from assistant import knowledge
    from assistant.errors import KnowledgeFileError

    path = sandbox.kb_dir / "concepts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{id: park, kind: subject, anchor: false,", "{id: park, kind: subject, ancor: false,"),
                    encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as caught:
        knowledge.build(sandbox)
    line = text[: text.index("{id: park, kind: subject")].count("\n") + 1
    assert caught.value.line == line and "ancor" in caught.value.reason
