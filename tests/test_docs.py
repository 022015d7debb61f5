"""The README documents what the program offers."""

from __future__ import annotations

import re

import pytest

from assistant.config import PROJECT_ROOT, SETTINGS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_readme_lists_every_setting(name):
    variable = SETTINGS[name][0]
    assert f"`{variable}`" in README


def test_readme_has_exactly_two_setup_commands():
    commands = re.findall(r"^python3 dev\.py (\w+)", README, re.M)
    assert sorted(set(commands)) == ["start", "test"]


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py test" in ci
