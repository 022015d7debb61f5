"""Search page: results grouped by article, highlighted, filterable, paged."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from assistant.errors import BadInput

from .snapshot import get_snapshot, subjects

bp = Blueprint("search", __name__)
PAGE_SIZE = 10


def int_arg(name: str, default: int | None = None, low: int = 1, high: int = 10_000) -> int | None:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise BadInput(f"参数 {name} 应为整数", field=name) from error
    if not low <= value <= high:
        raise BadInput(f"参数 {name} 应在 {low} 到 {high} 之间", field=name)
    return value


@bp.get("/search")
def page():
    snapshot = get_snapshot()
    query = request.args.get("q", "")
    chapter = int_arg("chapter", None, 1, 99)
    subject = request.args.get("subject") or None
    tags = subjects()
    if subject is not None and subject not in tags:
        raise BadInput("没有这个主体筛选项", field="subject")
    page_number = int_arg("page", 1, 1, 1000)
    result = error = None
    unfiltered = 0
    if query.strip():
        try:
            result = snapshot.search.search(query, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE,
                                            chapter=chapter, subject=subject)
            if result.total and not result.hits and page_number > 1:
                # page=99 of one page of results: the last page, not "找到 1 条" over an empty list
                last = (result.total + PAGE_SIZE - 1) // PAGE_SIZE
                return redirect(url_for("search.page", q=query, chapter=chapter, subject=subject, page=last))
            if not result.total and (chapter or subject):
                # say that the filter, not the words, found nothing
                unfiltered = snapshot.search.search(query, limit=1).total
        except BadInput as problem:
            error = str(problem)
    pages = ((result.total + PAGE_SIZE - 1) // PAGE_SIZE) if result else 0
    return render_template("search.html", query=query, result=result, error=error, chapter=chapter,
                           subject=subject, subjects=tags, chapters=snapshot.kb.main["chapters"],
                           page=page_number, pages=pages, unfiltered=unfiltered)
