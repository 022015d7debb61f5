"""``ingest``: turn an official file (PDF, DOCX, TXT, MD) into a cleaned text in the corpus directory.

The readers (pypdf, python-docx) load only when this command runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..config import Settings
from ..errors import AssistantError
from ..storage import write_atomic
from .common import edge, pass_settings


@click.command("ingest")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只显示清理结果，不写入语料目录")
@click.option("--name", default=None, help="保存的文件名（不含扩展名，默认同原文件名）")
@pass_settings
@edge
def ingest_command(settings: Settings, file: Path, dry_run: bool, name: str | None) -> None:
    """导入官方文件（PDF、DOCX、TXT、MD）：去掉页眉页脚和页码，写入语料目录。"""
    from ..regulation import parse_regulation
    from ..regulation.ingest import ingest, safe_name

    result = ingest(file)
    target = settings.corpus_dir / (safe_name(name or file.stem) + result.suffix)
    try:
        document = parse_regulation(result.text, target.name)
        parsed = f"解析出 {len(document.articles)} 条"
    except AssistantError as error:
        parsed = f"无法解析为法规：{error}"
    if dry_run:
        click.echo(f"试运行：将写入 {target}（{len(result.text)} 字，{parsed}），未写入任何文件。")
    else:
        replaced = target.exists()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Whole or not at all: a running server checks the corpus every few seconds and must never
            # build from half a file.
            write_atomic(target, result.text.encode("utf-8"))
        except OSError as error:
            raise AssistantError(f"无法写入 {target}：{error.strerror or error}") from error
        click.echo(f"已{'替换' if replaced else '写入'} {target}（{len(result.text)} 字，{parsed}）。")
    report = result.report()
    if report:
        click.echo("已去除：")
        for line in report:
            click.echo(f"  {line}")
    else:
        click.echo("未发现需要去除的页眉、页脚或页码。")
    for title in result.joined_titles:
        click.echo(f"已合并分两行印的标题：“{title}”")
    if not dry_run:
        click.echo("提示：知识库将在下次使用时按新语料重建（也可运行 build）。")
