"""Validators for each kind of file in ``kb/`` (registered in :mod:`kbschema`)."""

from __future__ import annotations

from typing import Any

from .kbschema import Context, validator


@validator("*.yaml")
def any_yaml(data: Any, context: Context) -> Any:
    if not isinstance(data, (dict, list)):
        raise context.fail(None, "expected a mapping or a list at the top level")
    return data
