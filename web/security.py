"""Safety at the HTTP edge: CSRF tokens on form posts, security headers,
JSON-only API posts, and a per-client rate limit shared by the workers, weighted by what a request costs."""

from __future__ import annotations

import hmac
import re
import secrets

from flask import Flask, abort, current_app, request, session

from .ratelimit import Buckets

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
LIMITED_PATHS = ("/search", "/ask", "/api/search", "/api/ask")
WINDOW_SECONDS = 60.0
# What a request costs against the per-minute allowance: a PDF report is typeset, an assessment
# evaluated and saved, a search or a question answered from memory.
REPORT = re.compile(r"^/assess/[^/]+/(?:report|notice)\.(\w+)$")  # the report and the 一次性告知单
REPORT_COSTS = {"pdf": 10, "docx": 4, "md": 2, "json": 2}
ASSESS_POST_COST = 1
API_ASSESS_COST = 2


def session_token(key: str, size: int) -> str:
    """A random token kept in the signed session cookie under *key*, made on first use."""
    token = session.get(key)
    if not token:
        token = session[key] = secrets.token_urlsafe(size)
    return token


def csrf_token() -> str:
    return session_token("csrf", 32)


def _check_request() -> None:
    if request.method == "POST":
        if request.path.startswith("/api/"):
            if not request.is_json:
                abort(415, description="请以 JSON 格式提交（Content-Type: application/json）")
        else:
            sent = request.form.get("csrf_token", "")
            expected = session.get("csrf", "")
            if not expected or not hmac.compare_digest(sent, expected):
                abort(400, description="表单已过期或来源不明，请刷新页面后重试（您填写的内容已保存）")
    cost = request_cost()
    if cost:
        current_app.extensions["rate_buckets"].take(f"ip:{request.remote_addr or 'unknown'}", cost,
                                                    current_app.config.get("RATE_LIMIT", 0), WINDOW_SECONDS)


def request_cost() -> int:
    """What this request costs against the client's allowance (0: free: pages, static files)."""
    path = request.path
    if path in LIMITED_PATHS and (request.method == "POST" or request.args.get("q")):
        return 1
    if path == "/api/assess" and request.method == "POST":
        return API_ASSESS_COST
    report = REPORT.match(path)
    if report:
        return REPORT_COSTS.get(report.group(1), 1)
    if path.startswith("/assess/") and request.method == "POST":
        return ASSESS_POST_COST
    return 0


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.path.startswith(("/api/", "/assess", "/ask")):  # answers, saved answers, transcripts
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    settings = app.config.get("ASSISTANT_SETTINGS")
    app.extensions["rate_buckets"] = Buckets(settings.data_dir if settings is not None else None)
    app.before_request(_check_request)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token

