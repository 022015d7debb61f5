"""Safety at the HTTP edge: CSRF tokens on form posts, security headers,
JSON-only API posts, and a per-client rate limit on search and ask."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque

from flask import Flask, abort, current_app, request, session

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
LIMITED_PATHS = ("/search", "/ask", "/api/search", "/api/ask")
WINDOW_SECONDS = 60.0


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"请求过于频繁，请在 {retry_after} 秒后再试")


class RateLimiter:
    """Sliding one-minute window per client address (per worker process)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] > WINDOW_SECONDS:
                hits.popleft()
            if len(hits) >= self.per_minute:
                raise RateLimited(max(1, int(WINDOW_SECONDS - (now - hits[0])) + 1))
            hits.append(now)
            if len(self._hits) > 10_000:
                # Forget idle clients so the table cannot grow without bound.
                for key in [k for k, v in self._hits.items() if not v or now - v[-1] > WINDOW_SECONDS]:
                    del self._hits[key]


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
    if request.path in LIMITED_PATHS and (request.method == "POST" or request.args.get("q")):
        current_app.extensions["rate_limiter"].check(request.remote_addr or "unknown")


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
    app.extensions["rate_limiter"] = RateLimiter(app.config.get("RATE_LIMIT", 0))
    app.before_request(_check_request)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token

