"""Search results grouped by article, and marks on the synonyms a query was expanded to."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.textnorm import fold
from tests.conftest import FIXTURES, examples

RELEVANCE = yaml.safe_load((FIXTURES.parent / "search_relevance.yaml").read_text(encoding="utf-8"))
MARK = re.compile(r"<mark>(.*?)</mark>")


@pytest.fixture(scope="module")
def engine(snapshot):
    return snapshot.search


@pytest.fixture(scope="module")
def words(engine):
    return sorted(w for w in engine.vocabulary if len(w) >= 2 and not w.isascii())


def check_grouped(kb, result) -> None:
    """What the grouping guarantees for any result list."""
    shown = []  # every clause in display order: each head, then its matches
    heads = set()
    ranked_scores = []
    for hit in result.hits:
        head = hit.clause
        assert (head.doc, head.id) not in heads
        heads.add((head.doc, head.id))
        if not hit.pinpoint:
            assert head.kind in ("article", "notice"), f"{head.id} heads a group"
            ranked_scores.append(hit.score)
        article = kb.article_of(head)
        assert hit.best_id in {head.id, *(c.id for c, _, _ in hit.matches)}
        scores = [s for _, s, _ in hit.matches]
        assert scores == sorted(scores, reverse=True)
        assert all(s <= hit.score + 1e-9 for s in scores)
        for clause, _, fragment in hit.matches:
            assert clause.id != head.id
            assert article is not None and kb.article_of(clause).id == article.id
            assert "<mark>" in fragment  # listed because its own text prints the query
        shown += [head, *(c for c, _, _ in hit.matches)]
    assert ranked_scores == sorted(ranked_scores, reverse=True)
    # An item (or 款) never appears above its own article when the article is a hit too.
    position = {(c.doc, c.id): i for i, c in reversed(list(enumerate(shown)))}
    for i, clause in enumerate(shown):
        if clause.kind in ("paragraph", "item", "subitem"):
            article = kb.article_of(clause)
            j = position.get((article.doc, article.id)) if article else None
            assert j is None or j < i or any(h.pinpoint and h.clause.id == clause.id for h in result.hits), (
                f"{clause.id} above {article.id} for {result.query!r}")


@pytest.mark.parametrize("case", RELEVANCE, ids=lambda c: c["q"])
def test_relevance_queries_are_grouped_under_their_articles(snapshot, case):
    check_grouped(snapshot.kb, snapshot.search.search(case["q"], limit=30))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_words_of_the_text_are_grouped_under_their_articles(snapshot, words, data):
    query = "".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=3)))
    check_grouped(snapshot.kb, snapshot.search.search(query, limit=30))


def test_a_general_query_puts_the_article_first_with_its_matching_items_under_it(engine):
    result = engine.search("绿色工厂条件")
    first = result.hits[0]
    assert first.clause.kind == "article" and first.clause.article == 7
    assert first.matches and all(c.article == 7 and c.kind == "item" for c, _, _ in first.matches)
    assert all("绿色工厂" in c.text for c, _, _ in first.matches)
    assert first.best_id == first.matches[0][0].id
    assert "<mark>条件</mark>" in first.intro  # the items' shared lead-in, marked


def test_a_pinpointed_item_still_comes_first_as_itself(engine):
    result = engine.search("第7条第3项 绿色")
    assert result.hits[0].clause.id == "art-7-p1-i3" and result.hits[0].pinpoint
    assert result.hits[0].best_id == "art-7-p1-i3"
    assert all(c.kind != "article" for c, _, _ in result.hits[0].matches)


def test_json_keeps_every_field_and_adds_the_group(engine):
    data = engine.search("复审不合格").to_dict()
    hit = data["hits"][0]
    assert set(hit) >= {"id", "article", "paragraph", "item", "label", "citation", "text", "highlight", "score",
                        "document", "kind", "chapter", "chapter_title", "pinpoint", "matches",
                        "article_id", "best_id", "intro"}
    assert hit["article_id"] == hit["id"] and hit["kind"] == "article"
    assert hit["matches"] and set(hit["matches"][0]) >= {"id", "label", "citation", "highlight", "score",
                                                        "kind", "paragraph", "item", "text"}
    assert hit["best_id"] in {m["id"] for m in hit["matches"]}


def marked(hit) -> str:
    """Every marked word of a group, head and matches."""
    fragments = [hit.highlight, *(f for _, _, f in hit.matches)]
    return " ".join(m for f in fragments for m in MARK.findall(f))


def test_the_synonym_an_alias_expanded_to_is_marked(snapshot):
    """For every lexicon synonym whose alias the measures never print: when the
    clause printing the canonical word is found, the canonical word is marked."""
    printed = fold("".join(c.text for c in snapshot.kb.clauses()))
    checked = 0
    for synonym in snapshot.lexicon.synonyms:
        for alias in synonym.aliases:
            if fold(alias) in printed:
                continue
            result = snapshot.search.search(alias, limit=20)
            for source in synonym.source:
                article = snapshot.kb.article_of(snapshot.kb.clause(source))
                hit = next((h for h in result.hits if article and h.clause.id == article.id), None)
                if hit is None:
                    continue
                for part in synonym.canonical.split():
                    assert fold(part) in fold(marked(hit)), f"{alias} → {synonym.canonical}: {part} not marked"
                checked += 1
    assert checked >= 50


def test_staff_wording_finds_and_marks_the_printed_word(engine):
    result = engine.search("第三方机构造假", limit=3)
    hit = next(h for h in result.hits if h.clause.article == 22)
    assert "<mark>弄虚作假</mark>" in hit.highlight


def test_a_part_of_a_long_word_that_matched_is_marked(engine):
    # 第三方机构 is not printed in 第二十二条; its parts 第三方 and 机构 are, and matched.
    hit = next(h for h in engine.search("第三方机构造假").hits if h.clause.article == 22)
    assert {"第三方", "机构"} <= set(MARK.findall(hit.highlight))


def test_search_page_shows_the_article_then_its_items_indented(client):
    html = client.get("/search?q=绿色工厂条件").get_data(as_text=True)
    first = html.index('class="result"')
    assert html.index("第七条</a>", first) < html.index("第七条第（八）项", first)
    assert 'class="matches group-children"' in html and "<details" in html and "最相关" in html
