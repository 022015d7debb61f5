"""The knowledge base: the parsed measures plus the validated files of ``kb/``,
built into the data directory, loaded, and looked up by pinpoint reference.

Imports ``assistant.regulation`` and the infrastructure modules only; search, Q&A and assessment build on it.
"""

from __future__ import annotations

from .artifact import build, corpus_files, load, source_fingerprint
from .clauses import Clause, KnowledgeBase, clauses_of
from .lookup import find_refs, lookup, parse_ref, resolve

__all__ = ["Clause", "KnowledgeBase", "build", "clauses_of", "corpus_files", "find_refs", "load", "lookup",
           "parse_ref", "resolve", "source_fingerprint"]
