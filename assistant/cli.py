"""Command line: ``python -m assistant …`` (also installed as ``lvse``).

Shared options (data, corpus and kb directories) are declared once on the
group; domain errors become one-line messages here, at the edge.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path

import click

from . import knowledge
from .config import Settings
from .errors import AssistantError, BadInput
from .lookup import lookup
from .numerals import int_to_cn
from .parser import parse_regulation
from .serialize import document_to_dict


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def edge(function):
    """Turn domain errors into a clear message and exit status 1."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except AssistantError as error:
            click.echo(f"错误：{error}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="数据目录（默认 instance/，环境变量 ASSISTANT_DATA_DIR）")
@click.option("--corpus-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="法规原文目录（默认 corpus/，环境变量 ASSISTANT_CORPUS_DIR）")
@click.option("--kb-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="知识目录（默认 kb/，环境变量 ASSISTANT_KB_DIR）")
@click.pass_context
def main(ctx: click.Context, data_dir, corpus_dir, kb_dir) -> None:
    """绿色认定助手：《重庆市绿色园区和绿色工厂认定管理办法》查询、问答与自评。"""
    ctx.obj = Settings.from_env(data_dir=data_dir, corpus_dir=corpus_dir, kb_dir=kb_dir)


def load_knowledge(settings: Settings):
    kb, warnings = knowledge.load(settings)
    for warning in warnings:
        click.echo(f"提示：{warning}", err=True)
    return kb


@main.command()
@click.pass_obj
@edge
def build(settings: Settings) -> None:
    """构建知识库（语料或知识有变化时自动重建），打印摘要。"""
    try:
        kb = knowledge.build(settings)
    except AssistantError:
        raise
    click.echo(summary(kb))


def summary(kb) -> str:
    doc = kb.main
    notice = doc.get("notice") or {}
    items = {a["label"]: sum(len(p["items"]) for p in a["paragraphs"]) for a in doc["articles"]}
    lines = [
        f"《{doc['title']}》 {doc['doc_number']}",
        f"  发布机关：{doc['issuer']}   印发日期：{doc['issued']}   施行日期：{doc['effective']}"
        f"   状态（{dt.date.today().isoformat()}）：{kb.status()}",
        f"  结构：{len(doc['chapters'])} 章，{len(doc['sections'])} 节，{len(doc['articles'])} 条，"
        f"{sum(items.values())} 项",
        f"  印发通知：{notice.get('doc_number', '无')} {notice.get('date') or ''}",
        f"  废止：{'；'.join(r['title'] + (r['doc_number'] or '') for r in doc['repeals']) or '无'}",
        f"  知识库：{len(kb.documents)} 部法规，{len(kb.curated)} 个知识文件，指纹 {kb.fingerprint}",
    ]
    return "\n".join(lines)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@edge
def parse(path: Path, as_json: bool) -> None:
    """解析任意一部法规文本（.txt/.md），输出结构。"""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise BadInput(f"{path} 不是 UTF-8 文本") from error
    data = document_to_dict(parse_regulation(text, str(path)))
    if as_json:
        emit_json(data)
        return
    counts = data["counts"]
    click.echo(f"《{data['title']}》 {data['doc_number'] or ''}".rstrip())
    click.echo(f"  编 {counts['parts']}  章 {counts['chapters']}  节 {counts['sections']}  条 {counts['articles']}")
    for chapter in data["chapters"]:
        click.echo(f"  第{chapter['number']}章 {chapter['title']}")


@main.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--doc", "doc_id", default=None, help="法规 id（语料中有多部时）")
@click.pass_obj
@edge
def show(settings: Settings, ref: str, as_json: bool, doc_id: str | None) -> None:
    """显示一条（款、项）原文及引用，如 17、第十七条、第7条第3项、art-17-p1-i4。"""
    kb = load_knowledge(settings)
    clause = lookup(kb, ref, doc_id)
    if as_json:
        emit_json(clause.to_dict())
        return
    click.echo(clause.citation)
    click.echo(clause.text)
    where = f"第{int_to_cn(clause.chapter)}章 {clause.chapter_title}" if clause.chapter else ""
    click.echo(f"[{clause.id}] {where}".rstrip())


@main.command("kb")
@click.option("--json", "as_json", is_flag=True, help="输出完整 JSON")
@click.pass_obj
@edge
def kb_command(settings: Settings, as_json: bool) -> None:
    """输出构建好的知识库（整个结构）。"""
    kb = load_knowledge(settings)
    if as_json:
        data = dict(kb.data)
        data["status"] = {doc_id: kb.status(doc_id=doc_id) for doc_id in kb.documents}
        data["status_date"] = dt.date.today().isoformat()
        emit_json(data)
    else:
        click.echo(summary(kb))

from web import serve as _serve_command  # noqa: E402,F401

from .assess import commands as _assess_commands  # noqa: E402,F401
from .qa import commands as _qa_commands  # noqa: E402,F401
from .search import commands as _search_commands  # noqa: E402,F401
