"""``purge``: delete stored data older than its retention period (:mod:`assistant.retention`).

The web server purges by itself (``ASSISTANT_PURGE_INTERVAL_MINUTES``); this command is for a server that does
not, for cron, and for looking first with ``--dry-run``.
"""

from __future__ import annotations

import click

from .. import db
from ..config import Settings
from ..errors import AssistantError, ReadOnlyError
from ..retention import TABLES, purge, retention_days
from .common import edge, emit_json, pass_settings


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="只统计将删除的条数，不删除")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_settings
@edge
def purge_command(settings: Settings, dry_run: bool, as_json: bool) -> None:
    """删除超过保留期限的对话、自评记录和未回答问题（期限见 README“设置”）。"""
    db.bind(settings.data_dir, settings.database_url)
    try:
        counts = purge(settings, dry_run=dry_run)
    except (ReadOnlyError, db.Error) as error:
        # Each table is purged in its own transaction: what was committed before the failure stays purged.
        raise AssistantError(f"清理未完成（{_where(settings)}）：{error}") from error
    days = retention_days(settings)
    if as_json:
        emit_json({"dry_run": dry_run, "rows": counts, "retention_days": days})
        return
    click.echo("试运行：以下为将删除的条数，未删除任何数据。" if dry_run else "已删除超过保留期限的数据：")
    verb = "将删除" if dry_run else "删除"
    for table in TABLES:
        kept = days[table.name]
        period = f"保留 {kept} 天" if kept else "永久保留"
        outcome = f"{verb} {counts[table.name]} 条" if kept else "不清理"
        click.echo(f"  {table.label}（{table.name}，{period}）：{outcome}")


def _where(settings: Settings) -> str:
    """The database named in a message: the SQLite file, or the PostgreSQL server (without the password)."""
    database = db.locate(settings.data_dir)
    return str(database.path) if database.path else database.engine.url.render_as_string(hide_password=True)
