"""The web app: search, the measures, the help-desk chat, the self-assessment
wizard, a JSON API and a staff page. Create it with :func:`create_app`.

One blueprint per feature; imports ``assistant`` (runtime, engines, knowledge) and never the command line.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from assistant import db
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.qa.quoting import says_verbatim
from assistant.regulation.numerals import int_to_cn
from assistant.runtime import get_runtime

from . import retention, security
from .errors import register_error_handlers
from .secret import load_secret_key
from .snapshot import measures

MAX_REQUEST_BYTES = 64 * 1024


def create_app(settings: Settings | None = None, test_config: dict | None = None) -> Flask:
    settings = settings or Settings.from_env()
    db.bind(settings.data_dir, settings.database_url)  # the stores find their database by the data directory
    app = Flask(__name__, instance_path=str(settings.data_dir.resolve()), instance_relative_config=False)
    app.config.from_mapping(
        SECRET_KEY=load_secret_key(settings.data_dir),
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_AS_ASCII=False,
        ASSISTANT_SETTINGS=settings,
        ADMIN_TOKEN=settings.admin_token,
        RATE_LIMIT=settings.rate_limit,
        PURGE_INTERVAL=settings.purge_interval_minutes * 60,  # seconds; 0 = the server never purges
    )
    if test_config:
        # Tests do not purge behind their own back unless they ask (by giving PURGE_INTERVAL).
        if test_config.get("TESTING") and "PURGE_INTERVAL" not in test_config:
            app.config["PURGE_INTERVAL"] = 0
        app.config.update(test_config)
    app.json.ensure_ascii = False
    if settings.trusted_proxies:
        # Behind nginx every request comes from the proxy's address; only the proxies' own entries of
        # X-Forwarded-For are believed, so a client cannot pick its rate-limit bucket by sending the header.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)
    app.extensions["assistant_runtime"] = get_runtime(settings)
    logging.getLogger("assistant").setLevel(logging.INFO)

    security.init_app(app)
    retention.init_app(app)
    register_error_handlers(app)

    from . import admin, admin_ingest, api, articles, ask, assess, health, home, search

    for module in (home, search, articles, ask, assess, api, health):
        app.register_blueprint(module.bp)
    if app.config["ADMIN_TOKEN"]:
        # Without a token the staff pages do not exist at all; a short one is refused, not used.
        if len(app.config["ADMIN_TOKEN"]) < admin.MIN_TOKEN:
            raise ConfigError(f"环境变量 ASSISTANT_ADMIN_TOKEN 至少需要 {admin.MIN_TOKEN} 个字符"
                              "（可用 python -c \"import secrets; print(secrets.token_urlsafe(32))\" 生成）",
                              "ASSISTANT_ADMIN_TOKEN")
        app.register_blueprint(admin.bp)
        app.register_blueprint(admin_ingest.bp)

    app.context_processor(measures)
    app.jinja_env.globals["static_version"] = _static_version()
    app.jinja_env.tests["said_in"] = lambda text, answer: says_verbatim(answer, text)
    app.jinja_env.filters["cn"] = lambda number: int_to_cn(number) if isinstance(number, int) else number
    return app


def _static_version() -> str:
    static = Path(__file__).parent / "static"
    stamps = [int(p.stat().st_mtime) for p in static.rglob("*") if p.is_file()]
    return str(max(stamps, default=0))
