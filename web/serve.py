"""``serve``: the web app under a production WSGI server.

gunicorn (several worker processes, each with threads) where it runs, waitress
otherwise; the Flask development server only with ``--debug``. The app and
its snapshot (jieba, spaCy, the index) are loaded once before the workers
fork, so each worker starts warm and shares that memory.
"""

from __future__ import annotations

import gc
import os
import sys

import click

from assistant.config import Settings
from assistant.db import close_thread_connections


def _gunicorn(app, host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("timeout", 60)
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("keepalive", 5)
            self.cfg.set("preload_app", True)
            # gunicorn's control socket lives in the home directory and would be
            # shared by every server on the machine; we do not use it.
            if "control_socket_disable" in self.cfg.settings:
                self.cfg.set("control_socket_disable", True)
            if access_log:
                self.cfg.set("accesslog", "-")

        def load(self):
            return app

    Server().run()


def warm_up(app):
    """Load the snapshot and run each kind of request once before the workers fork:
    templates compiled, lazy tables filled (pinyin, word classes, date rules), so that
    no user's request pays for them, once per worker. Nothing here writes to the
    database: the question goes to the engine without a session, not to /api/ask."""
    with app.app_context():
        snapshot = app.extensions["assistant_runtime"].get()
    client = app.test_client()
    client.get("/api/search", query_string={"q": "绿色工厂申报条件"})
    client.get("/search", query_string={"q": "公示"})
    snapshot.qa.ask("公示期多长？")
    if snapshot.qa.understanding.word_classes is not None:
        snapshot.qa.understanding.word_classes.load()
    client.get("/")
    client.get("/api/questions/factory")
    # What is loaded now lives as long as the process: keep the collector from
    # walking it again and again (and from touching pages the workers share).
    close_thread_connections()  # a connection must not cross the fork
    gc.collect()
    gc.freeze()
    return snapshot


def run(settings: Settings, host: str = "127.0.0.1", port: int = 5000, workers: int = 2, threads: int = 4,
        access_log: bool = False, debug: bool = False) -> None:
    """Load the app, warm it, and serve it (``python -m assistant serve``)."""
    from . import create_app

    app = create_app(settings)
    snapshot = warm_up(app)
    for warning in snapshot.warnings:
        click.echo(f"提示：{warning}", err=True)
    click.echo(f"绿色认定助手已启动：http://{host}:{port}/  （数据目录 {settings.data_dir}）", err=True)
    if debug:
        app.run(host=host, port=port, debug=True, use_reloader=False)
    elif os.name == "posix" and sys.platform != "cygwin":
        _gunicorn(app, host, port, workers, threads, access_log)
    else:
        from waitress import serve as waitress_serve

        waitress_serve(app, host=host, port=port, threads=workers * threads)
