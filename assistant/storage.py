"""Files in the data directory: atomic writes and content fingerprints."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fingerprint(groups: Iterable[tuple[str, Path, list[Path]]]) -> str:
    """Hash of file names and contents, grouped (corpus, kb, code)."""
    digest = hashlib.sha256()
    for name, base, files in groups:
        digest.update(f"[{name}]".encode())
        for path in files:
            digest.update(str(path.relative_to(base)).encode("utf-8"))
            digest.update(b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
            digest.update(b"\0")
    return digest.hexdigest()[:20]


def is_writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".probe."):
            return True
    except OSError:
        return False


def cache_dir(data_dir: Path) -> Path:
    """Where derived caches live (jieba's dictionary, word classes, fonts): the data directory's, or, when
    that cannot be written, a private directory of this user's (never a shared, predictable path that
    someone else could have planted files in)."""
    directory = data_dir / "cache"
    return directory if is_writable(directory) else private_dir("cache")


_PRIVATE: dict[str, Path] = {}


def private_dir(name: str) -> Path:
    """A directory only this user can read or write, made once per process under the temp directory.

    A directory of the same name someone else made, or one others can write, is never used: a fresh one
    (``mkdtemp``, mode 0700) is made instead."""
    if name in _PRIVATE and _is_private(_PRIVATE[name]):
        return _PRIVATE[name]
    _PRIVATE[name] = Path(tempfile.mkdtemp(prefix=f"green-assistant-{name}-"))  # 0700, owned by us
    return _PRIVATE[name]


def _is_private(directory: Path) -> bool:
    try:
        info = directory.lstat()
    except OSError:
        return False
    return (directory.is_dir() and not directory.is_symlink() and info.st_uid == os.getuid()
            and info.st_mode & 0o077 == 0)


def cached_json(path: Path, make: Callable[[], Any]) -> Any:
    """What *make* returns, stored at *path* (JSON) the first time and read from there after.

    The name of *path* must change whenever what *make* computes would (a fingerprint in it)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = make()
    try:
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError as error:
        log.warning("not cached: %s (%s)", path, error)
    return data
