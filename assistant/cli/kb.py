"""``build``, ``kb`` (the built knowledge base, its schemas, its coverage), ``parse`` and ``show``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..config import PROJECT_ROOT, Settings
from ..errors import BadInput
from .common import edge, emit_json, load_knowledge, pass_settings, snapshot

CASE_DIRS = (PROJECT_ROOT / "tests", PROJECT_ROOT / "bench" / "sets")
CONFLICT_REASONS = {"unmatched": "规则不适用于自己的示例（缺概念词或触发条件）",
                    "indistinct": "示例中没有能区分两条规则的概念或词",
                    "mutual": "两条规则在对方的示例上都排在前面"}


@click.command()
@click.option("--no-qa", is_flag=True, help="只构建知识库，不准备问答（规则索引、从示例学到的优先关系）")
@click.option("--accept-removed", is_flag=True, help="确认有意删除了知识文件：上一版有、现在没有的文件不再视为缺失")
@pass_settings
@edge
def build(settings: Settings, no_qa: bool, accept_removed: bool) -> None:
    """构建知识库（语料或知识有变化时自动重建），打印摘要；并准备问答，报告示例分不开的规则。"""
    from .. import knowledge

    click.echo(summary(knowledge.build(settings, accept_removed=accept_removed)))
    if not no_qa:
        precedence = snapshot(settings).qa.precedence
        pairs = sum(len(losers) for losers in precedence.wins.values())
        click.echo(f"  问答：从规则示例学到 {pairs} 对优先关系，{len(precedence.conflicts)} 个示例有冲突"
                   + ("（assistant kb precedence 列出）" if precedence.conflicts else ""))


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


@click.group("kb", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="输出完整 JSON")
@click.pass_context
@edge
def kb_group(ctx: click.Context, as_json: bool) -> None:
    """输出构建好的知识库（整个结构）；子命令 schema、coverage。"""
    if ctx.invoked_subcommand is not None:
        return
    settings = ctx.find_object(Settings)
    kb = load_knowledge(settings)
    if as_json:
        data = dict(kb.data)
        data["status"] = {doc_id: kb.status(doc_id=doc_id) for doc_id in kb.documents}
        data["status_date"] = dt.date.today().isoformat()
        emit_json(data)
    else:
        click.echo(summary(kb))


@kb_group.command("schema")
@click.argument("kind", required=False)
@click.option("--write", is_flag=True, help="把每种文件的 JSON Schema 写入 kb/schema/（供编辑器补全和检查）")
@pass_settings
@edge
def schema(settings: Settings, kind: str | None, write: bool) -> None:
    """打印一种知识文件的 JSON Schema（lexicon、concepts、intents、rules、questionnaires、wordings）。"""
    from ..knowledge.schema import KINDS, kind_named, schema_text

    if write:
        for each in KINDS:
            path = each.schema_path(settings.kb_dir)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(schema_text(each), encoding="utf-8")
            click.echo(f"已写入 {path}", err=True)
        return
    if kind is None:
        for each in KINDS:
            click.echo(f"{each.name:<16}{each.pattern:<26}{each.title}")
        return
    try:
        chosen = kind_named(kind)
    except KeyError as error:
        raise BadInput(f"没有“{kind}”这种知识文件，可选：{'、'.join(k.name for k in KINDS)}", field="kind") from error
    click.echo(schema_text(chosen), nl=False)


@kb_group.command("precedence")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_settings
@edge
def precedence_command(settings: Settings, as_json: bool) -> None:
    """几条规则同时适用时谁先回答（从各规则的示例学到的），以及示例分不开的规则对。"""
    precedence = snapshot(settings).qa.precedence
    if as_json:
        emit_json(precedence.to_json())
        return
    for winner, losers in sorted(precedence.wins.items()):
        for loser, keys in sorted(losers.items()):
            click.echo(f"{winner} 先于 {loser}  当问题含：{'、'.join(sorted(keys))}")
    if precedence.conflicts:
        click.echo(f"\n{len(precedence.conflicts)} 个示例有冲突（补充概念词、示例或 prefer_over）：")
        for conflict in precedence.conflicts:
            other = f" ↔ {conflict.other}" if conflict.other else ""
            click.echo(f"  {conflict.rule}{other}：{conflict.example}  — {CONFLICT_REASONS[conflict.reason]}")


@kb_group.command("coverage")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--cases", "case_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="评测集目录（默认 tests/ 和 bench/sets/）")
@pass_settings
@edge
def coverage_command(settings: Settings, as_json: bool, case_dirs: tuple[Path, ...]) -> None:
    """每一条、款、项被哪些问答规则、自评问题和评测用例引用；没有任何引用的条款。"""
    from ..knowledge.coverage import coverage

    kb = load_knowledge(settings)
    files = sorted(p for d in (case_dirs or CASE_DIRS) if d.is_dir() for p in d.glob("*.yaml"))
    report = coverage(kb, files)
    if as_json:
        emit_json(report)
        return
    click.echo(f"《{report['document']}》的条款覆盖（规则 / 自评问题 / 评测用例）")
    for row in report["clauses"]:
        mark = " " if row["cited"] else "✗"
        click.echo(f"{mark} {row['label']:<22}{len(row['rules']):>4}{len(row['questions']):>4}{row['cases']:>5}"
                   f"  {'、'.join(row['rules'][:4])}{'…' if len(row['rules']) > 4 else ''}")
    totals = "；".join(f"{k} {v['cited']}/{v['clauses']}" for k, v in report["totals"].items())
    click.echo(f"\n有引用：{totals}")
    if report["uncited"]:
        click.echo("没有任何引用：" + "、".join(report["uncited"]))


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@edge
def parse(path: Path, as_json: bool) -> None:
    """解析任意一部法规文本（.txt/.md），输出结构。"""
    from ..regulation import document_to_dict, parse_regulation

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
    # counts["parts"] holds 编 and 分编 together (both are listed in "parts").
    subparts = counts.get("subparts", 0)
    divisions = f"编 {counts['parts'] - subparts}" + (f"  分编 {subparts}" if subparts else "")
    click.echo(f"  {divisions}  章 {counts['chapters']}  节 {counts['sections']}  条 {counts['articles']}")
    for chapter in data["chapters"]:
        click.echo(f"  第{chapter['number']}章 {chapter['title']}")


@click.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--doc", "doc_id", default=None, help="法规 id（语料中有多部时）")
@pass_settings
@edge
def show(settings: Settings, ref: str, as_json: bool, doc_id: str | None) -> None:
    """显示一条（款、项）原文及引用，如 17、第十七条、第7条第3项、art-17-p1-i4。"""
    from ..knowledge.lookup import lookup
    from ..regulation.numerals import int_to_cn

    kb = load_knowledge(settings)
    clause = lookup(kb, ref, doc_id)
    if as_json:
        emit_json(clause.to_dict())
        return
    click.echo(clause.citation)
    click.echo(clause.text)
    where = f"第{int_to_cn(clause.chapter)}章 {clause.chapter_title}" if clause.chapter else ""
    click.echo(f"[{clause.id}] {where}".rstrip())
