"""The session signing key: from ASSISTANT_SECRET_KEY, else generated once and
kept in the data directory so that every worker and every restart agree."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from assistant.storage import write_atomic

KEY_FILE = "secret_key"


def load_secret_key(data_dir: Path) -> str:
    configured = os.environ.get("ASSISTANT_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / KEY_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
        if len(existing) >= 32:
            return existing
    except (OSError, UnicodeDecodeError):
        pass
    key = secrets.token_hex(32)
    try:
        write_atomic(path, key.encode("ascii"))
        os.chmod(path, 0o600)
    except OSError:
        # Read-only data directory: sessions last as long as this process.
        pass
    return key
