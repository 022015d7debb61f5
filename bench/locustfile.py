"""Load mix for bench/load.py: staff searching, the help desk asking, and
enterprises running the self-assessment, against the JSON API and pages."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml
from locust import FastHttpUser, between, task

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = [c["q"] for c in yaml.safe_load((ROOT / "tests" / "search_relevance.yaml").read_text(encoding="utf-8"))]
QUESTIONS = [c["q"] for c in yaml.safe_load((ROOT / "tests" / "qa_dev.yaml").read_text(encoding="utf-8"))]
SCENARIOS = []


def _answer(value):
    """YAML reads yes/no as booleans and dates as dates; the API takes text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


for kind in ("factory", "park"):
    data = yaml.safe_load((ROOT / "tests" / "assess_scenarios" / f"{kind}.yaml").read_text(encoding="utf-8"))
    default_date = str(data.get("defaults", {}).get("date", "2025-06-01"))
    for case in data["scenarios"]:
        # A null answer is a question left unanswered: not sent at all (the API refuses "None").
        answers = {key: _answer(value) for key, value in case["answers"].items() if value is not None}
        date = str(case.get("date", default_date))
        if date <= dt.date.today().isoformat():  # boundary cases dated in the future are refused by design
            SCENARIOS.append({"type": kind, "answers": answers, "date": date})


class Visitor(FastHttpUser):
    wait_time = between(0, 0)

    @task(4)
    def search(self):
        self.client.get("/api/search", params={"q": random.choice(SEARCHES)}, name="search")

    @task(4)
    def ask(self):
        self.client.post("/api/ask", json={"question": random.choice(QUESTIONS)}, name="ask")

    @task(2)
    def assess(self):
        self.client.post("/api/assess", json=random.choice(SCENARIOS), name="assess")

    @task(1)
    def search_page(self):
        self.client.get("/search", params={"q": random.choice(SEARCHES)}, name="search page")
