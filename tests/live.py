"""Start the production server (``python -m assistant serve``) for a test."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, data: Path, corpus: Path, kb: Path, port: int | None = None, workers: int = 1,
                 env: dict | None = None, user: str | None = None, access_log: bool = False):
        self.data, self.corpus, self.kb = data, corpus, kb
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers, self.extra_env, self.user, self.access_log = workers, env or {}, user, access_log
        self.process: subprocess.Popen | None = None
        self.log_path = data.parent / f"server-{self.port}.log"

    def start(self, timeout: float = 90) -> LiveServer:
        env = {**os.environ, "ASSISTANT_RATE_LIMIT": "0", **self.extra_env}
        command = [sys.executable, "-m", "assistant", "--data-dir", str(self.data), "--corpus-dir",
                   str(self.corpus), "--kb-dir", str(self.kb), "serve", "--port", str(self.port),
                   "--workers", str(self.workers), "--threads", "4"]
        if self.access_log:
            command.append("--access-log")
        if self.user:
            command = ["setpriv", f"--reuid={self.user}", f"--regid={self.user}", "--clear-groups", *command]
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
        self._log = log
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.get_json("/api/status")
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log()}") from None
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers), as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if not self._log.closed:
            self._log.close()

    def get_json(self, path: str, timeout: float = 10) -> dict:
        url = self.base + urllib.parse.quote(path, safe="/?=&")
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())

    def post_json(self, path: str, body: dict, timeout: float = 10) -> dict:
        request = urllib.request.Request(self.base + path, data=json.dumps(body).encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())


def start_pair(root: Path, corpus: Path, kb: Path, env: dict, access_log: bool = False) -> list[LiveServer]:
    """Two servers with data directories of their own, as behind a load balancer (the second starts from a
    copy of the first's built knowledge instead of building it again)."""
    first = LiveServer(root / "d1", corpus, kb, env=env, access_log=access_log).start()
    shutil.copytree(root / "d1", root / "d2", ignore=shutil.ignore_patterns("*.log"))
    return [first, LiveServer(root / "d2", corpus, kb, env=env, access_log=access_log).start()]


class Browser:
    """A cookie-keeping HTTP client that posts forms with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect)
        self.token = ""

    def get(self, path: str) -> tuple[int, str, dict]:
        try:
            with self.opener.open(self.base + path, timeout=15) as response:
                page = response.read().decode("utf-8")
                status, headers = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            page, status, headers = error.read().decode("utf-8"), error.code, dict(error.headers)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        if match:
            self.token = match.group(1)
        return status, page, headers

    def post(self, path: str, fields: dict | list) -> tuple[int, str, dict]:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        data = urllib.parse.urlencode([("csrf_token", self.token), *pairs]).encode("utf-8")
        try:
            with self.opener.open(self.base + path, data=data, timeout=15) as response:
                return response.status, response.read().decode("utf-8"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8"), dict(error.headers)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None
