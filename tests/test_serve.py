"""Warming up before the workers fork: every kind of request is ready, nothing is written."""

from __future__ import annotations

import gc

from assistant.db import db_path
from web import create_app
from web.serve import warm_up


def test_warm_up_loads_everything_and_writes_nothing(sandbox):
    app = create_app(sandbox)
    try:
        snapshot = warm_up(app)
        assert snapshot.kb.clause("art-11").article == 11
        assert snapshot.qa.understanding.word_classes._words is not None
        assert gc.get_freeze_count() > 0
        # No session, no unanswered log: no database connection may cross the fork.
        assert not db_path(sandbox.data_dir).exists()
    finally:
        gc.unfreeze()
