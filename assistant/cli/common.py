"""What every command shares: the settings, JSON output, and the error edge
where domain errors become one-line messages."""

from __future__ import annotations

import functools
import json
import sys

import click

from ..config import Settings
from ..errors import AssistantError

pass_settings = click.make_pass_decorator(Settings)


def emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def edge(function):
    """Turn domain errors into a clear message and exit status 1."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except AssistantError as error:
            click.echo(f"错误：{error}", err=True)
            sys.exit(1)

    return wrapper


def load_knowledge(settings: Settings):
    """The knowledge base (built if the sources changed), with its warnings on stderr."""
    from .. import knowledge

    kb, warnings = knowledge.load(settings)
    for warning in warnings:
        click.echo(f"提示：{warning}", err=True)
    return kb


def snapshot(settings: Settings):
    """The current snapshot; parts (index, Q&A engine) load when a command first uses them."""
    from ..runtime import get_runtime

    current = get_runtime(settings, complete=False).get()
    for warning in current.warnings:
        click.echo(f"提示：{warning}", err=True)
    return current
