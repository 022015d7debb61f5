"""Whether saving may fail now, for ``/api/status``: a recent failed write, a data directory that cannot
be written, little free space (SQLite), or a database that could not be reached (PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .engine import locate
from .session import FAILED

RECENT = 600  # seconds a failed write is reported by ``storage_warning``
LOW_SPACE = 50 * 1024 * 1024


def backend(data_dir: Path) -> str:
    """"sqlite" or "postgresql": where *data_dir*'s state lives."""
    return locate(data_dir).backend


def storage_warning(data_dir: Path) -> str | None:
    """Why saving may fail now, or None."""
    database = locate(data_dir)
    failed = FAILED.get(database.key)
    if failed is not None and time.time() - failed < RECENT:
        return "最近有数据写入失败（存储不可写或已满），自评和会话暂时无法保存"
    if database.backend != "sqlite":
        return None  # the database server's disk is not ours to watch; a failed write is reported above
    target = data_dir if data_dir.exists() else data_dir.parent
    if target.exists() and not os.access(target, os.W_OK):
        return "数据目录不可写，自评和会话暂时无法保存"
    try:
        free = shutil.disk_usage(target).free if target.exists() else None
    except OSError:
        return None
    if free is not None and free < LOW_SPACE:
        return f"数据目录所在磁盘剩余空间不足（{free // (1024 * 1024)} MB），自评和会话可能无法保存"
    return None
