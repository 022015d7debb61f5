"""The questionnaire in the terminal: one question at a time, with its clause.

At any prompt: a number picks an option (or type the answer itself: 是,
no, 2023-06-01); ``b`` goes back, ``s`` skips, ``h`` shows the explanation
and help, ``r`` lists the answers so far, ``q`` stops asking. Before the
result every answer is listed and any one can be changed; questions that a
change reveals (the date after a 是) are asked then. A bad entry gets a message and the same
question again; nothing already entered is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import click

from ..assess.answers import parse_answer, validate_answers
from ..assess.cite import citation
from ..errors import BadInput
from ..knowledge.questionnaires import Question, Questionnaire

BACK, SKIP, HELP, REVIEW, QUIT = ("b", "上一题"), ("s", "跳过"), ("h", "?", "？", "帮助"), ("r", "回顾"), ("q", "结束")
COMMANDS = "输入选项编号或答案；b 上一题，s 跳过，h 帮助，r 查看已答，q 结束答题"


class Session:
    def __init__(self, kb, questionnaire: Questionnaire, today: dt.date,
                 prompt: Callable[..., str] | None = None, echo: Callable[..., None] = click.echo):
        self.kb, self.questionnaire, self.today = kb, questionnaire, today
        self.prompt = prompt or (lambda text: click.prompt(text, default="", show_default=False))
        self.echo = echo
        self.answers: dict[str, str] = {}
        self._page: str | None = None

    # -- the walk through the questions ---------------------------------------------------------

    def run(self) -> dict[str, str]:
        """Ask, review, and return the answers to the questions still shown."""
        self.echo(f"{self.questionnaire.title}（评估日期 {self.today}）")
        self.echo(COMMANDS)
        self.walk()
        self.review()
        shown = {q.id for q in self.questionnaire.visible_questions(self.answers)}
        return {qid: value for qid, value in self.answers.items() if qid in shown}

    def following(self, question_id: str | None) -> Question | None:
        """The first question shown after *question_id* (the first of all for None)."""
        order = [q.id for q in self.questionnaire.questions]
        start = -1 if question_id is None else order.index(question_id)
        return next((q for q in self.questionnaire.visible_questions(self.answers)
                     if order.index(q.id) > start), None)

    def walk(self, after: str | None = None, only: set[str] | None = None) -> None:
        """Ask the questions shown after *after* in order (only those in *only*, if given)."""
        history: list[str] = []
        current = self.following(after)
        while current is not None:
            if only is not None and current.id not in only:
                current = self.following(current.id)
                continue
            action = self.ask(current)
            if action == "quit":
                return
            if action == "back":
                if history:
                    current = self.questionnaire.question(history.pop())
                else:
                    self.echo("已经是第一题。")
                continue
            history.append(current.id)
            current = self.following(current.id)

    # -- one question ------------------------------------------------------------------------------

    def show(self, question: Question) -> None:
        if question.page != self._page:
            self._page = question.page
            page = self.questionnaire.page(question.page)
            self.echo(f"\n== {page.title} ==")
            if page.intro:
                self.echo(page.intro)
        visible = self.questionnaire.visible_questions(self.answers)
        number = next((i for i, q in enumerate(visible, 1) if q.id == question.id), "?")
        self.echo(f"\n[{number}/{len(visible)}] {question.text}")
        for clause_id in question.source:
            cited = citation(self.kb, clause_id)
            self.echo(f"  依据 {cited['label']}：{cited['quote']}")
        if question.options:
            self.echo("  " + "  ".join(f"{i}. {o.label}" for i, o in enumerate(question.options, 1)))
        if question.type == "date":
            self.echo("  日期格式 YYYY-MM-DD，如 2023-06-01")
        if question.id in self.answers:
            self.echo(f"  当前回答：{question.display(self.answers[question.id])}（直接回车保留）")

    def ask(self, question: Question, clear_on_skip: bool = False) -> str:
        """Ask until a valid answer or a command: answered | skip | back | quit."""
        self.show(question)
        while True:
            entry = self.prompt("回答").strip()
            if entry.lower() in BACK:
                return "back"
            if entry.lower() in QUIT:
                return "quit"
            if entry.lower() in SKIP:
                if clear_on_skip:
                    self.answers.pop(question.id, None)
                return "skip"
            if entry.lower() in HELP:
                self.echo(f"  说明：{question.explain}\n  帮助：{question.help}\n  {COMMANDS}")
                continue
            if entry.lower() in REVIEW:
                self.list_answers()
                continue
            if not entry:
                if question.id in self.answers:
                    return "answered"
                self.echo("  请回答（h 查看帮助，s 跳过）。")
                continue
            try:
                self.answers[question.id] = self.checked(question, entry)
            except BadInput as error:
                self.echo(f"  输入有误：{error}")
                continue
            return "answered"

    def checked(self, question: Question, entry: str) -> str:
        if entry.isdigit() and question.options and 1 <= int(entry) <= len(question.options):
            value = question.options[int(entry) - 1].value
        else:
            value = parse_answer(question, entry)
        validate_answers(self.questionnaire, {**self.answers, question.id: value}, self.today)
        return value

    # -- review before the result ------------------------------------------------------------------

    def list_answers(self) -> list[Question]:
        visible = self.questionnaire.visible_questions(self.answers)
        self.echo("\n已答情况：")
        for number, question in enumerate(visible, 1):
            value = self.answers.get(question.id)
            shown = question.display(value) if value is not None else "（未回答）"
            self.echo(f"  {number}. {question.text} —— {shown}")
        return visible

    def review(self) -> None:
        while True:
            visible = self.list_answers()
            entry = self.prompt("输入题号修改答案，直接回车查看结果").strip()
            if not entry:
                return
            if not entry.isdigit() or not 1 <= int(entry) <= len(visible):
                self.echo(f"  请输入 1 到 {len(visible)} 之间的题号，或直接回车。")
                continue
            question = visible[int(entry) - 1]
            self._page = None
            before = {q.id for q in visible}
            if self.ask(question, clear_on_skip=True) in ("answered", "skip"):
                # Ask what the change revealed (a date after 是), nothing else.
                revealed = {q.id for q in self.questionnaire.visible_questions(self.answers)} - before
                self.walk(after=question.id, only=revealed)
