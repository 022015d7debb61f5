"""A command loads only what it needs, and what it loads from the data directory is what jieba,
pypinyin and the index would compute (bench/startup.py measures how fast)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.config import PROJECT_ROOT

HEAVY = ("jieba", "spacy", "whoosh", "pypinyin", "web", "flask", "fpdf", "pypdf", "docx")
CHECK = """
import json, sys
from assistant.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})), file=sys.stderr)
"""


def _loaded(settings, *args) -> set[str]:
    base = ["--data-dir", str(settings.data_dir), "--corpus-dir", str(settings.corpus_dir),
            "--kb-dir", str(settings.kb_dir)]
    done = subprocess.run([sys.executable, "-c", CHECK, *base, *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(("args", "needs", "never"), [
    (("show", "17"), set(), set(HEAVY)),
    (("kb", "schema", "rules"), set(), set(HEAVY)),
    (("search", "公示"), {"jieba", "whoosh"}, {"spacy", "pypinyin", "web", "flask"}),
    (("ask", "公示期多长"), {"jieba", "spacy"}, {"whoosh", "pypinyin", "web", "flask"}),
])
def test_a_command_loads_only_what_it_needs(settings, kb, args, needs, never):
    _loaded(settings, *args)  # the first call may build the caches of the data directory
    loaded = _loaded(settings, *args)
    assert needs <= loaded
    assert not (never & loaded), f"{' '.join(args)} loaded {sorted(never & loaded)}"


def test_the_stored_dictionary_segments_exactly_as_jieba(snapshot, tmp_path):
    from assistant.segment import USER_WORD_FREQ, Frequencies, Segmenter

    words = snapshot.lexicon.user_words()
    import jieba

    reference = jieba.Tokenizer()
    reference.tmp_dir, reference.cache_file = str(tmp_path), "jieba.cache"
    for word in words:
        reference.add_word(word, USER_WORD_FREQ)
    stored = Segmenter(words, tmp_path)
    assert isinstance(stored._tokenizer.FREQ, Frequencies)  # from the trie written by the first segmenter
    again = Segmenter(words, tmp_path)
    questions = ["我们厂注册在四川，税也在四川交，能报重庆的绿色工厂不？", "公式期多长", "ISO14001认证算不算管理体系"]
    texts = [c.lead + c.text for c in snapshot.kb.clauses()] + questions
    for text in texts:
        expected = list(reference.tokenize(text, HMM=True))
        assert list(stored._tokenizer.tokenize(text, HMM=True)) == expected
        assert list(again._tokenizer.tokenize(text, HMM=True)) == expected
    assert again._tokenizer.total == reference.total


def test_a_damaged_stored_dictionary_is_rebuilt(tmp_path):
    from assistant.segment import Segmenter

    first = Segmenter(["绿色工厂"], tmp_path)
    expected = first.cut("绿色工厂怎么申报")
    for path in tmp_path.glob("words-*.marisa"):
        path.write_bytes(b"not a trie")
    assert Segmenter(["绿色工厂"], tmp_path).cut("绿色工厂怎么申报") == expected


def test_stored_readings_are_pypinyin_readings(tmp_path):
    from pypinyin import Style, lazy_pinyin

    from assistant.qa.typos import Readings

    stored = Readings(tmp_path)
    assert stored.char("公") == "gong" and stored.char("？") == "？" and stored.char("A") == "A"
    assert stored.words(["重组", "公示"]) == {"重组": "chong-zu", "公示": "gong-shi"}
    assert list(tmp_path.glob("pinyin-chars-*.json")) and list(tmp_path.glob("pinyin-words-*.json"))
    reread = Readings(tmp_path)
    for char in "绿色工厂申报重庆行长":
        assert reread.char(char) == lazy_pinyin(char, style=Style.NORMAL)[0]


def test_the_vocabulary_without_whoosh_is_the_index_vocabulary(snapshot):
    from assistant.search.documents import vocabulary

    assert vocabulary(snapshot.kb, snapshot.segmenter) == snapshot.search.vocabulary == snapshot.vocabulary
