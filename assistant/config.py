"""Settings: where the corpus, the curated knowledge and the data directory are.

Every setting can come from the environment; :data:`SETTINGS` documents
them (a test checks the README lists each one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent

# name → (environment variable, default, description)
SETTINGS = {
    "data_dir": ("ASSISTANT_DATA_DIR", "instance/", "数据目录：构建好的知识库、索引、SQLite（自动重建，不入库）"),
    "corpus_dir": ("ASSISTANT_CORPUS_DIR", "corpus/", "法规原文目录（.txt / .md）"),
    "kb_dir": ("ASSISTANT_KB_DIR", "kb/", "人工整理的知识（词表、问答规则、问卷，YAML）"),
    "admin_token": ("ASSISTANT_ADMIN_TOKEN", "(未设置)", "工作人员页面的令牌；未设置时这些页面不存在"),
    "main_document": ("ASSISTANT_MAIN_DOCUMENT", "cq-green-certification-2024", "默认法规（语料中有多部时）"),
    "rate_limit": ("ASSISTANT_RATE_LIMIT", "120", "每个客户端每分钟可调用搜索/问答的次数（0 为不限）"),
    "secret_key": ("ASSISTANT_SECRET_KEY", "(自动生成)", "会话签名密钥；未设置时生成一次并保存在数据目录"),
}


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path
    kb_dir: Path
    data_dir: Path
    admin_token: str | None = None
    main_document: str = "cq-green-certification-2024"
    rate_limit: int = 120

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
        )
        clean = {k: (Path(v) if k.endswith("_dir") else v) for k, v in overrides.items() if v is not None}
        return replace(settings, **clean) if clean else settings
