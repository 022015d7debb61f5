"""``kind: procedure`` in ``kb/questionnaires/``: how statuses and verdicts are
worded, the steps of the procedure, what the title brings and what it obliges."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from .base import ClauseIds, KbModel
from .questionnaires import Questionnaire, StatusLabels, Text, template


class StepStatusLabels(KbModel):
    done: Text
    next: Text
    todo: Text


class VerdictText(KbModel):
    label: Text
    """The verdict in a few words."""
    text: Text
    """What it means for the applicant."""
    source: Annotated[ClauseIds, Field(min_length=1)]
    """The clauses it rests on."""
    tone: Literal["met", "not_met", "to_verify"]
    """How it is coloured: not_met (red), to_verify (amber) or met (green)."""


class ApplyVerdict(VerdictText):
    """The verdict that the applicant may apply (第九条: 经第三方评价合格)."""

    when_met: Annotated[list[str], Field(min_length=1)]
    """The readiness items (问卷中的 readiness id) that must all be met, nothing blocking and nothing
    unanswered."""


class Verdicts(KbModel):
    not_yet_eligible: VerdictText
    pending_evaluation: VerdictText
    incomplete: VerdictText
    may_apply: ApplyVerdict


class Convention(KbModel):
    """A way of counting that is not in the measures, with its own authority."""

    id: str = ""
    text: Text
    authority: Text
    """Where the convention comes from (民法典第二百零二条)."""


class Disclaimer(KbModel):
    text: Text
    source: Annotated[ClauseIds, Field(min_length=1)]


class Entry(KbModel):
    """A note, benefit or duty shown with the result."""

    id: str
    text: Text
    source: Annotated[ClauseIds, Field(min_length=1)]
    applies_to: list[str] | None = None
    """Questionnaire types it applies to (all when left out)."""


class Step(Entry):
    """A step of the procedure (or a note before it)."""

    title: Text
    who: Text
    """Who acts."""
    done_when: str | None = None
    """The readiness item whose completion completes this step."""


class Procedure(KbModel):
    """The verdict wordings, the steps of the procedure, what the title brings and what it obliges
    (``kind: procedure``)."""

    kind: Literal["procedure"]
    statuses: StatusLabels
    """How a condition's status is shown."""
    readiness_statuses: StatusLabels
    """How a readiness item's status is shown."""
    step_statuses: StepStatusLabels
    """How a step's status is shown."""
    verdicts: Verdicts
    """Each verdict's label, text and source."""
    evidence_label: Annotated[str, BeforeValidator(template({"evidence"}))]
    """Shown with a condition that an answer evidences (``evidence`` of an outcome): {evidence} is the
    document."""
    conventions: list[Convention] = []
    """Counting conventions."""
    disclaimer: Disclaimer
    """Said under every result."""
    notes: list[Step] = []
    """To know before starting."""
    steps: Annotated[list[Step], Field(min_length=1)]
    """The procedure, in order."""
    benefits: Annotated[list[Entry], Field(min_length=1)]
    """What the title brings."""
    duties: Annotated[list[Entry], Field(min_length=1)]
    """What the title obliges."""

    @field_validator("notes", "steps", "benefits", "duties")
    @classmethod
    def _unique(cls, entries: list[Entry]) -> list[Entry]:
        ids = [e.id for e in entries]
        if len(set(ids)) != len(ids):
            raise ValueError(f"ids must be unique: {ids}")
        return entries


QuestionnaireFile = Annotated[Questionnaire | Procedure, Field(discriminator="kind")]
