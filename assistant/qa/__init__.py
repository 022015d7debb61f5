"""Help-desk Q&A: rules from kb/ answered with spaCy-based understanding."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..clauses import KnowledgeBase
from ..config import Settings
from ..lexicon import Lexicon
from ..search.engine import SearchEngine
from ..segment import Segmenter
from ..storage import is_writable
from .engine import QAEngine
from .knowledge import load_concepts, load_intents, load_rules
from .store import QAStore
from .understanding import Understanding
from .wordclass import WordClasses


def _cache_dir(settings: Settings) -> Path:
    directory = settings.data_dir / "cache"
    return directory if is_writable(directory) else Path(tempfile.gettempdir()) / "green-assistant-cache"


def build_qa(kb: KnowledgeBase, lexicon: Lexicon, segmenter: Segmenter, search: SearchEngine,
             settings: Settings) -> QAEngine:
    concepts = load_concepts(kb.curated)
    understanding = Understanding(segmenter, lexicon, concepts, load_intents(kb.curated), search.vocabulary,
                                  WordClasses(_cache_dir(settings)))
    engine = QAEngine(kb, understanding, load_rules(kb.curated), concepts, search, QAStore(settings.data_dir),
                      segmenter)
    search.question_suggester = engine.suggest_questions
    return engine
