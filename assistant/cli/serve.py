"""``serve``: the web app under a production WSGI server (:mod:`web.serve`, imported only here, when
the command runs: nothing else in ``assistant`` reaches the web app)."""

from __future__ import annotations

import click

from ..config import Settings
from .common import edge, pass_settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（对外服务用 0.0.0.0）")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="工作进程数")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 256),
              help="每个进程的线程数（仅 gthread）")
@click.option("--worker-class", type=click.Choice(["gevent", "gthread"]), default="gevent",
              show_default=True, help="gunicorn 工作方式：gevent 不会被慢速连接占满；gthread 为线程池")
@click.option("--access-log", is_flag=True, help="输出访问日志")
@click.option("--debug", is_flag=True, help="使用 Flask 开发服务器（仅限开发调试）")
@pass_settings
@edge
def serve(settings: Settings, host: str, port: int, workers: int, threads: int, worker_class: str,
          access_log: bool, debug: bool) -> None:
    """启动网页应用（默认 http://127.0.0.1:5000）。"""
    from web.serve import run

    run(settings, host=host, port=port, workers=workers, threads=threads, worker_class=worker_class,
        access_log=access_log, debug=debug)
