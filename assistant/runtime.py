"""One consistent snapshot of everything the assistant answers from.

A snapshot holds the knowledge base, the lexicon, the segmenter, the search
index and the engines built on them. Requests take the current snapshot and
use it to the end, so a rebuild (corpus or kb changed) never mixes two
versions: the new snapshot is built aside and swapped in with one
assignment. Sources are checked for changes at most every few seconds.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import knowledge
from .clauses import KnowledgeBase
from .config import Settings
from .kbfiles import kb_files
from .lexicon import LEXICON_FILE, Lexicon
from .qa import build_qa
from .qa.engine import QAEngine
from .search.analysis import register_segmenter
from .search.engine import SearchEngine
from .search.indexer import index_intact, open_index
from .segment import Segmenter, get_segmenter
from .storage import is_writable

log = logging.getLogger(__name__)
CHECK_INTERVAL = 2.0
INDEX_CHECK_INTERVAL = 10.0


@dataclass
class Snapshot:
    kb: KnowledgeBase
    lexicon: Lexicon
    segmenter: Segmenter
    search: SearchEngine
    qa: QAEngine
    warnings: list[str] = field(default_factory=list)
    index_persisted: bool = True
    loaded_at: float = field(default_factory=time.time)


def _stamp(settings: Settings) -> tuple:
    """Cheap change detector: names, sizes and mtimes of the source files."""
    files = knowledge.corpus_files(settings.corpus_dir)
    if settings.kb_dir.is_dir():
        files += kb_files(settings.kb_dir)
    out = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def cache_dir(settings: Settings) -> Path:
    directory = settings.data_dir / "cache"
    return directory if is_writable(directory) else Path(tempfile.gettempdir()) / "green-assistant-cache"


def build_snapshot(settings: Settings) -> Snapshot:
    kb, warnings = knowledge.load(settings)
    lexicon = Lexicon.from_data(kb.curated.get(LEXICON_FILE))
    words = lexicon.user_words()
    segmenter = get_segmenter(words, cache_dir(settings))
    key = hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:12]
    register_segmenter(key, segmenter)
    index, persisted = open_index(settings.data_dir / "index", kb, lexicon, key, name=kb.fingerprint)
    if not persisted:
        warnings = [*warnings, "数据目录不可写：检索索引只在内存中，重启后会重新建立"]
    search = SearchEngine(kb, index, segmenter, lexicon)
    qa = build_qa(kb, lexicon, segmenter, search, settings)
    return Snapshot(kb, lexicon, segmenter, search, qa, warnings, index_persisted=persisted)


class Runtime:
    """Holds the current snapshot and replaces it when the sources change or
    the index on disk is damaged. Rebuilding happens on a background thread:
    no request ever waits for it, and all keep the snapshot they started with."""

    def __init__(self, settings: Settings, check_interval: float = CHECK_INTERVAL,
                 index_check_interval: float = INDEX_CHECK_INTERVAL, background: bool = True):
        self.settings = settings
        self.check_interval = check_interval
        self.index_check_interval = index_check_interval
        self.background = background
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
                    self._snapshot = build_snapshot(self.settings)
                    self._checked = self._index_checked = time.monotonic()
                return self._snapshot
        if time.monotonic() - self._checked >= self.check_interval:
            self._schedule_check()
        return self._snapshot

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
            if current.index_persisted and now - self._index_checked >= self.index_check_interval:
                self._index_checked = now
                damaged = not index_intact(self.settings.data_dir / "index", current.kb.fingerprint)
            if stamp == self._stamp and not damaged:
                return
            if damaged:
                log.warning("the index on disk is missing or damaged; rebuilding it")
            fresh = build_snapshot(self.settings)
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
            self._snapshot = build_snapshot(self.settings)
            self._checked = self._index_checked = time.monotonic()
            return self._snapshot


_RUNTIMES: dict[Settings, Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def get_runtime(settings: Settings) -> Runtime:
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(settings)
        if runtime is None:
            runtime = _RUNTIMES[settings] = Runtime(settings)
        return runtime
