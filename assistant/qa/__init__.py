"""Help-desk Q&A: rules from ``kb/`` answered with spaCy-based understanding (EntityRuler, Matcher).

Imports ``assistant.knowledge`` and the infrastructure modules only.
"""

from __future__ import annotations

from ..config import Settings
from ..knowledge import curated
from ..knowledge.clauses import KnowledgeBase
from ..knowledge.lexicon import Lexicon
from ..periods import HolidayTable
from ..segment import Segmenter
from ..storage import cache_dir, cached_json
from .engine import QAEngine
from .matching import index_rules, indexes_from_json, indexes_to_json
from .precedence import Precedence
from .store import QAStore
from .typos import Readings
from .understanding import Understanding
from .wordclass import WordClasses


def build_qa(kb: KnowledgeBase, lexicon: Lexicon, segmenter: Segmenter, vocabulary: set[str],
             settings: Settings, holidays: HolidayTable | None = None) -> QAEngine:
    """The engine; *vocabulary* is every word of the measures as the search index segments them; working
    days are counted with *holidays* (chinese-calendar alone when None)."""
    concepts = curated.concepts(kb)
    cache = cache_dir(settings.data_dir)
    understanding = Understanding(segmenter, lexicon, concepts, curated.intents(kb), vocabulary,
                                  WordClasses(cache), curated.subjects(kb), Readings(cache))
    rules = curated.rules(kb)
    indexes = indexes_from_json(cached_json(
        cache / f"rules-{kb.fingerprint}.json",
        lambda: indexes_to_json(index_rules(kb, rules, concepts, segmenter, lexicon.stopword_set,
                                           lambda text: understanding.analyse(text).concepts))))
    engine = QAEngine(kb, understanding, rules, concepts, QAStore(settings.data_dir), curated.wordings(kb),
                      indexes, curated.cues(kb), holidays)
    engine.use_precedence(Precedence.from_json(cached_json(
        cache / f"precedence-{kb.fingerprint}.json", lambda: engine.learn_precedence().to_json())))
    return engine
