"""Home: one box that searches or asks, the way into the self-assessment,
and the key facts of the measures."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template

from .snapshot import get_snapshot, questionnaires

bp = Blueprint("home", __name__)


def key_facts() -> dict:
    snapshot = get_snapshot()
    kb = snapshot.kb
    doc = kb.main
    notice = doc.get("notice") or {}
    return {
        "title": doc["title"], "doc_number": doc["doc_number"], "issuer": doc["issuer"],
        "issued": doc["issued"], "effective": doc["effective"], "effective_rule": doc["effective_rule"],
        "effective_citation": doc["effective_citation"], "status": kb.status(dt.date.today()),
        "today": dt.date.today().isoformat(), "repeals": doc["repeals"], "notice_title": notice.get("title", ""),
        "articles": len(doc["articles"]), "chapters": len(doc["chapters"]),
    }


@bp.get("/")
def index():
    return render_template("home.html", facts=key_facts(), questionnaires=questionnaires(),
                           page_warnings=get_snapshot().warnings)
