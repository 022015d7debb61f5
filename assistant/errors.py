"""The exception tree. Domain code raises these; only the edges (CLI, HTTP)
turn them into messages for people."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class: anything the assistant can explain to a user."""


class ParseError(AssistantError):
    """A regulation text could not be parsed."""


class KnowledgeFileError(AssistantError):
    """A file in kb/ is malformed; the message names the file, line and reason."""

    def __init__(self, path: str, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")


class NotFound(AssistantError):
    """A reference (article, question, session) does not exist."""


class BadInput(AssistantError):
    """User input that cannot be used as given (too long, malformed, out of range)."""

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


class ReadOnlyError(AssistantError):
    """The data directory cannot be written; serving from what is built."""


class ConfigError(AssistantError):
    """A setting from the environment cannot be used; the message names the variable."""

    def __init__(self, message: str, variable: str):
        self.variable = variable
        super().__init__(message)
