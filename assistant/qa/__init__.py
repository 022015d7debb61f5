"""Help-desk Q&A: rules from ``kb/`` answered with spaCy-based understanding (EntityRuler, Matcher).

Imports ``assistant.search`` (for the clause fallback), ``assistant.knowledge`` and below.
"""

from __future__ import annotations

from ..config import Settings
from ..knowledge import curated
from ..knowledge.clauses import KnowledgeBase
from ..knowledge.lexicon import Lexicon
from ..search.engine import SearchEngine
from ..segment import Segmenter
from ..storage import cache_dir
from .engine import QAEngine
from .store import QAStore
from .understanding import Understanding
from .wordclass import WordClasses


def build_qa(kb: KnowledgeBase, lexicon: Lexicon, segmenter: Segmenter, search: SearchEngine,
             settings: Settings) -> QAEngine:
    concepts = curated.concepts(kb)
    understanding = Understanding(segmenter, lexicon, concepts, curated.intents(kb), search.vocabulary,
                                  WordClasses(cache_dir(settings.data_dir)), curated.subjects(kb))
    engine = QAEngine(kb, understanding, curated.rules(kb), concepts, search, QAStore(settings.data_dir),
                      segmenter, curated.wordings(kb))
    search.question_suggester = engine.suggest_questions
    return engine
