"""One error handler for the whole app: JSON for the API, a friendly page
otherwise; domain errors become messages here, never stack traces."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from assistant.errors import AssistantError, BadInput, NotFound, ReadOnlyError

from .ratelimit import RateLimited

log = logging.getLogger(__name__)

MESSAGES = {
    400: "请求有误",
    404: "没有找到这个页面或条款",
    405: "不支持这种请求方式",
    413: "提交的内容太大（上限 64KB），请精简后再试",
    415: "请以 JSON 格式提交",
    429: "请求过于频繁，请稍后再试",
    500: "服务器出了点问题，请稍后再试",
    503: "服务暂时不可用，请稍后再试",
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def render_error(status: int, message: str, field: str | None = None, headers: dict | None = None):
    if wants_json():
        body = {"error": message, "status": status}
        if field:
            body["field"] = field
        response = jsonify(body)
    else:
        response = render_template("error.html", status=status, message=message), status
        from flask import make_response

        response = make_response(response)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        description = error.description if status in (400, 415) and error.description else None
        if status == 404 and error.description and "没有" in str(error.description):
            description = error.description
        # 405 says which methods the resource takes.
        allow = {k: v for k, v in error.get_headers() if k == "Allow"}
        return render_error(status, description or MESSAGES.get(status, error.name), headers=allow)

    @app.errorhandler(RateLimited)
    def rate_limited(error: RateLimited):
        return render_error(429, str(error), headers={"Retry-After": str(error.retry_after)})

    @app.errorhandler(AssistantError)
    def domain_error(error: AssistantError):
        if isinstance(error, NotFound):
            return render_error(404, str(error))
        if isinstance(error, BadInput):
            return render_error(400, str(error), field=error.field)
        if isinstance(error, ReadOnlyError):
            return render_error(503, f"{error}。查询和问答照常可用，但这项操作需要写入数据，暂时无法完成。")
        return render_error(400, str(error))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s", request.path)
        try:
            return render_error(500, MESSAGES[500])
        except Exception:  # the handler itself cannot fail: a bare reply
            log.exception("the error page failed")
            return Response(MESSAGES[500], status=500, mimetype="text/plain")
