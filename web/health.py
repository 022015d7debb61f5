"""``GET /healthz``: whether this server can take requests, for a load balancer.

200 ``{"ready": true, "fingerprint": …, "database": {"backend": …}}`` once the knowledge snapshot is loaded
(``serve`` loads it before the workers start); 503 ``{"ready": false}`` before. It never starts the load
itself (a probe must answer at once), never touches the database, and is not rate-limited (a load balancer
probes from one address, often).
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from assistant import db

from .snapshot import runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    snapshot = runtime().loaded
    backend = db.backend(current_app.config["ASSISTANT_SETTINGS"].data_dir)
    if snapshot is None:
        response = jsonify({"ready": False, "database": {"backend": backend}})
        response.status_code = 503
        response.headers["Retry-After"] = "5"
        return response
    return jsonify({"ready": True, "fingerprint": snapshot.kb.fingerprint, "database": {"backend": backend}})
