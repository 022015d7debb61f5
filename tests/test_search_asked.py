"""The questions a clause answers (the help-desk rules' examples) are indexed beside it: a staff query in
people's words finds the clause, and a result whose text prints none of the query says which question
brought it up."""

from __future__ import annotations

import pytest

from assistant.knowledge.curated import rules
from assistant.search.documents import asked_questions, indexed_clauses
from assistant.textnorm import fold


@pytest.fixture(scope="module")
def engine(snapshot):
    return snapshot.search


def test_every_answer_rules_examples_sit_under_the_clause_it_cites_first(snapshot):
    kb = snapshot.kb
    asked = asked_questions(kb)
    indexed = {(c.doc, c.id) for c in indexed_clauses(kb)}
    assert set(asked) <= indexed
    for rule in rules(kb):
        cited = kb.clause(rule.source[0])
        article = kb.article_of(cited)
        keys = [(cited.doc, cited.id)] + ([(article.doc, article.id)] if article else [])
        placed = [key for key in keys if key in asked and set(rule.examples) <= set(asked[key])]
        if rule.kind == "not_covered":
            # What the measures do NOT say is no reason to find the clause it cites.
            assert not any(set(rule.examples) & set(asked.get(key, [])) for key in keys), rule.id
        else:
            assert placed, rule.id


def _unprinted_examples(kb):
    """(example, article) for examples sharing no two-character word with the clause they sit under."""
    for (doc, clause_id), questions in asked_questions(kb).items():
        clause = kb.clause(clause_id, doc)
        text = fold(f"{clause.lead}{clause.text}")
        article = kb.article_of(clause)
        for question in questions:
            folded = fold(question)
            if not any(folded[i:i + 2] in text for i in range(len(folded) - 1)):
                yield question, article.id if article else clause.id


def test_a_question_in_words_the_clause_never_prints_finds_it_and_says_why(snapshot, engine):
    cases = list(_unprinted_examples(snapshot.kb))
    assert cases, "the rules have no example worded apart from its clause"
    found = 0
    for question, article_id in cases:
        result = engine.search(question, limit=3)
        for hit in result.hits:
            if (hit.article_id or hit.clause.id) == article_id:  # the notice has no article
                found += 1
                shown = [hit.highlight, *(f for _, _, f in hit.matches)]
                if not any("<mark>" in f for f in shown):
                    assert hit.asked, question  # nothing marked: the question that found it is named
                    assert hit.to_dict()["asked"] == hit.asked
                break
    assert found == len(cases), f"{found} of {len(cases)}"


def test_a_hit_that_prints_the_query_names_no_question(engine):
    for query in ("公示", "撤销称号", "第三方评价机构", "复审", "第七条"):
        for hit in engine.search(query).hits:
            if hit.pinpoint or any("<mark>" in f for f in (hit.highlight, *(f for _, _, f in hit.matches))):
                assert hit.asked == "", (query, hit.clause.id)


def test_the_search_page_shows_the_question_that_found_an_article(client, engine):
    question = next(q for q in ("名单挂网几天", "条文看不懂问谁", "拿了牌子以后还查不查")
                    if any(h.asked for h in engine.search(q).hits))
    hit = next(h for h in engine.search(question).hits if h.asked)
    page = client.get("/search", query_string={"q": question}).get_data(as_text=True)
    assert f"按常见问法找到：“{hit.asked}”" in page


def test_a_question_sharing_one_character_with_the_query_is_not_named(engine):
    for query in ("条文看不懂问谁", "能拿到多少钱", "办法啥时候开始生效"):
        for hit in engine.search(query).hits:
            if hit.asked:
                shared = {a + b for a, b in zip(hit.asked, hit.asked[1:], strict=False)}
                assert any(pair in fold(query) for pair in shared), (query, hit.asked)
