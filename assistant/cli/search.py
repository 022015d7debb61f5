"""``search`` on the command line, including ``--jsonl`` batch mode."""

from __future__ import annotations

import json
import sys

import click

from ..config import Settings
from ..errors import AssistantError, BadInput
from .common import edge, emit_json, pass_settings, snapshot


def _plain(fragment: str) -> str:
    """Terminal rendering of a highlight: 【matched】, entities decoded."""
    import html

    return html.unescape(fragment.replace("<mark>", "【").replace("</mark>", "】"))


def print_result(result) -> None:
    if result.message:
        click.echo(result.message)
    if not result.hits:
        if result.suggestions:
            click.echo("您可以试试：" + "、".join(result.suggestions))
        return
    click.echo(f"共 {result.total} 条相关条款")
    for rank, hit in enumerate(result.hits, start=result.offset + 1):
        click.echo(f"\n{rank}. {hit.clause.citation}  [{hit.clause.id}]")
        if hit.asked:
            click.echo(f"   （按常见问法找到：“{hit.asked}”）")
        # A grouped article: its shared lead-in and the items that match, not the whole article.
        lead = hit.intro if hit.matches else hit.highlight
        if lead:
            click.echo(f"   {_plain(lead)}")
        for clause, _, fragment in hit.matches[:3]:
            click.echo(f"   · {clause.label}：{_plain(fragment)}")


@click.command()
@click.argument("query", required=False)
@click.option("--limit", default=10, show_default=True, type=int, help="最多显示几条（按条归并）")
@click.option("--chapter", type=int, default=None, help="只看第几章")
@click.option("--subject", default=None, help="只看某一主体：园区、工厂、第三方评价机构、区县经信部门、市经济信息委")
@click.option("--doc", "document", default=None, help="法规 id（语料中有多部时）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--jsonl", is_flag=True, help="从标准输入逐行读取查询，每行输出一个 JSON 对象")
@pass_settings
@edge
def search(settings: Settings, query, limit, chapter, subject, document, as_json, jsonl) -> None:
    """检索条款：关键词、同义词、条款号（第十七条、17条、第7条第3项）、文号、"短语"。"""
    engine = snapshot(settings).search
    if jsonl:
        for line in sys.stdin:
            text = line.rstrip("\n")
            try:
                data = engine.search(text, limit=limit, chapter=chapter, subject=subject,
                                     document=document).to_dict()
            except AssistantError as error:
                shown = text if len(text) <= 200 else text[:200] + "…"
                data = {"query": shown, "total": 0, "hits": [], "suggestions": [], "error": str(error)}
            click.echo(json.dumps(data, ensure_ascii=False))
        return
    if query is None:
        raise BadInput("请给出检索词，例如：search 公示期", field="query")
    result = engine.search(query, limit=limit, chapter=chapter, subject=subject, document=document)
    if as_json:
        emit_json(result.to_dict())
    else:
        print_result(result)
