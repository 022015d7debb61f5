"""Command line: ``questions`` and ``assess`` (registered on the main group)."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import Settings
from ..errors import BadInput
from .common import edge, emit_json, load_knowledge, pass_settings, snapshot

NOTICE_FORMATS = ("md", "pdf", "docx")
type_option = click.option("--type", "kind", required=True,
                           help="问卷类型：kb/questionnaires/ 中问卷的 type，如 factory（绿色工厂）、park（绿色园区）、"
                                "maintenance（称号保持自查）")


@click.command()
@type_option
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@pass_settings
@edge
def questions(settings: Settings, kind: str, as_json: bool) -> None:
    """列出自评问卷的问题（每题注明依据条款）。"""
    from ..assess import question_to_dict
    from ..assess.cite import citation
    from ..knowledge.curated import questionnaire as find_questionnaire

    kb = load_knowledge(settings)
    questionnaire = find_questionnaire(kb, kind)
    if as_json:
        emit_json([question_to_dict(kb, questionnaire, q) for q in questionnaire.questions])
        return
    click.echo(questionnaire.title)
    for page in questionnaire.pages:
        click.echo(f"\n== {page.title} ==")
        for question in page.questions:
            labels = "、".join(citation(kb, c)["label"] for c in question.source)
            labels_ = ["日期（YYYY-MM-DD）"] * (question.type == "date") + [o.label for o in question.options]
            options = " / ".join(labels_)
            condition = "（视前面的回答而定）" if question.show_if else ""
            click.echo(f"- [{question.id}] {question.text}{condition}\n    {options}；依据 {labels}")


@click.command("assess")
@type_option
@click.option("--answers", "answers_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="答案文件（JSON：{\"问题id\": 回答}）；不给则在终端逐题回答")
@click.option("--date", "date_text", default=None, help="评估日期 YYYY-MM-DD（默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 结果")
@click.option("--markdown", "as_markdown", is_flag=True, help="输出 Markdown 报告")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把 PDF 报告写入此文件")
@click.option("--notice", "notice_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把一次性告知单写入此文件（按后缀：.md、.pdf、.docx）")
@click.option("--name", "enterprise_name", default=None, help="申报单位名称（选填，显示在报告和告知单上）")
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把结果中尚未到期的期限写入日历文件（.ics）")
@pass_settings
@edge
def assess_command(settings: Settings, kind: str, answers_path: Path | None, date_text: str | None,
                   as_json: bool, as_markdown: bool, pdf_path: Path | None, notice_path: Path | None = None,
                   ics_path: Path | None = None, enterprise_name: str | None = None) -> None:
    """申报自评：问卷所依据的条款（如第六条园区、第七条工厂）的每一项是否满足、还差什么、下一步做什么。"""
    from ..assess import assess, assessment_date, render_markdown
    from ..assess.answers import read_answers_file
    from ..assess.report import clean_enterprise_name, with_context
    from ..knowledge.curated import questionnaire

    if as_json and as_markdown:
        raise BadInput("--json 和 --markdown 只能选一个", field="format")
    notice_format = notice_path.suffix.lower().lstrip(".") if notice_path is not None else None
    if notice_format is not None and notice_format not in NOTICE_FORMATS:
        raise BadInput(f"--notice 文件的后缀须是 {'、'.join('.' + f for f in NOTICE_FORMATS)}", field="notice")
    today = assessment_date(date_text)
    name = clean_enterprise_name(enterprise_name)
    current = snapshot(settings)
    kb = current.kb
    chosen = questionnaire(kb, kind)
    if answers_path is None:
        from .wizard import Session

        answers = Session(kb, chosen, today).run()
    else:
        answers = read_answers_file(answers_path)
    result = with_context(assess(kb, kind, answers, today, current.holidays).to_dict(), kb, name)
    if pdf_path is not None:
        from ..assess.pdf import knowledge_text, render_pdf

        try:
            pdf_path.write_bytes(render_pdf(result, settings.data_dir / "cache" / "fonts", knowledge_text(kb)))
        except OSError as error:
            raise BadInput(f"写不了 PDF 文件 {pdf_path}：{error.strerror}", field="pdf") from error
    if notice_path is not None:
        from ..assess.notice_docs import render_notice
        from ..assess.pdf import knowledge_text

        content = render_notice(result, notice_format, settings.data_dir / "cache" / "fonts", knowledge_text(kb))
        try:
            notice_path.write_bytes(content)
        except OSError as error:
            raise BadInput(f"写不了告知单文件 {notice_path}：{error.strerror}", field="notice") from error
    if ics_path is not None:
        from ..assess.ics import render_ics, upcoming

        try:
            ics_path.write_bytes(render_ics(result))
        except OSError as error:
            raise BadInput(f"写不了日历文件 {ics_path}：{error.strerror}", field="ics") from error
    files = (pdf_path, notice_path, ics_path)
    if as_json:
        emit_json(result)
    elif as_markdown or all(f is None for f in files) or answers_path is None:
        click.echo(render_markdown(result))
    if pdf_path is not None:
        click.echo(f"PDF 报告已写入：{pdf_path}", err=as_json or as_markdown)
    if notice_path is not None:
        click.echo(f"一次性告知单已写入：{notice_path}", err=as_json or as_markdown)
    if ics_path is not None:
        count = len(upcoming(result))
        click.echo(f"日历文件已写入：{ics_path}（{count} 个期限）", err=as_json or as_markdown)
