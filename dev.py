#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+.

    python3 dev.py start   # install into .venv/ and start the assistant
    python3 dev.py test    # install test tools into .venv/ and run the whole suite

Installation is skipped when .venv/ already holds what pyproject.toml asks for.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*command: str | Path) -> None:
    result = subprocess.run([str(part) for part in command], cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_installed(extra: str | None) -> None:
    if not PYTHON.exists():
        print("创建虚拟环境 .venv/ …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = (ROOT / "pyproject.toml").read_bytes() + (extra or "").encode()
    stamp = VENV / f".installed-{extra or 'main'}"
    digest = hashlib.sha256(spec).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("安装依赖 …", flush=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def start(args: list[str]) -> None:
    ensure_installed(None)
    os.execv(str(PYTHON), [str(PYTHON), "-m", "assistant", "build", *args])  # noqa: S606


def test(args: list[str]) -> None:
    ensure_installed("test")
    run(BIN / "ruff", "check", ".")
    run(PYTHON, "-m", "pytest", *args)


def main() -> None:
    commands = {"start": start, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
