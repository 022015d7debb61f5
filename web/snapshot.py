"""What a request reads from: the runtime's current snapshot (one version for the
whole request) and the parts of ``kb/`` pages are built from."""

from __future__ import annotations

from flask import current_app, g

from assistant.runtime import Runtime


def runtime() -> Runtime:
    return current_app.extensions["assistant_runtime"]


def get_snapshot():
    """The snapshot for this request: every part of one request sees one version."""
    if "snapshot" not in g:
        g.snapshot = runtime().get()
    return g.snapshot


def measures() -> dict:
    """The title and 文号 of the measures for every page, as parsed from the corpus."""
    try:
        doc = get_snapshot().kb.main
    except Exception:  # an error page must render even when the knowledge base cannot load
        return {"measures": None}
    return {"measures": {"title": doc["title"], "doc_number": doc["doc_number"]}}


def questionnaires() -> dict:
    """The questionnaires of ``kb/questionnaires/``, by type (a new file there is a new wizard)."""
    from assistant.knowledge.curated import questionnaires as of_kb

    return of_kb(get_snapshot().kb)


def questionnaire(kind: str):
    """The questionnaire of *kind*, or 404 naming those there are."""
    from assistant.errors import NotFound

    found = questionnaires()
    if kind not in found:
        choices = "、".join(f"{q.label}（{t}）" for t, q in found.items())
        raise NotFound(f"没有这种自评问卷：{kind}（可选：{choices}）")
    return found[kind]


def subjects() -> list[str]:
    """The subject tags of the search filter (``subjects`` of kb/lexicon.yaml)."""
    return list(get_snapshot().lexicon.subject_words)
