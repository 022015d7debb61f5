"""Settings: where the corpus, the curated knowledge and the data directory are.

Every setting can come from the environment; :data:`SETTINGS` documents
them (a test checks the README lists each one).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent

# name → (environment variable, default, description)
SETTINGS = {
    "data_dir": ("ASSISTANT_DATA_DIR", "instance/", "数据目录：构建好的知识库、索引、SQLite（自动重建，不入库）"),
    "corpus_dir": ("ASSISTANT_CORPUS_DIR", "corpus/", "法规原文目录（.txt / .md）"),
    "kb_dir": ("ASSISTANT_KB_DIR", "kb/", "人工整理的知识（词表、问答规则、问卷，YAML）"),
    "admin_token": ("ASSISTANT_ADMIN_TOKEN", "(未设置)", "工作人员页面的令牌；未设置时这些页面不存在"),
    "main_document": ("ASSISTANT_MAIN_DOCUMENT", "cq-green-certification-2024", "默认法规（语料中有多部时）"),
    "rate_limit": ("ASSISTANT_RATE_LIMIT", "120",
                   "每个客户端每分钟的请求额度（点数，搜索/问答 1 点，PDF 报告 10 点；0 为不限）"),
    "secret_key": ("ASSISTANT_SECRET_KEY", "(自动生成)", "会话签名密钥；未设置时生成一次并保存在数据目录"),
    "base_url": ("ASSISTANT_BASE_URL", "(未设置)",
                 "对外地址（如 https://lvse.example.gov.cn），用于页面上给出的完整链接；"
                 "未设置时只给路径，不采用请求的 Host"),
    "chat_retention_days": ("ASSISTANT_CHAT_RETENTION_DAYS", "30",
                            "对话（会话状态与问答记录）在最后一次提问后保留的天数（0 为永久保留）"),
    "assessment_retention_days": ("ASSISTANT_ASSESSMENT_RETENTION_DAYS", "180",
                                  "保存的自评答案在最后一次修改后保留的天数（0 为永久保留）"),
    "unanswered_retention_days": ("ASSISTANT_UNANSWERED_RETENTION_DAYS", "365",
                                  "未能回答的问题在最后一次被问到后保留的天数（0 为永久保留）"),
    "purge_interval_minutes": ("ASSISTANT_PURGE_INTERVAL_MINUTES", "60",
                               "网页服务自动清理过期数据的间隔（分钟，0 为不自动清理）"),
    "database_url": ("ASSISTANT_DATABASE_URL", "(未设置)",
                     "共享数据库 postgresql://用户:密码@主机:端口/库名（多台服务器共用；自评、对话、日志、工作人员会话、"
                     "限流都存在其中）；未设置时用数据目录中的 SQLite，无需任何准备"),
    "upload_max_mb": ("ASSISTANT_UPLOAD_MAX_MB", "5",
                      "工作人员页面上传法规文件（PDF/DOCX/TXT/MD）的大小上限（MB，1–100；其他请求仍限 64KB）"),
    "trusted_proxies": ("ASSISTANT_TRUSTED_PROXIES", "0",
                        "服务前面的反向代理层数（nginx 一层为 1）：按代理写入的 X-Forwarded-For 识别客户端地址"
                        "（限流、登录尝试），按 X-Forwarded-Proto 识别 https；0 为不信任这些头（直接对外时不可伪造）"),
}
# Upper bounds: a century of days, a week of minutes (larger values are typing mistakes, and SQLite's
# date arithmetic gives NULL far outside its range).
MAX_RETENTION_DAYS = 36_500
MAX_PURGE_INTERVAL_MINUTES = 10_080
MAX_UPLOAD_MB = 100  # an official PDF is a few MB; more is a scan (no text to ingest) or a mistake
MAX_TRUSTED_PROXIES = 5  # a longer chain of proxies is a typing mistake
_WHOLE_NUMBER = re.compile(r"\d{1,9}")


def whole_number(name: str, maximum: int, env=None) -> int:
    """The setting *name* as an integer from 0 to *maximum*; a clear error naming the variable otherwise."""
    variable, default, _ = SETTINGS[name]
    raw = (env if env is not None else os.environ).get(variable, "").strip() or default
    value = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else -1
    if not 0 <= value <= maximum:
        raise ConfigError(f"环境变量 {variable} 应为 0 到 {maximum} 之间的整数，现为“{raw}”", variable)
    return value


def upload_limit(env=None) -> int:
    """ASSISTANT_UPLOAD_MAX_MB, 1 to MAX_UPLOAD_MB (0 would make the upload form a trap)."""
    variable, default, _ = SETTINGS["upload_max_mb"]
    raw = (env if env is not None else os.environ).get(variable, "").strip() or default
    value = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else 0
    if not 1 <= value <= MAX_UPLOAD_MB:
        raise ConfigError(f"环境变量 {variable} 应为 1 到 {MAX_UPLOAD_MB} 之间的整数，现为“{raw}”", variable)
    return value


def database_url(env=None) -> str | None:
    """ASSISTANT_DATABASE_URL: a PostgreSQL URL, or None for the SQLite file in the data directory."""
    variable = SETTINGS["database_url"][0]
    url = ((env if env is not None else os.environ).get(variable) or "").strip()
    if url and not url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        raise ConfigError(f"环境变量 {variable} 应以 postgresql:// 开头（不设置则使用数据目录中的 SQLite）", variable)
    return url or None


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    kb_dir: Path
    data_dir: Path
    admin_token: str | None = None
    main_document: str = "cq-green-certification-2024"
    rate_limit: int = 120
    chat_retention_days: int = 30
    assessment_retention_days: int = 180
    unanswered_retention_days: int = 365
    purge_interval_minutes: int = 60
    base_url: str = ""
    database_url: str | None = None  # None: the SQLite file in data_dir
    upload_max_mb: int = 5
    trusted_proxies: int = 0  # proxies in front whose X-Forwarded-* headers are believed

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        env = os.environ

        def path(name: str) -> Path:
            variable, default, _ = SETTINGS[name]
            value = env.get(variable) or default
            candidate = Path(value)
            return candidate if candidate.is_absolute() else (PROJECT_ROOT / candidate)

        try:
            rate = int(env.get(SETTINGS["rate_limit"][0], "120"))
        except ValueError:
            rate = 120
        settings = cls(
            corpus_dir=path("corpus_dir"),
            kb_dir=path("kb_dir"),
            data_dir=path("data_dir"),
            admin_token=env.get(SETTINGS["admin_token"][0]) or None,
            main_document=env.get(SETTINGS["main_document"][0]) or SETTINGS["main_document"][1],
            rate_limit=rate,
            chat_retention_days=whole_number("chat_retention_days", MAX_RETENTION_DAYS, env),
            assessment_retention_days=whole_number("assessment_retention_days", MAX_RETENTION_DAYS, env),
            unanswered_retention_days=whole_number("unanswered_retention_days", MAX_RETENTION_DAYS, env),
            purge_interval_minutes=whole_number("purge_interval_minutes", MAX_PURGE_INTERVAL_MINUTES, env),
            base_url=(env.get(SETTINGS["base_url"][0]) or "").rstrip("/"),
            database_url=database_url(env),
            upload_max_mb=upload_limit(env),
            trusted_proxies=whole_number("trusted_proxies", MAX_TRUSTED_PROXIES, env),
        )
        clean = {k: (Path(v) if k.endswith("_dir") else v) for k, v in overrides.items() if v is not None}
        return replace(settings, **clean) if clean else settings
