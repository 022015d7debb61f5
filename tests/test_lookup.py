from __future__ import annotations

import pytest

from assistant.errors import BadInput, NotFound
from assistant.knowledge.lookup import find_refs, lookup


@pytest.mark.parametrize(("ref", "node_id"), [
    ("17", "art-17"), ("17条", "art-17"), ("第十七条", "art-17"), ("第 17 条", "art-17"),
    ("第7条第3项", "art-7-p1-i3"), ("第十七条第四项", "art-17-p1-i4"), ("第十七条第（四）项", "art-17-p1-i4"),
    ("第七条第(三)项", "art-7-p1-i3"), ("art-17-p1-i4", "art-17-p1-i4"), ("ART-17", "art-17"),
    ("第二章", "ch-2"), ("ch-6", "ch-6"), ("notice", "notice"), ("印发通知", "notice"),
    ("第十一条第一款", "art-11-p1"), ("１７", "art-17"),
])
def test_lookup_resolves(kb, ref, node_id):
    assert lookup(kb, ref).id == node_id


@pytest.mark.parametrize("ref", ["第二十五条", "99", "第十七条第八项", "第十一条第二款", "第九章", "art-30"])
def test_missing_references_say_what_exists(kb, ref):
    with pytest.raises(NotFound):
        lookup(kb, ref)


@pytest.mark.parametrize("ref", ["", "公示", "第三方", "xyz", "<script>"])
def test_not_a_reference(kb, ref):
    with pytest.raises(BadInput):
        lookup(kb, ref)


def test_find_refs_in_free_text():
    refs = find_refs("请问第十七条第四项和第3条是什么？第三方评价机构呢")
    assert [(r.article, r.item) for r in refs] == [(17, 4), (3, None)]
