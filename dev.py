#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+.

    python3 dev.py start   # install into .venv/ and start the assistant on http://127.0.0.1:5000
    python3 dev.py test    # install test tools into .venv/ and run the whole suite (on SQLite and on a
                           # throw-away PostgreSQL cluster when PostgreSQL's binaries are installed)
    python3 dev.py audit   # audit the installed dependencies for known vulnerabilities (pip-audit)
    python3 dev.py bench [search|scale|qa|startup|load|fuzz]   # run the benchmarks (see bench/README.md)

Installation is skipped when .venv/ already holds what pyproject.toml asks for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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
    with test_database():
        run(PYTHON, "-m", "pytest", *args)


TEST_DATABASE_URL = "ASSISTANT_TEST_DATABASE_URL"


def postgres_bin() -> Path | None:
    """The directory of PostgreSQL's server programs (Debian's /usr/lib/postgresql/N/bin, newest first)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True)
    if found:
        return found[0].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextlib.contextmanager
def test_database():
    """A throw-away PostgreSQL cluster for the storage tests (their URL in ASSISTANT_TEST_DATABASE_URL), stopped
    and deleted afterwards, also on failure or Ctrl-C. A URL already set is used as given; without PostgreSQL
    the PostgreSQL cases are skipped (under CI=1 they fail)."""
    missing = postgres_bin() is None
    if os.environ.get(TEST_DATABASE_URL) or missing or os.name == "nt":
        if missing and not os.environ.get(TEST_DATABASE_URL):
            print("没有找到 PostgreSQL（apt-get install postgresql）：PostgreSQL 上的存储测试将跳过", flush=True)
        yield
        return
    with throwaway_postgres() as url:
        os.environ[TEST_DATABASE_URL] = url
        try:
            yield
        finally:
            os.environ.pop(TEST_DATABASE_URL, None)


@contextlib.contextmanager
def throwaway_postgres(durable: bool = False):
    """A PostgreSQL cluster in a temporary directory, listening on a unix socket there only; yields its URL.
    *durable* keeps fsync on (a benchmark's figures should be production's); tests run without it."""
    binaries = postgres_bin()
    if binaries is None:
        raise SystemExit("没有找到 PostgreSQL 的服务器程序（apt-get install postgresql）")
    home = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    as_user: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # initdb refuses root: the cluster runs as postgres
        shutil.chown(home, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = home / "data"
    options = f"-k {home} -p {port} -c listen_addresses='' -c max_connections=300"
    if not durable:
        options += " -c fsync=off"  # the data is thrown away
    pg_ctl = [*as_user, binaries / "pg_ctl", "-D", data]
    # Killed or interrupted (also when started in the background, where SIGINT is ignored): still clean up.
    previous = (signal.signal(signal.SIGTERM, lambda *_: sys.exit(143)),
                signal.signal(signal.SIGINT, signal.default_int_handler))
    try:
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run([*as_user, binaries / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                        *([] if durable else ["--no-sync"])], check=True, **quiet)
        subprocess.run([*pg_ctl, "-l", home / "server.log", "-o", options, "-w", "start"], check=True, **quiet)
        print(f"PostgreSQL 临时集群：{home}（端口 {port}）", flush=True)
        yield f"postgresql://postgres@/postgres?host={home}&port={port}"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(home, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


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
