"""称号保持自查 (kb/questionnaires/maintenance.yaml) through the command line and the API, and its
deadlines as a calendar file. The judgements themselves are scenarios (tests/assess_scenarios/)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from icalendar import Calendar

from assistant.assess import assess
from assistant.assess.ics import render_ics
from assistant.errors import BadInput

FINE = {
    "certified_on": "2024-05-10", "title_revoked": "no", "review_notice": "taken", "review_result": "passed",
    "annual_report": "all", "dynamic_management": "yes", "terminated": "no", "false_data": "no",
    "accident": "no", "blacklisted": "no", "violation": "no", "renamed": "no",
}
RENAMED = {**FINE, "renamed": "yes", "adjustment_applied": "no", "formalities_on": "2026-06-01"}


def _events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def test_the_calendar_holds_each_upcoming_deadline_with_its_clause(kb):
    result = assess(kb, "maintenance", RENAMED, "2026-06-10").to_dict()
    [event] = _events(render_ics(result))
    assert event.decoded("dtstart") == dt.date(2026, 7, 14) == dt.date.fromisoformat(result["deadlines"][0]["date"])
    assert "第十九条" in str(event["summary"])
    description = str(event["description"])
    assert "第十九条" in description and result["measures"]["doc_number"] in description
    assert render_ics(result) == render_ics(result), "the same assessment gives the same file (same UIDs)"


def test_a_passed_deadline_is_listed_but_not_put_in_the_calendar(kb):
    result = assess(kb, "maintenance", RENAMED, "2026-07-15").to_dict()
    assert [d["passed"] for d in result["deadlines"]] == [True]
    assert _events(render_ics(result)) == []


def test_the_end_of_the_three_year_bar_is_a_calendar_date(kb):
    answers = {"certified_on": "2022-03-01", "title_revoked": "yes", "revoked_on": "2025-04-10"}
    result = assess(kb, "maintenance", answers, "2026-09-01").to_dict()
    [event] = _events(render_ics(result))
    assert event.decoded("dtstart") == dt.date(2028, 4, 10)
    assert "第十八条" in str(event["summary"])


def test_an_estimated_deadline_says_so_in_the_calendar(kb):
    answers = {**RENAMED, "formalities_on": "2026-12-01"}
    result = assess(kb, "maintenance", answers, "2026-12-03").to_dict()
    [event] = _events(render_ics(result))
    assert result["deadlines"][0]["estimate"] and "估算" in str(event["description"])


def test_a_date_before_the_certification_is_refused_in_words(kb):
    answers = {**FINE, "accident": "yes", "accident_on": "2023-01-05"}
    with pytest.raises(BadInput) as caught:
        assess(kb, "maintenance", answers, "2026-09-01")
    assert caught.value.field == "accident_on" and "早于" in str(caught.value)


def test_a_condition_of_another_questionnaire_is_not_in_this_one(kb):
    result = assess(kb, "maintenance", FINE, "2026-09-01").to_dict()
    assert result["sections"]["conditions"] == "撤销称号的情形"
    assert {s["phase"] for s in result["next_steps"]} == {"duty"}, "no application steps for a certified unit"
    assert all(c["label"].startswith("第十七条") for c in result["conditions"])


def test_the_application_questionnaires_keep_their_verdicts_and_gain_the_new_fields(kb):
    result = assess(kb, "factory", {}, "2026-09-01").to_dict()
    assert result["verdict"] == "incomplete"
    assert result["deadlines"] == [] and set(result["sections"]) == {"conditions", "readiness"}
    assert all("deadline" in c for c in result["conditions"])


def test_cli_writes_the_calendar_and_reports_how_many(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(RENAMED), encoding="utf-8")
    ics = tmp_path / "deadlines.ics"
    done = runner("assess", "--type", "maintenance", "--answers", str(answers), "--date", "2026-06-10",
                  "--ics", str(ics), "--json")
    assert done.exit_code == 0, done.output
    assert "1 个期限" in done.stderr
    data = json.loads(done.stdout)
    assert data["verdict"] == "action_needed" and data["deadlines"][0]["date"] == "2026-07-14"
    assert len(_events(ics.read_bytes())) == 1


def test_cli_names_an_unwritable_calendar_file(runner, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(FINE), encoding="utf-8")
    done = runner("assess", "--type", "maintenance", "--answers", str(answers),
                  "--ics", str(tmp_path / "missing" / "x.ics"))
    assert done.exit_code != 0 and "日历文件" in done.output


def test_api_assesses_the_maintenance_questionnaire(client):
    response = client.post("/api/assess", json={"type": "maintenance", "answers": RENAMED, "date": "2026-06-10"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["verdict"] == "action_needed"
    assert [d["date"] for d in data["deadlines"]] == ["2026-07-14"]
    questions = client.get("/api/questions/maintenance").get_json()
    assert "formalities_on" in [q["id"] for q in questions["questions"]]


def test_api_gives_the_deadlines_as_a_calendar_file(client):
    response = client.post("/api/assess/calendar",
                           json={"type": "maintenance", "answers": RENAMED, "date": "2026-06-10"})
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    [event] = _events(response.data)
    assert event.decoded("dtstart") == dt.date(2026, 7, 14)
    bad = client.post("/api/assess/calendar", json={"type": "maintenance", "answers": {"renamed": "maybe"}})
    assert bad.status_code == 400 and "renamed" in bad.get_json()["error"]


def _walk(client, answers: dict) -> str:
    """Answer the web questionnaire page by page as a person would; the assessment's address."""
    import re

    start = client.get("/assess/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
    here = client.post("/assess/new", data={"csrf_token": token, "type": "maintenance"},
                       follow_redirects=True)
    for _ in range(20):
        if "/p/" not in here.request.path:
            return here.request.path.rsplit("/", 1)[0]
        html = here.get_data(as_text=True)
        form = {"csrf_token": token, "nav": "next", "shown": re.findall(r'name="shown" value="([^"]*)"', html)}
        form.update({f"q_{qid}": answers[qid] for qid in form["shown"] if qid in answers})
        here = client.post(here.request.path, data=form, follow_redirects=True)
    raise AssertionError("the questionnaire did not end")


def test_the_web_result_lists_the_deadlines_and_offers_the_calendar(client):
    recently = (dt.date.today() - dt.timedelta(days=3)).isoformat()  # the web assesses as of today
    place = _walk(client, {**RENAMED, "formalities_on": recently})
    page = client.get(f"{place}/result").get_data(as_text=True)
    assert "期限" in page and "更名、重组后申请调整的最后期限" in page
    assert f"{place}/calendar.ics" in page
    ics = client.get(f"{place}/calendar.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    [event] = _events(ics.data)
    assert event.decoded("dtstart") > dt.date.today()
    notice = client.get(f"{place}/notice").get_data(as_text=True)
    assert "称号保持事项告知单" in notice and "认定后的义务" in notice


def test_the_start_page_lists_the_check_for_certified_units_apart(client):
    page = client.get("/assess/").get_data(as_text=True)
    page = page[page.index("<main"):]
    applicants, certified = page.index("准备申报的园区、企业"), page.index("已认定的绿色园区、绿色工厂")
    assert applicants < page.index("绿色工厂申报自评") < certified < page.index("绿色工厂称号保持自查")
