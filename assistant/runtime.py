"""One consistent snapshot of everything the assistant answers from.

A snapshot holds the knowledge base and, made when first asked for, the
lexicon, the segmenter, the search index and engine, and the Q&A engine: a
command that only shows a clause never loads jieba, and ``search`` never loads
spaCy. The server asks for everything before it forks.

Requests take the current snapshot and use it to the end, so a rebuild
(corpus or kb changed) never mixes two versions: the new snapshot is built
aside and swapped in with one assignment. Sources are checked for changes at
most every few seconds.

Imports ``assistant.search``, ``assistant.qa`` and ``assistant.knowledge`` (lazily where they are heavy).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import knowledge
from .config import Settings
from .knowledge.clauses import KnowledgeBase
from .knowledge.files import HOLIDAYS_OVERRIDE, kb_files

if TYPE_CHECKING:
    from .knowledge.lexicon import Lexicon
    from .periods import HolidayTable
    from .qa.engine import QAEngine
    from .search.engine import SearchEngine
    from .segment import Segmenter

log = logging.getLogger(__name__)
CHECK_INTERVAL = 2.0
INDEX_CHECK_INTERVAL = 10.0
IN_MEMORY_WARNING = "数据目录不可写：检索索引只在内存中，重启后会重新建立"


@dataclass
class Snapshot:
    settings: Settings
    kb: KnowledgeBase
    warnings: list[str] = field(default_factory=list)
    loaded_at: float = field(default_factory=time.time)
    _parts: dict = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def _part(self, name: str, make):
        part = self._parts.get(name)
        if part is None:
            with self._lock:
                part = self._parts.get(name)
                if part is None:
                    part = self._parts[name] = make()
        return part

    @property
    def lexicon(self) -> Lexicon:
        from .knowledge import curated

        return self._part("lexicon", lambda: curated.lexicon(self.kb))

    @property
    def segmenter(self) -> Segmenter:
        from .segment import get_segmenter
        from .storage import cache_dir

        return self._part("segmenter",
                          lambda: get_segmenter(self.lexicon.user_words(), cache_dir(self.settings.data_dir)))

    @property
    def search(self) -> SearchEngine:
        return self._part("search", self._make_search)

    @property
    def vocabulary(self) -> set[str]:
        """Every word of the indexed measures (stored in the data directory once made)."""
        from .search.documents import vocabulary
        from .storage import cache_dir, cached_json

        path = cache_dir(self.settings.data_dir) / f"vocabulary-{self.kb.fingerprint}.json"
        return self._part("vocabulary",
                          lambda: set(cached_json(path, lambda: sorted(vocabulary(self.kb, self.segmenter)))))

    @property
    def holidays(self) -> HolidayTable:
        """The holiday table: kb/holidays.yaml, then the data directory's override (a malformed one is a warning)."""
        return self._part("holidays", self._load_holidays)

    def _load_holidays(self) -> HolidayTable:
        from .knowledge.holidays import load_table

        table, warnings = load_table(self.kb, self.settings.data_dir)
        self.warnings.extend(warnings)
        return table

    @property
    def qa(self) -> QAEngine:
        from .qa import build_qa

        return self._part("qa", lambda: build_qa(self.kb, self.lexicon, self.segmenter, self.vocabulary,
                                                 self.settings, self.holidays))

    @property
    def index_persisted(self) -> bool:
        self.search  # noqa: B018 - the index is opened with the search engine
        return self._parts["index_persisted"]

    def _make_search(self) -> SearchEngine:
        from .search.analysis import register_segmenter
        from .search.engine import SearchEngine
        from .search.indexer import open_index

        words = self.lexicon.user_words()
        key = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:12]
        register_segmenter(key, self.segmenter)
        index, persisted = open_index(self.settings.data_dir / "index", self.kb, self.lexicon, key,
                                      name=self.kb.fingerprint)
        self._parts["index_persisted"] = persisted
        if not persisted:
            self.warnings.append(IN_MEMORY_WARNING)
        engine = SearchEngine(self.kb, index, self.segmenter, self.lexicon)
        # A search that finds nothing suggests questions; the Q&A engine is made for that only when needed.
        engine.question_suggester = lambda text: self.qa.suggest_questions(text)
        return engine

    def load_all(self) -> Snapshot:
        """Everything, now (the server, before it forks)."""
        self.search  # noqa: B018
        self.qa  # noqa: B018
        return self


def _stamp(settings: Settings) -> tuple:
    """Cheap change detector: names, sizes and mtimes of the source files."""
    files = knowledge.corpus_files(settings.corpus_dir)
    if settings.kb_dir.is_dir():
        files += kb_files(settings.kb_dir)
    files.append(settings.data_dir / HOLIDAYS_OVERRIDE)  # staff's holiday table: edits apply without a restart
    out = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def build_snapshot(settings: Settings, complete: bool = True) -> Snapshot:
    """A snapshot of the current sources; *complete* loads every part now."""
    kb, warnings = knowledge.load(settings)
    snapshot = Snapshot(settings, kb, list(warnings))
    return snapshot.load_all() if complete else snapshot


def index_intact(settings: Settings, snapshot: Snapshot) -> bool:
    from .search.indexer import index_intact as intact

    return intact(settings.data_dir / "index", snapshot.kb.fingerprint)


class Runtime:
    """Holds the current snapshot and replaces it when the sources change or
    the index on disk is damaged. Rebuilding happens on a background thread:
    no request ever waits for it, and all keep the snapshot they started with."""

    def __init__(self, settings: Settings, check_interval: float = CHECK_INTERVAL,
                 index_check_interval: float = INDEX_CHECK_INTERVAL, background: bool = True,
                 complete: bool = True):
        self.settings = settings
        self.check_interval = check_interval
        self.index_check_interval = index_check_interval
        self.background = background
        self.complete = complete
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._stamp: tuple = ()
        self._checked = 0.0
        self._index_checked = 0.0
        self.last_error: str | None = None

    def get(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            with self._lock:
                if self._snapshot is None:
                    self._stamp = _stamp(self.settings)
                    self._snapshot = build_snapshot(self.settings, self.complete)
                    self._checked = self._index_checked = time.monotonic()
                return self._snapshot
        if time.monotonic() - self._checked >= self.check_interval:
            self._schedule_check()
        return self._snapshot

    @property
    def loaded(self) -> Snapshot | None:
        """The current snapshot if one is loaded, without loading it (a health check must not build it)."""
        return self._snapshot

    def check_now(self) -> None:
        """Look for changed sources now (after a corpus file was replaced), not at the next interval."""
        self._schedule_check()

    def _schedule_check(self) -> None:
        # Only one check at a time; the others keep answering from the current snapshot.
        if not self._lock.acquire(blocking=False):
            return
        self._checked = time.monotonic()
        if self.background:
            threading.Thread(target=self._check, name="snapshot-reload", daemon=True).start()
        else:
            self._check()

    def _check(self) -> None:
        stamp = self._stamp
        try:
            stamp = _stamp(self.settings)
            now = time.monotonic()
            damaged = False
            current = self._snapshot
            if ("search" in current._parts and current.index_persisted
                    and now - self._index_checked >= self.index_check_interval):
                self._index_checked = now
                damaged = not index_intact(self.settings, current)
            if stamp == self._stamp and not damaged:
                return
            if damaged:
                log.warning("the index on disk is missing or damaged; rebuilding it")
            fresh = build_snapshot(self.settings, self.complete)
            self._stamp = stamp
            self._snapshot = fresh
            self.last_error = None
        except Exception as error:
            self._stamp = stamp
            self.last_error = str(error)
            log.error("reload failed, keeping the last good snapshot: %s", error)
        finally:
            self._lock.release()

    def reload(self) -> Snapshot:
        """Rebuild now, in the calling thread."""
        with self._lock:
            self._stamp = _stamp(self.settings)
            self._snapshot = build_snapshot(self.settings, self.complete)
            self._checked = self._index_checked = time.monotonic()
            return self._snapshot


_RUNTIMES: dict[tuple[Settings, bool], Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def get_runtime(settings: Settings, complete: bool = True) -> Runtime:
    """The process's runtime for *settings*; ``complete=False`` (the command line) loads parts on demand."""
    with _RUNTIMES_LOCK:
        key = (settings, complete)
        runtime = _RUNTIMES.get(key)
        if runtime is None:
            runtime = _RUNTIMES[key] = Runtime(settings, complete=complete)
        return runtime

