"""Command line: ``python -m assistant …`` (also installed as ``green-assistant``).

A click group whose shared options (data, corpus and kb directories) are declared once; each command group
lives in its own module and is registered here. Imports everything below it lazily; nothing imports it.
"""

from __future__ import annotations

import gc
from pathlib import Path

import click

from ..config import Settings
from ..errors import AssistantError
from . import assess, ingest, kb, purge, qa, search, serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="数据目录（默认 instance/，环境变量 ASSISTANT_DATA_DIR）")
@click.option("--corpus-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="法规原文目录（默认 corpus/，环境变量 ASSISTANT_CORPUS_DIR）")
@click.option("--kb-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="知识目录（默认 kb/，环境变量 ASSISTANT_KB_DIR）")
@click.pass_context
def main(ctx: click.Context, data_dir, corpus_dir, kb_dir) -> None:
    """绿色认定助手：认定管理办法的条款检索、咨询问答与申报自评。"""
    try:
        ctx.obj = Settings.from_env(data_dir=data_dir, corpus_dir=corpus_dir, kb_dir=kb_dir)
    except AssistantError as error:  # a bad setting in the environment: one clear line, like any command's
        click.echo(f"错误：{error}", err=True)
        ctx.exit(1)


for command in (kb.build, kb.kb_group, kb.parse, kb.show, search.search, qa.ask, qa.chat, qa.unanswered,
                assess.questions, assess.assess_command, purge.purge_command, serve.serve,
                ingest.ingest_command):
    main.add_command(command)


def run(prog_name: str | None = None) -> None:
    """The program: ``python -m assistant`` and the ``green-assistant`` script."""
    try:
        main(prog_name=prog_name)
    finally:
        # What a command loaded (spaCy, the engines) lives until the process ends; without this the
        # interpreter's last collections walk all of it at exit, a third of a second for ``ask``.
        gc.freeze()
