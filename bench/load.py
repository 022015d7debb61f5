"""Load benchmark: the production server on loopback under a real load tool.

    .venv/bin/python bench/load.py [--tool wrk|locust] [--users 1,10,50] [--seconds 20]
                                   [--workers 2] [--threads 4] [--servers 1] [--database URL|temp]

Starts ``python -m assistant serve`` (gunicorn) with its own data directory and
drives it, for a bounded time per concurrency level, with a mix of search, ask,
self-assessment and page traffic; prints requests/s, p50/p95/p99 latency and
the error count per route.

wrk (Debian package ``wrk``, written in C) is the default because it leaves the
two cores to the server: one wrk process per route runs at the same time, the
clients split between them (40 % search, 40 % ask, 15 % assess, 5 % page).
``--tool locust`` runs the same mix with locust (bench/locustfile.py), whose
Python workers compete with the server for the CPU.

The rate limit is switched off for the run: every simulated client comes from
the same loopback address.

``--servers 2 --database URL`` starts two servers, each with its own data
directory, their state in the PostgreSQL at URL (``temp``: a throw-away cluster
started for the run, fsync on as in production), and splits every route's
clients evenly between them, as a load balancer would (wrk only). The rows per
route then sum both servers' requests; p50 is the request-weighted mean of the
servers' medians and p95/p99 the worse of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(1, str(ROOT))  # dev.py: the throw-away PostgreSQL of --database temp
TARGET = {"p99_ms": 200.0, "rps": 300.0}
SHARES = {"search": 0.40, "ask": 0.40, "assess": 0.15, "search page": 0.05}

LUA = r"""
local requests = {%(requests)s}
local i = math.random(#requests)
local threads = {}
function setup(thread) table.insert(threads, thread) end
request = function()
  i = i %% #requests + 1
  local r = requests[i]
  return wrk.format(r[1], r[2], {["Content-Type"] = "application/json"}, r[3])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%%d,"duration_us":%%d,"errors":%%d,"p50":%%.3f,"p95":%%.3f,"p99":%%.3f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(home: Path, port: int, args: argparse.Namespace, built: Path | None = None) -> subprocess.Popen:
    """A server in *home* on copies of corpus/ and kb/, so that editing them cannot disturb a run; *built* is
    another server's data directory to start from instead of building the knowledge base again."""
    env = {**os.environ, "ASSISTANT_RATE_LIMIT": "0", "ASSISTANT_SECRET_KEY": "bench" * 8}
    if args.database:
        env["ASSISTANT_DATABASE_URL"] = args.database
    data, corpus, kb = home / "instance", home / "corpus", home / "kb"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(ROOT / "kb", kb)
    if built is not None:
        shutil.copytree(built, data, ignore=shutil.ignore_patterns("*.sqlite3*"))
    workers, threads, worker_class = args.workers, args.threads, args.worker_class
    command = [sys.executable, "-m", "assistant", "--data-dir", str(data), "--corpus-dir", str(corpus),
               "--kb-dir", str(kb), "serve", "--port", str(port), "--workers", str(workers),
               "--threads", str(threads), "--worker-class", worker_class]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def _lua_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def route_requests(name: str) -> list[tuple[str, str, str]]:
    import locustfile as mix  # the same queries, questions and answer sets as the locust run

    def get(path: str, query: str) -> tuple[str, str, str]:
        return "GET", f"{path}?q={urllib.parse.quote(query)}", ""

    if name == "search":
        return [get("/api/search", q) for q in mix.SEARCHES]
    if name == "search page":
        return [get("/search", q) for q in mix.SEARCHES]
    if name == "ask":
        return [("POST", "/api/ask", json.dumps({"question": q}, ensure_ascii=False)) for q in mix.QUESTIONS]
    return [("POST", "/api/assess", json.dumps(s, ensure_ascii=False)) for s in mix.SCENARIOS]


def run_wrk(ports: list[int], users: int, seconds: int, directory: Path) -> list[dict]:
    """One wrk per route and server. Several clients: all routes at once, clients split by share and evenly
    between the servers. One client: the routes take turns, one connection at a time, each route's time
    split between the servers."""
    together = users > 1
    per_server = len(ports)
    connections = {name: max(1, round(users * share / per_server)) if together else 1
                   for name, share in SHARES.items()}
    outputs: dict[str, list[str]] = {name: [] for name in SHARES}
    running: list[tuple[str, subprocess.Popen]] = []
    for name in SHARES:
        items = route_requests(name)
        random.Random(7).shuffle(items)
        script = directory / f"{name.replace(' ', '_')}.lua"
        body = ",\n".join("{" + ", ".join(_lua_string(part) for part in item) + "}" for item in items)
        script.write_text(LUA % {"requests": body}, encoding="utf-8")
        duration = seconds if together else max(1, seconds // per_server)
        for port in ports:
            command = ["wrk", "-t1", f"-c{connections[name]}", f"-d{duration}s", "--timeout", "10s", "-s",
                       str(script), f"http://127.0.0.1:{port}"]
            if together:
                running.append((name, subprocess.Popen(command, stdout=subprocess.PIPE, text=True)))
            else:
                outputs[name].append(subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False).stdout)
    for name, process in running:
        outputs[name].append(process.communicate()[0])
    rows = []
    for name, texts in outputs.items():
        parts = [json.loads(text.strip().splitlines()[-1]) for text in texts]
        requests = sum(p["requests"] for p in parts)
        elapsed = max(p["duration_us"] for p in parts) / 1e6 if together else sum(p["duration_us"] for p in parts) / 1e6
        rows.append({"route": name, "requests": requests, "rps": requests / elapsed,
                     "p50": sum(p["p50"] * p["requests"] for p in parts) / max(1, requests),
                     "p95": max(p["p95"] for p in parts), "p99": max(p["p99"] for p in parts),
                     "errors": sum(p["errors"] for p in parts)})
    total = sum(r["requests"] for r in rows)
    elapsed = seconds if together else seconds * len(rows)
    rows.append({"route": "ALL", "requests": total, "rps": total / elapsed, "p50": None, "p95": None,
                 "p99": max(r["p99"] for r in rows), "errors": sum(r["errors"] for r in rows)})
    return rows


def run_locust(ports: list[int], users: int, seconds: int, directory: Path) -> list[dict]:
    prefix, port = directory / f"u{users}", ports[0]
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
               "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR", "--stop-timeout", "5"]
    subprocess.run(command, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{"route": "ALL" if r["Name"] == "Aggregated" else r["Name"], "requests": int(r["Request Count"]),
             "rps": float(r["Requests/s"]), "p50": float(r["50%"]), "p95": float(r["95%"]),
             "p99": float(r["99%"]), "errors": int(r["Failure Count"])} for r in rows]


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", choices=["wrk", "locust"], default="wrk" if shutil.which("wrk") else "locust")
    parser.add_argument("--users", default="1,10,50")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-class", choices=["gevent", "gthread"], default="gevent")
    parser.add_argument("--servers", type=int, default=1, help="app servers, the clients split evenly between them")
    parser.add_argument("--database", help="postgresql://… shared by the servers, or temp for a throw-away cluster "
                                           "(default: each server's SQLite file)")
    args = parser.parse_args()
    if args.servers < 1 or (args.servers > 1 and not args.database):
        parser.error("several servers share their state in PostgreSQL: give --database postgresql://… or temp")
    if args.servers > 1 and args.tool != "wrk":
        parser.error("several servers need --tool wrk (locust drives one address)")
    with contextlib.ExitStack() as stack:
        if args.database == "temp":
            import dev

            args.database = stack.enter_context(dev.throwaway_postgres(durable=True))
        storage = "PostgreSQL" if args.database else "SQLite"
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
              f"servers: {args.servers} × gunicorn {args.workers} {args.worker_class} workers × {args.threads} "
              f"threads, state in {storage}; load: {args.tool}, {args.seconds} s per level")
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        run(args, tmp, stack)


def run(args: argparse.Namespace, tmp: Path, stack: contextlib.ExitStack) -> None:
    runner = run_wrk if args.tool == "wrk" else run_locust
    ports: list[int] = []
    for n in range(args.servers):
        port = free_port()
        server = start_server(tmp / f"server-{n + 1}", port, args, built=tmp / "server-1" / "instance" if n else None)
        stack.callback(_stop, server)
        ports.append(port)
    print(f"{'clients':>7}  {'route':<12}{'requests':>9}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'errors':>8}")
    for users in (int(u) for u in args.users.split(",")):
        rows = runner(ports, users, args.seconds, tmp)
        for row in rows:
            print(f"{users:>7}  {row['route']:<12}{row['requests']:>9}{row['rps']:>9.1f}{_ms(row['p50']):>8}"
                  f"{_ms(row['p95']):>8}{_ms(row['p99']):>8}{row['errors']:>8}")
        if users >= 50:
            by_route = {r["route"]: r for r in rows}
            total = by_route["ALL"]
            met = (total["errors"] == 0 and total["rps"] >= TARGET["rps"]
                   and all(by_route[r]["p99"] < TARGET["p99_ms"] for r in ("ask", "search")))
            print(f"         target at {users} clients (no errors, ask and search p99 < 200 ms, "
                  f"≥ 300 req/s): {'met' if met else 'NOT met'}")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


if __name__ == "__main__":
    main()
