"""Shared pieces of the Q&A tests: a snapshot built in a private data
directory, a fixed today, and asking for a plain dict."""

from __future__ import annotations

import datetime as dt

from assistant.config import Settings
from assistant.runtime import Snapshot, build_snapshot
from tests.conftest import CORPUS, KB

TODAY = dt.date(2026, 11, 24)


def fresh_snapshot(tmp_path_factory) -> Snapshot:
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("qa"), corpus_dir=CORPUS, kb_dir=KB)
    return build_snapshot(settings)


def ask(qa, question: str, **kwargs) -> dict:
    kwargs.setdefault("today", TODAY)
    return qa.ask(question, **kwargs).to_dict()
