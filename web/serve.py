"""``serve``: the web app under a production WSGI server.

gunicorn (several worker processes, each with threads) where it runs, waitress
otherwise; the Flask development server only with ``--debug``. The app and
its snapshot (jieba, spaCy, the index) are loaded once before the workers
fork, so each worker starts warm and shares that memory.
"""

from __future__ import annotations

import gc
import json
import os
import sys

import click

from assistant.config import Settings
from assistant.db import close_thread_connections

from .retention import paused


def _gunicorn(app, host: str, port: int, workers: int, threads: int, worker_class: str,
              access_log: bool) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            # A slow client must not hold a worker thread: see web/worker.py (tests/test_slow_clients.py).
            # Requests themselves are CPU-bound and run one at a time per process either way (the GIL).
            self.cfg.set("worker_class", "web.worker.DeadlineGeventWorker" if worker_class == "gevent"
                         else worker_class)
            self.cfg.set("worker_connections", 1000)
            self.cfg.set("timeout", 60)
            self.cfg.set("graceful_timeout", 10)
            self.cfg.set("keepalive", 0 if worker_class == "gevent" else 5)
            self.cfg.set("preload_app", True)
            # gunicorn's control socket lives in the home directory and would be
            # shared by every server on the machine; we do not use it.
            if "control_socket_disable" in self.cfg.settings:
                self.cfg.set("control_socket_disable", True)
            if access_log:
                self.cfg.set("accesslog", "-")
                # The path without its query: a question asked by GET (/ask?q=…) may hold a phone number.
                self.cfg.set("access_log_format", '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s')

        def load(self):
            return app

    import gunicorn.util

    gunicorn.util.write_error = _write_json_error  # looked up at call time by the workers' handle_error
    Server().run()


SERVER_ERRORS = {414: "请求地址过长", 431: "请求头过大", 400: "请求格式有误", 417: "不支持的 Expect 请求头",
                 501: "不支持的传输编码"}


def _write_json_error(sock, status: int, reason: str, message: str) -> None:
    """gunicorn's own answer to a request it could not parse (a request line or header too long), as the
    API's JSON error instead of an HTML page: API clients read one error shape. The request's path is not
    known when its line is too long, so every such answer is JSON (a browser never sends one)."""
    from gunicorn.util import write_nonblock

    body = json.dumps({"error": SERVER_ERRORS.get(status, reason), "status": status}, ensure_ascii=False)
    data = body.encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(data)}\r\n\r\n")
    write_nonblock(sock, head.encode("latin-1") + data)


def warm_up(app):
    """Load the snapshot and run each kind of request once before the workers fork:
    templates compiled, lazy tables filled (pinyin, word classes, date rules), so that
    no user's request pays for them, once per worker. Nothing here writes to the
    database: the question goes to the engine without a session, not to /api/ask."""
    with app.app_context():
        snapshot = app.extensions["assistant_runtime"].get()
    client = app.test_client()
    # The purge waits for the workers' first requests: its thread and connection must not cross the fork.
    with paused(app):
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
        worker_class: str = "gevent", access_log: bool = False, debug: bool = False) -> None:
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
        _gunicorn(app, host, port, workers, threads, worker_class, access_log)
    else:
        from waitress import serve as waitress_serve

        waitress_serve(app, host=host, port=port, threads=workers * threads)
