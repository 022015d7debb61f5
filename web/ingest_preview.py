"""What staff see before an uploaded file goes into the corpus: the title and 文号 found, the articles and
chapters, what the cleaning removed, which corpus file it replaces, and warnings. A text the knowledge base
cannot be built from (the rules of ``kb/`` cite articles it lacks) is blocked here, before anything changes:
confirming it would leave the site serving the old version with a warning."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.knowledge.artifact import CORPUS_SUFFIXES, build_data, corpus_files, public
from assistant.regulation import parse_regulation
from assistant.regulation.ingest import Ingested, safe_name
from assistant.regulation.numerals import int_to_cn

from .upload_ingest import UploadRejected, target_path, with_corpus

MAX_LISTED = 8  # missing article numbers named in a warning
EXCERPT = 600  # characters of the cleaned text shown, enough for the notice and the first articles


def _gaps(numbers: list[int]) -> list[int]:
    return sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers)) if numbers else []


def _target_stem(document, requested: str | None, shown: str, kb) -> tuple[str, bool]:
    """The corpus name: the one asked for, else the document of the same title already there, else the
    upload's own name. The flag says the name was chosen because of the title."""
    if requested:
        return requested, False
    for doc in kb.documents.values():
        if doc["title"] == document.title and doc.get("source"):
            return Path(doc["source"]).stem, True
    try:
        return safe_name(Path(shown).stem), False
    except AssistantError:
        return "upload", False


def _warnings(document, previous: dict | None, title_found: bool) -> list[str]:
    out = []
    plain = [a.number for a in document.articles if not a.sub_number]
    missing = _gaps(plain)
    if missing:
        named = "、".join(f"第{int_to_cn(n)}条" for n in missing[:MAX_LISTED])
        named += "等" if len(missing) > MAX_LISTED else ""
        out.append(f"条文编号不连续：没有找到{named}，可能有条文没有识别出来，请对照原件核对。")
    elif not document.articles_continuous:
        out.append("条文编号有重复或倒序，可能有条文识别错了，请对照原件核对。")
    if plain and plain[0] != 1:
        out.append(f"条文从第{int_to_cn(plain[0])}条开始，而不是第一条。")
    if not title_found:
        out.append(f"没有识别出标题，将以文件名“{document.title}”作为标题。")
    if not document.doc_number:
        out.append("没有识别出文号（如“渝经信规范〔2024〕4号”）。")
    if previous is not None:
        if previous["title"] != document.title:
            out.append(f"标题与将被替换的《{previous['title']}》不同，请确认没有选错文件。")
        if len(document.articles) < previous["articles"]:
            out.append(f"条数比现有文本少：现有 {previous['articles']} 条，新文本 {len(document.articles)} 条。")
    return out


def _check_build(settings: Settings, target: Path, text: str) -> str | None:
    """Build the knowledge base from the corpus as it would be (in a scratch copy); the reason it fails."""
    scratch = Path(tempfile.mkdtemp(prefix="green-corpus-"))
    try:
        for path in corpus_files(settings.corpus_dir):
            if path.name != target.name:
                shutil.copy2(path, scratch / path.name)
        (scratch / target.name).write_text(text, encoding="utf-8")
        build_data(with_corpus(settings, scratch))
    except AssistantError as error:
        message = public(str(error), settings).replace(str(scratch), "corpus")
        return f"按新文本无法构建知识库：{message}。请先修改 kb/ 中引用的条款，或用命令行导入。"
    except OSError as error:
        return f"无法检查新文本能否构建知识库：{error.strerror or error}。"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return None


def preview(result: Ingested, shown: str, size: int, requested: str | None, settings: Settings, kb) -> dict:
    """The summary of a dry run (JSON-ready); :class:`UploadRejected` if the text holds no articles."""
    guess = requested or "upload"
    try:
        document = parse_regulation(result.text, guess + result.suffix)
    except AssistantError as error:
        raise UploadRejected(f"“{shown}”无法解析为法规：{error}。") from error
    if not document.articles:
        raise UploadRejected(f"“{shown}”中没有找到条文（“第一条 ……”）：请确认上传的是法规正文。")
    title_found = document.title != guess
    stem, by_title = _target_stem(document, requested, shown, kb)
    if not title_found:
        document.title = stem
    target = target_path(settings, stem + result.suffix)
    previous_doc = kb.documents.get(stem) if target.exists() else None
    previous = ({"title": previous_doc["title"], "articles": len(previous_doc["articles"]),
                 "doc_number": previous_doc.get("doc_number", "")} if previous_doc else None)
    blocked = None
    twins = [stem + other for other in CORPUS_SUFFIXES if other != result.suffix
             and target_path(settings, stem + other).exists()]
    if twins:
        blocked = (f"语料目录中已有 {twins[0]}，再写入 {target.name} 会成为同名的两部法规：请换一个保存名称，"
                   "或先在服务器上移走旧文件。")
    else:
        blocked = _check_build(settings, target, result.text)
    sha = hashlib.sha256(target.read_bytes()).hexdigest() if target.exists() else None
    return {
        "file": shown, "size": size, "kind": result.suffix, "target": target.name, "target_sha": sha,
        "by_title": by_title, "previous": previous, "main": stem == kb.main_id,
        "title": document.title, "doc_number": document.doc_number, "issuer": document.issuer,
        "chars": len(result.text), "articles": len(document.articles),
        "first": document.articles[0].heading, "last": document.articles[-1].heading,
        "chapters": [f"{h.printed} {h.title}".strip() for h in document.chapters],
        "sections": len(document.sections),
        "removed": result.report(), "joined": result.joined_titles,
        "warnings": _warnings(document, previous, title_found), "blocked": blocked,
        "excerpt": result.text[:EXCERPT] + ("……" if len(result.text) > EXCERPT else ""),
    }
