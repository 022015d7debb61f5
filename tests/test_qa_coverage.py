"""Every article, the notice and both subjects are covered by rules."""

from __future__ import annotations

from collections import defaultdict


def _article(clause_id: str) -> str:
    return clause_id.split("-p")[0]


def test_every_article_and_the_notice_is_the_first_citation_of_a_rule(snapshot):
    first = {_article(r.source[0]) for r in snapshot.qa.rules if r.kind == "answer"}
    expected = {"notice"} | {f"art-{n}" for n in range(1, 25)}
    assert expected - first == set()


def test_notice_facts_are_answerable(qa):
    ids = {r.id for r in qa.rules}
    assert {"doc-number", "issue-date", "issuer", "effective-date", "notice-effective", "repeal"} <= ids


def test_both_subjects_wherever_the_measures_differ(qa):
    by_family = defaultdict(set)
    for rule in qa.rules:
        if rule.family and rule.subject:
            by_family[rule.family].add(rule.subject)
    assert by_family, "no family of rules per subject"
    assert {f: s for f, s in by_family.items() if s != {"park", "factory"}} == {}
    for family in ("basic-conditions", "accident", "organisation", "indicators", "standards", "competitiveness"):
        assert family in by_family


def test_every_item_of_articles_6_7_and_17_has_its_own_rule(snapshot):
    items = [c.id for c in snapshot.kb.clauses() if c.kind == "item" and c.article in (6, 7, 17)]
    first = {r.source[0] for r in snapshot.qa.rules}
    assert [i for i in items if i not in first] == []


def test_rules_cite_the_most_specific_clause_first(snapshot):
    """A rule that cites an item of an article should not cite the whole article first."""
    kb = snapshot.kb
    for rule in snapshot.qa.rules:
        first = kb.clause(rule.source[0])
        for other in rule.source[1:]:
            clause = kb.clause(other)
            if clause.article == first.article and clause.kind == "item":
                assert first.kind == "item", rule.id
