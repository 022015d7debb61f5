"""A Chinese font for the PDF report, from PyPI alone.

The font is Noto Sans SC (simplified-Chinese glyph forms, SIL Open Font
License) as shipped by the ``justmytype-intl-cjk`` package: a variable
TrueType font of about 17 MB whose default instance is the thinnest weight.
Instancing the whole font takes tens of seconds, so we first cut it down to
the characters the report uses, then pin the weight axis (regular and
bold); that takes about a second and yields a small static font that any
PDF reader displays without the font installed.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import threading
from importlib import resources
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from ..errors import AssistantError
from ..storage import private_dir

FONT_PACKAGE = "justmytype_intl_cjk"
FONT_FILE = ("fonts", "ofl", "notosanssc", "NotoSansSC[wght].ttf")
WEIGHTS = {"": 400, "B": 700}

class FontUnavailable(AssistantError):
    """The Chinese font package is not installed."""


def font_source() -> Path:
    try:
        path = resources.files(FONT_PACKAGE).joinpath(*FONT_FILE)
    except ModuleNotFoundError as error:
        raise FontUnavailable(f"生成 PDF 需要中文字体包：pip install {FONT_PACKAGE.replace('_', '-')}") from error
    if not path.is_file():
        raise FontUnavailable(f"字体包 {FONT_PACKAGE} 中没有 {'/'.join(FONT_FILE)}")
    return Path(str(path))


def static_fonts(text: str, directory: Path) -> dict[str, Path]:
    """Regular and bold static fonts covering the characters of *text*, written to *directory*.

    Returns ``{"": regular path, "B": bold path}`` for :meth:`FPDF.add_font`.
    """
    # fontTools reports every table it drops or keeps; quiet it while we work.
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        options = subset.Options()
        options.layout_features = ["*"]  # keep the alternate forms of CJK punctuation
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        # Printable ASCII always, so labels and numbers render whatever the text.
        subsetter.populate(text="".join(sorted(set(text))) + "".join(chr(c) for c in range(32, 127)))
        paths = {}
        with TTFont(font_source()) as font:
            subsetter.subset(font)
            for style, weight in WEIGHTS.items():
                instance = instancer.instantiateVariableFont(font, {"wght": weight}, inplace=False,
                                                             updateFontNames=True)
                paths[style] = directory / f"NotoSansSC-{weight}.ttf"
                instance.save(paths[style])
        return paths
    finally:
        log.setLevel(level)


_LOCK = threading.Lock()
_CACHED: tuple[frozenset[str], dict[str, Path]] | None = None
ASCII = frozenset(chr(c) for c in range(32, 127))


def cached_fonts(text: str, cache_dir: Path | None = None) -> dict[str, Path]:
    """Static fonts covering *text*, built once and reused while they cover it.

    Cutting and instancing the font takes seconds; a report uses almost only
    characters of the knowledge base, so the fonts built for one report serve
    the next ones. A character not yet covered rebuilds them for the union.
    """
    global _CACHED
    chars = frozenset(text) | ASCII
    with _LOCK:
        if _CACHED is not None and chars <= _CACHED[0] and all(p.is_file() for p in _CACHED[1].values()):
            return _CACHED[1]
        union = chars | (_CACHED[0] if _CACHED is not None else frozenset())
        key = hashlib.sha256("".join(sorted(union)).encode("utf-8")).hexdigest()[:16]
        directory = (cache_dir or private_dir("fonts")) / key
        paths = {style: directory / f"NotoSansSC-{weight}.ttf" for style, weight in WEIGHTS.items()}
        if not all(p.is_file() for p in paths.values()):
            directory.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".fonts-", dir=directory.parent))
            built = static_fonts("".join(sorted(union)), staging)
            for style, path in built.items():
                path.replace(paths[style])  # atomic: readers never see a half-written font
            staging.rmdir()
        _CACHED = (union, paths)
        return paths
