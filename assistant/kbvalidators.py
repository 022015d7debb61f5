"""Validators for each kind of file in ``kb/`` (registered in :mod:`kbschema`)."""

from __future__ import annotations

from typing import Any

# Each feature module registers the validators for its own kb files on import.
from . import lexicon as _lexicon  # noqa: F401
from .assess import schema as _assess_schema  # noqa: F401
from .kbschema import Context, validator
from .qa import knowledge as _qa_knowledge  # noqa: F401


@validator("*.yaml")
def any_yaml(data: Any, context: Context) -> Any:
    if not isinstance(data, (dict, list)):
        raise context.fail(None, "expected a mapping or a list at the top level")
    return data
