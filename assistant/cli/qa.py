"""``ask``, ``chat`` and ``unanswered`` on the command line."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from ..config import Settings
from ..errors import AssistantError, BadInput
from ..masking import describe
from ..textnorm import MAX_QUERY_CHARS
from .common import edge, emit_json, pass_settings, snapshot

CHAT_EXIT = ("退出", "再见", "exit", "quit", "q")
today_option = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                            help="按这一天理解“今天”“3月1日”等日期（默认今天），如 2026-11-24")


def _day(value) -> dt.date | None:
    return value.date() if value is not None else None


def print_answer(answer, explain: bool = False) -> None:
    click.echo(answer.answer)
    if answer.citations:
        first, *others = answer.citations
        click.echo(f"\n依据：{first.citation}  [{first.id}]")
        click.echo(f"  “{first.text}”")
        for clause in others:
            click.echo(f"另见：{clause.citation}  [{clause.id}]")
    if answer.computed and answer.computed.get("estimate"):
        click.echo("（日期为估算，见上文说明）")
    if answer.suggestions:
        click.echo("\n您还可以问：" + "；".join(answer.suggestions))
    if explain and answer.explain:
        click.echo("\n--- 解释 ---")
        click.echo(json.dumps(answer.explain, ensure_ascii=False, indent=2))


@click.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--jsonl", is_flag=True, help="从标准输入逐行读取问题，每行输出一个 JSON 对象（互不关联）")
@click.option("--explain", is_flag=True, help="显示选中的规则、识别出的概念和词、其他候选规则的得分")
@click.option("--session", "session_id", default=None, help="会话 ID：同一会话中可以追问（“那园区呢？”）")
@today_option
@pass_settings
@edge
def ask(settings: Settings, question, as_json, jsonl, explain, session_id, today) -> None:
    """回答一个关于认定管理办法的问题，给出依据条款原文。"""
    qa = snapshot(settings).qa
    day = _day(today)
    if jsonl:
        for line in sys.stdin:
            text = line.rstrip("\n")
            try:
                data = qa.ask(text, today=day, explain=explain).to_dict()
            except AssistantError as error:
                shown = text if len(text) <= MAX_QUERY_CHARS else text[:MAX_QUERY_CHARS] + "…"
                data = {"question": shown, "answered": False, "answer": "", "citations": [], "source": "none",
                        "rule": None, "confidence": 0.0, "suggestions": [], "error": str(error)}
            click.echo(json.dumps(data, ensure_ascii=False))
        return
    if question is None:
        raise BadInput("请给出问题，例如：ask 公示期多长？", field="question")
    answer = qa.ask(question, session=session_id, today=day, explain=explain)
    if as_json:
        emit_json(answer.to_dict())
    else:
        print_answer(answer, explain)


@click.command()
@click.option("--session", "session_id", default=None, help="接着一个已有的会话")
@click.option("--explain", is_flag=True, help="每个回答后显示解释")
@today_option
@pass_settings
@edge
def chat(settings: Settings, session_id, explain, today) -> None:
    """交互式问答：可以追问（“那园区呢？”“这是哪一条规定的？”），输入“退出”结束。"""
    qa = snapshot(settings).qa
    session_id = session_id or qa.new_session()
    day = _day(today)
    click.echo("绿色认定助手：请提问（输入“退出”结束）。")
    while True:
        try:
            line = click.prompt("问", prompt_suffix="：", default="", show_default=False)
        except (EOFError, click.Abort):
            break
        text = line.strip()
        if text in CHAT_EXIT:
            break
        if not text:
            click.echo("请输入问题。")
            continue
        try:
            answer = qa.ask(text, session=session_id, today=day, explain=explain)
        except BadInput as error:
            click.echo(f"提示：{error}")
            continue
        print_answer(answer, explain)
        click.echo("")
    click.echo(f"再见。（会话 {session_id}）")


@click.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000), help="最多列出几条")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_settings
@edge
def unanswered(settings: Settings, limit: int, as_json: bool) -> None:
    """列出没能回答的问题（问得最多的在前），供补充规则和同义词。"""
    rows = snapshot(settings).qa.store.unanswered(limit)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("还没有未回答的问题。")
        return
    for row in rows:
        note = describe(row["flags"])  # 可能含姓名/地址: masking could only flag it
        suffix = f"  [{note}]" if note else ""
        click.echo(f"{row['count']:>5}  {row['question']}  （最近 {row['last_seen']}）{suffix}")
