"""``kb/holidays.yaml``: official days off and 调休 working days, one entry per year from
the State Council General Office's notice (《国务院办公厅关于…年部分节假日安排的通知》).

``chinese-calendar`` stays the default; a year declared here replaces its data for that
year, or adds a year it does not ship. Staff may put a file of the same form in the data
directory (``holidays.yaml`` there) to add a newly published notice without a release: its
years win over ``kb/``'s. A malformed override is reported as a warning and the built-in
table is used, so a typo never stops the answers.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, model_validator

from ..errors import KnowledgeFileError
from ..periods import HolidayTable
from .base import EntryError, KbModel
from .clauses import KnowledgeBase
from .files import HOLIDAYS_OVERRIDE, load_yaml

log = logging.getLogger(__name__)

HOLIDAYS_FILE = "holidays.yaml"
LONGEST_BREAK = 31  # days: no notice has given a longer break; a longer range is a typing mistake


class Holiday(KbModel):
    """One item of a notice: a break and the weekend days worked in exchange."""

    name: Annotated[str, Field(min_length=1)]
    """The holiday as the notice names it (元旦, 春节, 国庆节、中秋节)."""
    start: dt.date
    """First day off (YYYY-MM-DD)."""
    end: dt.date | None = None
    """Last day off, inclusive; omitted for a single day."""
    workdays: list[dt.date] = []
    """调休: the weekend days the notice makes working days (……上班)."""

    @model_validator(mode="after")
    def _consistent(self) -> Holiday:
        last = self.end or self.start
        if last < self.start:
            raise ValueError(f"end {last} is before start {self.start}")
        if (last - self.start).days >= LONGEST_BREAK:
            raise ValueError(f"{self.start} to {last} is longer than {LONGEST_BREAK} days")
        for day in self.workdays:
            if self.start <= day <= last:
                raise ValueError(f"working day {day} falls inside the break")
            if day.weekday() < 5:
                raise ValueError(f"working day {day} is a weekday already; 调休 days are weekend days")
        return self

    def days_off(self) -> list[dt.date]:
        last = self.end or self.start
        return [self.start + dt.timedelta(days=n) for n in range((last - self.start).days + 1)]


class NoticeYear(KbModel):
    """One year's schedule, as its notice publishes it."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    """The year the notice is for."""
    source: Annotated[str, Field(min_length=1)]
    """The notice: its title and number, 《国务院办公厅关于2026年部分节假日安排的通知》（国办发明电〔2025〕7号）."""
    checked: bool = True
    """false while the title or number in `source` has not been checked against the published notice."""
    holidays: Annotated[list[Holiday], Field(min_length=1)]
    """Every item of the notice; days not listed follow the weekend rule."""

    def split(self) -> tuple[list[dt.date], list[dt.date]]:
        """(days off, working days)."""
        return ([d for h in self.holidays for d in h.days_off()], [d for h in self.holidays for d in h.workdays])


class HolidaysFile(KbModel):
    """The whole file."""

    years: list[NoticeYear] = []
    """One entry per notice; a year may be declared once per file."""

    @model_validator(mode="after")
    def _once_each(self) -> HolidaysFile:
        seen: set[int] = set()
        for index, entry in enumerate(self.years):
            if entry.year in seen:
                raise EntryError(("years", index, "year"), f"{entry.year} is declared twice")
            seen.add(entry.year)
            _check_days(entry, ("years", index))
        return self


def _check_days(entry: NoticeYear, at: tuple) -> None:
    """Every day lies in the notice's year and is listed once."""
    # A notice's 元旦 may begin in the last days of the year before; nothing else lies outside its year.
    first, last = dt.date(entry.year - 1, 12, 1), dt.date(entry.year, 12, 31)
    seen: dict[dt.date, str] = {}
    for index, holiday in enumerate(entry.holidays):
        for day in [*holiday.days_off(), *holiday.workdays]:
            if not first <= day <= last:
                raise EntryError((*at, "holidays", index, "start"), f"{day} is outside {entry.year}")
            if day in seen:
                raise EntryError((*at, "holidays", index, "name"), f"{day} is listed by {seen[day]} already")
            seen[day] = holiday.name


def table_of(*files: HolidaysFile) -> HolidayTable:
    """One table from *files*, the later winning for a year both declare, over chinese-calendar."""
    years = {entry.year: entry.split() for file in files for entry in file.years}
    return HolidayTable.declared(years)


def read_override(path: Path) -> HolidaysFile:
    """The data directory's file; :class:`KnowledgeFileError` (file, line, reason) if it is malformed."""
    loaded = load_yaml(path)
    if loaded.data is None:
        return HolidaysFile()  # an empty file declares nothing
    try:
        # The same model as kb/holidays.yaml; checks across entries raise EntryError, which pydantic passes on.
        return HolidaysFile.model_validate(loaded.data)
    except ValidationError as error:
        first = max(error.errors(), key=lambda e: len(e["loc"]))
        where = ".".join(str(part) for part in first["loc"])
        raise KnowledgeFileError(str(path), loaded.line_at(tuple(first["loc"])),
                                 f"{where}: {first['msg'].removeprefix('Value error, ')}") from error
    except EntryError as error:
        raise KnowledgeFileError(str(path), loaded.line_at(error.location), str(error)) from error


def load_table(kb: KnowledgeBase, data_dir: Path) -> tuple[HolidayTable, list[str]]:
    """The table the answers use and any warning: ``kb/holidays.yaml`` (validated when the knowledge
    base was built), then the data directory's override unless it is malformed."""
    files = [HolidaysFile.model_validate(kb.curated[HOLIDAYS_FILE])] if kb.curated.get(HOLIDAYS_FILE) else []
    path = data_dir / HOLIDAYS_OVERRIDE
    if not path.is_file():
        return table_of(*files), []
    try:
        files.append(read_override(path))
    except KnowledgeFileError as error:
        log.warning("ignoring the holiday override: %s", error)
        where = f"第{error.line}行：" if error.line else ""
        return table_of(*files), [f"数据目录中的 {HOLIDAYS_OVERRIDE} 有误（{where}{error.reason}），"
                                  "已改用内置节假日表；请改正后保存，服务会自动重新读取"]
    return table_of(*files), []
