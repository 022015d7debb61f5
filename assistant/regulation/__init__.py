"""Raw regulation text → document model: 编/章/节/条/款/项/目 with ids, labels and references.

Imports only the standard library and ``assistant.errors``; everything above builds on ``parse_regulation``.
"""

from __future__ import annotations

from .model import Document
from .parser import cleaned_text, parse_regulation
from .serialize import FORMAT_VERSION, document_id, document_to_dict

__all__ = ["FORMAT_VERSION", "Document", "cleaned_text", "document_id", "document_to_dict", "parse_regulation"]
