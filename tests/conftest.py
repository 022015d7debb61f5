from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
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


# --- storage backends -------------------------------------------------------------------------------------
# The storage tests run on both backends. PostgreSQL comes from ASSISTANT_TEST_DATABASE_URL (``dev.py test``
# starts a throw-away cluster and sets it); without it the PostgreSQL cases are skipped, except under CI=1,
# where they fail: CI must not pass on SQLite alone.
TEST_DATABASE_URL = "ASSISTANT_TEST_DATABASE_URL"


def postgresql_url() -> str:
    """The test cluster's URL, or skip (fail under CI=1) when there is none."""
    import os

    url = os.environ.get(TEST_DATABASE_URL)
    if not url:
        reason = f"{TEST_DATABASE_URL} is not set (python3 dev.py test starts a PostgreSQL for the tests)"
        if os.environ.get("CI") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


class Backend:
    """A data directory whose state lives in *name*'s database, empty, of this test only."""

    def __init__(self, name: str, data_dir: Path, url: str | None):
        self.name, self.data_dir, self.url = name, data_dir, url

    def settings(self, base: Settings) -> Settings:
        from dataclasses import replace

        return replace(base, data_dir=self.data_dir, database_url=self.url)


@contextlib.contextmanager
def postgresql_schema(prefix: str = "test") -> Iterator[str]:
    """A PostgreSQL schema of its own in the test cluster; yields a URL whose connections use it. Dropped
    afterwards, with everything in it."""
    import secrets

    from sqlalchemy import create_engine, text

    from assistant import db

    base = db.parse_url(postgresql_url())
    schema = f"{prefix}_{secrets.token_hex(6)}"
    engine = create_engine(base)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        db.dispose_all()  # this process's pooled connections into the schema
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def fresh_schema():
    """A function making a PostgreSQL schema of the test's own; the URL of it. Dropped afterwards."""
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(postgresql_schema())


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path) -> Backend:
    """Each storage test twice: on the SQLite file in its data directory and on a PostgreSQL schema."""
    from assistant import db

    data_dir = tmp_path / "instance"
    url = request.getfixturevalue("fresh_schema")() if request.param == "postgresql" else None
    db.bind(data_dir, url)
    return Backend(request.param, data_dir, url)
