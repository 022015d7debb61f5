#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+.

    python3 dev.py start   # install into .venv/ and start the assistant on http://127.0.0.1:5000
    python3 dev.py test    # install test tools into .venv/ and run the whole suite
    python3 dev.py audit   # audit the installed dependencies for known vulnerabilities (pip-audit)
    python3 dev.py bench [search|scale|qa|startup|load|fuzz]   # run the benchmarks (see bench/README.md)

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
    os.execv(str(PYTHON), [str(PYTHON), "-m", "assistant", "serve", *args])  # noqa: S606


def test(args: list[str]) -> None:
    ensure_installed("test")
    run(BIN / "ruff", "check", ".")
    run(PYTHON, "-m", "pytest", *args)


def audit(args: list[str]) -> None:
    ensure_installed("audit")
    run(BIN / "pip-audit", "--local", "--progress-spinner", "off", *args)


BENCHMARKS = {"search": "search_relevance.py", "scale": "search_scale.py", "qa": "qa_eval.py", "startup": "startup.py",
              "load": "load.py", "fuzz": "fuzz.py"}


def bench(args: list[str]) -> None:
    ensure_installed("bench")
    names = [a for a in args if a in BENCHMARKS] or list(BENCHMARKS)
    extra = [a for a in args if a not in BENCHMARKS]
    for name in names:
        print(f"== bench/{BENCHMARKS[name]}", flush=True)
        run(PYTHON, ROOT / "bench" / BENCHMARKS[name], *extra)


def main() -> None:
    commands = {"start": start, "test": test, "audit": audit, "bench": bench}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
