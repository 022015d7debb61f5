"""Coverage: for every clause, the rules, questionnaire questions and evaluation cases that cite it; the
clauses nothing cites. On the command line and in the staff area."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.conftest import form_token


def test_coverage_json_has_a_row_for_every_article_and_item(runner, kb):
    report = json.loads(runner("kb", "coverage", "--json").output)
    ids = {row["id"] for row in report["clauses"]}
    assert {a["id"] for a in kb.main["articles"]} <= ids
    assert {"art-17-p1-i4", "art-6-p1-i8", "notice"} <= ids
    assert "art-11-p1" not in ids  # a lone 款 is its article
    rows = {row["id"]: row for row in report["clauses"]}
    assert "publicity-period" in rows["art-11"]["rules"]
    assert "factory:major_accident" in rows["art-7-p1-i3"]["questions"]
    assert "factory:major_accident" in rows["art-7"]["questions"]  # an item's citation counts for its article
    assert rows["art-11"]["cases"] > 0 and "qa_dev.yaml" in report["case_files"]
    totals = report["totals"]["item"]
    assert totals["clauses"] == sum(r["kind"] == "item" for r in report["clauses"])
    assert report["uncited"] == [r["id"] for r in report["clauses"] if not r["cited"]]


def test_a_clause_nothing_cites_is_listed(runner, sandbox, tmp_path):
    path = sandbox.kb_dir / "rules" / "document.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: interpretation")
    end = text.find("\n  - id:", start + 1)
    path.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")
    empty = tmp_path / "no-cases"
    empty.mkdir()
    report = json.loads(runner("kb", "coverage", "--json", "--cases", str(empty), env_settings=sandbox).output)
    assert "art-23" in report["uncited"]
    plain = runner("kb", "coverage", "--cases", str(empty), env_settings=sandbox).output
    assert "没有任何引用：" in plain and "art-23" in plain


def test_staff_see_the_coverage_table(settings):
    from web import create_app

    client = create_app(replace(settings, admin_token="s3cret-token-for-tests-0123456789abcdef"),
                        {"TESTING": True, "RATE_LIMIT": 0}).test_client()
    assert client.get("/admin/coverage").status_code == 302
    token = form_token(client, "/admin/login")
    client.post("/admin/login", data={"token": "s3cret-token-for-tests-0123456789abcdef", "csrf_token": token})
    page = client.get("/admin/coverage").get_data(as_text=True)
    assert "条款覆盖" in page and "第十七条第（四）项" in page and "publicity-period" in page
    data = client.get("/admin/coverage", headers={"Accept": "application/json"}).get_json()
    assert data["totals"]["article"]["clauses"] == 24
