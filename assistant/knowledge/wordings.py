"""``kb/wordings.yaml``: the fixed sentences of the help desk (not covered, out of
scope, ask back…), with ``{placeholders}`` the engine fills in. ``{title}`` is
always the title of the measures as parsed from the corpus."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import ClauseIds, KbModel, Names

WORDINGS_FILE = "wordings.yaml"


class Wording(KbModel):
    """One fixed sentence."""

    text: Annotated[str, Field(min_length=1)]
    """The sentence, with the placeholders named in its field's description."""
    source: ClauseIds = []
    """The clause it rests on, when it states something of the measures (who to ask: 第五条)."""


class Verdicts(KbModel):
    """The words a yes/no answer opens with."""

    yes: str = "是的。"
    """A plain yes."""
    no: str = "不是。"
    """A plain no."""
    can: str = "可以。"
    """Yes to a question about a date from which something may be done."""
    cannot: str = "不能。"
    """No to it."""


class Wordings(KbModel):
    """The whole file."""

    where_to_ask: Wording
    """Added where the measures leave a question open: who to ask."""
    not_covered: Wording
    """The measures say nothing on the question. {title}."""
    out_of_scope: Wording
    """The question is about something else. {title}."""
    bad_date: Wording
    """A date in the question does not exist. {date}."""
    no_context: Wording
    """A follow-up (那园区呢？ 第三项是什么？) asked with no question before it: what it follows is asked back."""
    detail_not_set: Wording
    """A detail asked for (an amount, a contact) is not set. {what}: the details; {label}: the closest
    clause; {answer}: what it says."""
    not_mentioned: Wording
    """Words of the question the measures never mention. {what}, {label}, {answer} as above."""
    ask_subject: Wording
    """Asking back which subject is meant. {options}: the subjects' labels joined by ``or_word``."""
    subject_followup: Wording
    """A suggested follow-up per subject. {label}."""
    or_word: str = "还是"
    """Joins the alternatives of a question back."""
    clarify: Wording
    """Asking back which of two questions is meant. {options}: the example questions, quoted and joined
    by ``clarify_joiner``."""
    clarify_joiner: str = "，还是"
    """Joins the alternatives of ``clarify``."""
    quote_reference: Wording
    """A clause asked for by its number. {label}, {text}."""
    reference_suggestions: Names = []
    """Suggested when the clause asked for does not exist."""
    closest_clause: Wording
    """No rule applies but one clause plainly answers. {label}, {text}."""
    phrase_found: Wording
    """A phrase in quotation marks found in the text, one line per clause printing it. {phrase}, {label},
    {text}."""
    phrase_not_found: Wording
    """A phrase in quotation marks the measures do not print; opens the answer found otherwise. {phrase}."""
    basis: Wording
    """这是哪一条规定的？ {citation}, {text}."""
    article_text: Wording
    """具体有哪些情形？ {label}, {text}."""
    item_text: Wording
    """第三项是什么？ {label}, {text}."""
    no_items: Wording
    """The article has no items. {label}."""
    no_such_item: Wording
    """The article has fewer items. {label}, {number}, {count}."""
    basis_followup: str = "这是哪一条规定的？"
    """Suggested after an item or a 款 is quoted."""
    details_followup: str = "具体有哪些情形？"
    """Suggested after an article is quoted."""
    either_subject: str = "园区或企业"
    """{subject} in an answer when the question names no subject."""
    verdicts: Verdicts = Verdicts()
    """The words a yes/no answer opens with."""
    issue_date_note: str = "按印发日期加天数计算"
    """How a date counted from the issue date was computed."""
    anniversary_note: str = "按周年计算，2月29日对应非闰年的2月28日"
    """How an anniversary was computed (a rule's ``compute.note`` overrides it)."""
    assumed_year_note: str = "未写年份，按{year}年计算；{note}"
    """A date given without a year. {year}, {note}."""
