"""The measures in full: table of contents, every 条/款/项 with a permalink
anchor, cross-references as links, the notice, status and dates."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from assistant.errors import BadInput, NotFound
from assistant.knowledge.lookup import lookup

from .home import key_facts
from .snapshot import get_snapshot

bp = Blueprint("articles", __name__)


def linkify(text: str, references: list[dict], known: set[str]) -> Markup:
    """Escaped text with internal references turned into anchor links."""
    out: list[str] = []
    cursor = 0
    for ref in sorted(references, key=lambda r: r["start"]):
        if ref["start"] < cursor:
            continue
        out.append(str(escape(text[cursor:ref["start"]])))
        fragment = escape(text[ref["start"]:ref["end"]])
        target = ref.get("target")
        if ref["kind"] == "internal" and target in known:
            out.append(f'<a class="xref" href="#{escape(target)}">{fragment}</a>')
        elif ref["kind"] == "external":
            title = escape(ref.get("doc_number") or ref.get("title") or "")
            out.append(f'<cite class="xdoc" title="{title}">{fragment}</cite>')
        else:
            out.append(str(fragment))
        cursor = ref["end"]
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))  # noqa: S704 - every piece above was escaped


@bp.app_template_filter("linkify")
def linkify_filter(node: dict, known: set[str]) -> Markup:
    return linkify(node["text"], node.get("references", []), known)


@bp.get("/articles")
def index():
    snapshot = get_snapshot()
    doc_id = request.args.get("doc") or None
    try:
        document = snapshot.kb.document(doc_id)
    except NotFound:
        abort(404, description="没有这部法规")
    known = {c.id for c in snapshot.kb.clauses(document["id"])}
    chapters = {(c.get("part"), c["number"]): c for c in document["chapters"]}
    outline: list[tuple[dict | None, list[dict]]] = []
    for article in document["articles"]:
        chapter = chapters.get((article["part"], article["chapter"]))
        if not outline or outline[-1][0] is not chapter:
            outline.append((chapter, []))
        outline[-1][1].append(article)
    return render_template("articles.html", document=document, outline=outline, known=known,
                           facts=key_facts() if document["id"] == snapshot.kb.main_id else None,
                           documents=list(snapshot.kb.documents.values()))


@bp.get("/articles/<path:ref>")
def show(ref: str):
    snapshot = get_snapshot()
    try:
        clause = lookup(snapshot.kb, ref)
    except (NotFound, BadInput) as error:
        abort(404, description=str(error))
    return redirect(url_for("articles.index", doc=None if clause.doc == snapshot.kb.main_id else clause.doc)
                    + f"#{clause.id}")
