"""Frozen value types shared by every step of the extraction pipeline.

Every offset in these types indexes the decoded text (the text "as read", after decoding only).
The source text is never rewritten: steps record spans and normalise copies of snippets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

ItemKind = Literal["target", "actual", "count", "project"]
Comparator = Literal["eq", "about", "gte", "lte"]
SectionKind = Literal["heading", "enumeration", "qa"]
SectionMode = Literal["review", "plan"]
DocumentKind = Literal["work_report", "press_conference", "policy", "notice"]
SourceKind = Literal["text", "html", "docx", "pdf"]
UnitClass = Literal["count", "measure", "money", "rate"]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A file decoded to text. ``text`` is what every later offset indexes."""

    text: str
    encoding: str
    kind: SourceKind
    filename: str
    title_hint: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of the text; ``text`` is exactly ``source[start:end]``."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """An official who speaks, e.g. 市发改委党组书记、主任戴永康."""

    unit: str | None
    post: str | None
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Section:
    """A heading, a numbered enumeration or a numbered question-and-answer block.

    ``level`` is 1 for the outermost sections; ``path`` holds the titles from the outermost
    section down to this one. ``mode`` says whether the section reviews the past or plans the
    future (inherited from ancestors when the section's own title does not say), ``period``
    is the year its figures belong to where that is known.
    """

    id: str
    parent_id: str | None
    level: int
    kind: SectionKind
    marker: str
    title: str
    start: int
    end: int
    path: tuple[str, ...]
    question: str | None = None
    speaker: Speaker | None = None
    rank: int = 0
    mode: SectionMode | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the document is: title, issuing body, date, genre and the officials who speak."""

    title: str | None = None
    issuer: str | None = None
    date: date | None = None
    kind: DocumentKind = "policy"
    speakers: tuple[Speaker, ...] = ()
    title_span: Span | None = None


@dataclass(frozen=True, slots=True)
class NumberToken:
    """A number as written: Arabic (half or full width), Chinese numerals, or both (1.8万).

    ``value`` already includes a multiplier written with the digits (1.8万 -> 18000).
    """

    start: int
    end: int
    value: float
    text: str
    chinese: bool
    percent_word: bool = False
    multiplier: float = 1.0


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and comparator: 超2217万标准箱 -> 22170000, 标准箱, gte.

    ``start``/``end`` cover the number, unit and comparator suffix; ``number_start`` and
    ``number_end`` the number alone; ``unit_end`` where the unit (or its suffix) stops.
    """

    start: int
    end: int
    number_start: int
    number_end: int
    unit_end: int
    value: float
    unit: str
    comparator: Comparator
    unit_class: UnitClass


@dataclass(frozen=True, slots=True)
class Item:
    """One quantitative statement: a target, an actual figure, a count of measures or a batch of projects."""

    kind: ItemKind
    value: float
    unit: str
    comparator: Comparator
    period: str | None
    indicator: str
    start: int
    end: int
    quote: str
    number_start: int
    number_end: int
    parts: dict[str, float] | None = None
    investment: float | None = None
    section_id: str | None = None
    consistent: bool | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """A draft task read from an action sentence of a plan."""

    title: str
    text: str
    start: int
    end: int
    category: tuple[str, ...]
    lead_unit: str | None
    deadline: date | None
    deadline_text: str | None
    target: Item | None
    section_id: str | None


@dataclass(frozen=True, slots=True)
class Task:
    """One entry of a plan's task list: a heading, or a measure with its responsibility note.

    ``id`` counts entries from 1 in document order; ``parent_id`` is the nearest enclosing
    heading's id. ``start``/``end`` run from the number through the end of the note (a heading:
    its line). ``category`` is the heading path. ``problems`` names what a reviewer must look at
    (``invalid_deadline``: the note names a date that does not exist; ``note_without_unit``).
    """

    id: int
    parent_id: int | None
    heading: bool
    start: int
    end: int
    title: str
    category: tuple[str, ...] = ()
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline: date | None = None
    deadline_text: str | None = None
    ongoing: bool = False
    responsible_person: str | None = None
    expected_outcome: str | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """The result of :func:`luoshi.documents.extraction.extract`."""

    text: str
    meta: DocumentMeta
    furniture: tuple[Span, ...]
    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    measures: tuple[Measure, ...]
    warnings: tuple[str, ...]
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkingDocument:
    """The state passed from step to step. Each step returns a copy with its additions."""

    text: str
    unit_directory: tuple[str, ...] = ()
    reference_date: date | None = None
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    furniture: tuple[Span, ...] = ()
    sections: tuple[Section, ...] = ()
    numbers: tuple[NumberToken, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    items: tuple[Item, ...] = ()
    measures: tuple[Measure, ...] = ()
    tasks: tuple[Task, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_extraction(self) -> Extraction:
        return Extraction(
            text=self.text,
            meta=self.meta,
            furniture=self.furniture,
            sections=self.sections,
            items=self.items,
            measures=self.measures,
            warnings=self.warnings,
            tasks=self.tasks,
        )
