from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant import knowledge
from assistant.config import PROJECT_ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = PROJECT_ROOT / "corpus"
KB = Path(__import__("os").environ.get("TEST_KB_DIR", PROJECT_ROOT / "kb"))


@pytest.fixture(scope="session")
def settings(tmp_path_factory) -> Settings:
    data = tmp_path_factory.mktemp("instance")
    return Settings.from_env(data_dir=data, corpus_dir=CORPUS, kb_dir=KB)


@pytest.fixture(scope="session")
def kb(settings):
    return knowledge.build(settings)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A snapshot of its own per test module: sessions and the unanswered log start empty."""
    from tests.qa_support import fresh_snapshot

    return fresh_snapshot(tmp_path_factory)


@pytest.fixture(scope="module")
def qa(snapshot):
    return snapshot.qa


@pytest.fixture
def sandbox(tmp_path) -> Settings:
    """A private copy of corpus/ and kb/ that a test may change."""
    corpus, kb_dir = tmp_path / "corpus", tmp_path / "kb"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(KB, kb_dir)
    return Settings.from_env(data_dir=tmp_path / "instance", corpus_dir=corpus, kb_dir=kb_dir)


@pytest.fixture
def runner(settings):
    cli_runner = CliRunner()

    def invoke(*args, input=None, env_settings=None):
        from assistant.cli import main

        chosen = env_settings or settings
        base = ["--data-dir", str(chosen.data_dir), "--corpus-dir", str(chosen.corpus_dir),
                "--kb-dir", str(chosen.kb_dir)]
        return cli_runner.invoke(main, [*base, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def app(settings):
    from web import create_app

    application = create_app(settings, {"TESTING": True, "RATE_LIMIT": 0})
    yield application


@pytest.fixture
def client(app):
    return app.test_client()


def form_token(client, path: str = "/ask") -> str:
    """The CSRF token of the session, as a page would embed it."""
    import re

    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def examples(default: int) -> int:
    """How many generated inputs a property test tries: short in the normal
    suite, long in the fuzz run (FUZZ_EXAMPLES=…, see bench/fuzz.py)."""
    import os

    return int(os.environ.get("FUZZ_EXAMPLES", default))
