"""Step: draft measures.

Needs: ``sections`` (with modes and periods), ``items``, ``furniture``, ``meta`` and the
``unit_directory`` given to :func:`extract`.
Adds: ``measures``, one draft task per action in the plan parts of the document: the sections in
plan mode, the whole text of a policy or notice, and sentences with a future cue in a press
conference's answers. A sentence is cut at ；。 and again at each clause that starts with an
action verb (推动, 加快, 实施, 建设, 完成, 力争…), so "加快A建设，开工建设B" gives two drafts. A short
sentence that opens a run of measures (推进创新协同互补互促。) is their sub-heading and goes into
their category.

Each draft gets its lead unit (a name from the unit directory, else a unit named as 牵头/负责),
its deadline (年内/年底前/全年 -> 31 December of the plan year, 10月底 -> 31 October, 2024年 ->
31 December 2024, 6月30日前 -> that day) and the first target item inside its span.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date

from .classification import SectionIndex
from .datatypes import Item, Measure, Section, WorkingDocument
from .genres import genre_profile
from .resources import (
    ACTION_VERB_RE,
    DEADLINE_RE,
    FUTURE_CUE_RE,
    GOVERNMENT_UNIT_RE,
    INLINE_ENUMERATION_RE,
    INLINE_HEADING_MAX,
    LEAD_UNIT_CUE_RES,
    LIST_MARKER_RE,
    MEASURE_MIN_CHARS,
    MEASURE_TITLE_MAX,
    NON_TASK_SECTION_RE,
    NON_TASK_SENTENCE_RE,
)
from .textspans import SpanSet, iter_lines

_SENTENCE_RE = re.compile(r"[^。；;！!？?]+[。；;！!？?]?")
_CLAUSE_RE = re.compile(r"[^，,：:]+[，,：:]?")
# Subjects, modal words and time words that may stand before the action verb of a clause:
# 我们将在年底前再推出…, 下半年将兑现…, 全年计划实施….
_LEADING_SUBJECT_RE = re.compile(
    r"^(?:我们|我区|我市|我县|我省|全区|全市|全县|全省|各级|各部门|同时|此外|并|还|也|再|继续|将|要|还将|也将|"
    r"将会|计划|拟|需要|必须|在|于|年底前|年内|今年|明年|下半年|上半年|全年|近期|下一步|"
    r"[0-9０-９]{1,2}月底前|[0-9０-９]{1,2}月前)*"
)
_TRAILING_NOTE_RE = re.compile(r"\s*[（(](?P<note>[^（）()]{2,60})[）)]")
_DIGIT_RE = re.compile(r"[0-9０-９]")
_LEAD_CUE_WORDS_RE = re.compile(r"牵头|负责|责任单位|责任部门|组织实施")
_PAST_CLAUSE_RE = re.compile(r"^.{0,8}了|^已")
_QUARTER_MONTH = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
_TRAILING_PUNCTUATION = "，,：:。；;！!？? \u3000"


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_deadline(text: str, plan_year: int | None) -> tuple[date | None, str | None]:
    """The deadline written in a measure's text, as a date where the year is known."""
    if "年" not in text and "月" not in text and "季" not in text:
        return None, None  # every deadline pattern holds one of these
    match = DEADLINE_RE.search(text)
    if match is None:
        return None, None
    written = match.group()
    if match["ymd"]:
        return _safe_date(int(match["y1"]), int(match["m1"]), int(match["d1"])), written
    if match["ym"]:
        return _month_end(int(match["y2"]), int(match["m2"])), written
    if match["y"]:
        return _safe_date(int(match["y3"]), 12, 31), written
    if plan_year is None:
        return None, written
    if match["md"]:
        return _safe_date(plan_year, int(match["m4"]), int(match["d4"])), written
    if match["mend"]:
        return _month_end(plan_year, int(match["m5"])), written
    if match["half"]:
        return (date(plan_year, 6, 30) if match["half"] == "上半年" else date(plan_year, 12, 31)), written
    if match["quarter"]:
        return _month_end(plan_year, _QUARTER_MONTH[match["q"]]), written
    return date(plan_year, 12, 31), written


def directory_pattern(unit_directory: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation of the directory's unit names, longest first, or None for an empty directory."""
    names = sorted({name for name in unit_directory if name}, key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names)) if names else None


def read_lead_unit(text: str, unit_directory: Sequence[str] | re.Pattern[str] | None) -> str | None:
    """The lead unit a measure names: the first unit of the directory it names, else one named as
    牵头/负责 (牵头单位：区发展改革委, 由市生态环境局牵头, （区工业和信息化局负责）)."""
    directory = (
        unit_directory
        if isinstance(unit_directory, re.Pattern) or unit_directory is None
        else (directory_pattern(unit_directory))
    )
    if directory is not None:
        named = directory.search(text)
        if named is not None:
            return named.group()
    if not _LEAD_CUE_WORDS_RE.search(text):
        return None
    for pattern in LEAD_UNIT_CUE_RES:
        for match in pattern.finditer(text):
            candidate = re.split(r"[、，,；;]", match.group("unit"))[0]
            if GOVERNMENT_UNIT_RE.match(candidate):
                return candidate
    return None


def _plan_year(section: Section | None, document: WorkingDocument) -> int | None:
    if section is not None and section.period is not None and section.period.isdigit():
        return int(section.period)
    known = document.meta.date or document.reference_date
    return known.year if known else None


def _is_task_section(section: Section | None, sections: SectionIndex) -> bool:
    """False inside framing sections (总体要求, 指导思想, 附则…), where sentences are not tasks."""
    while section is not None:
        if NON_TASK_SECTION_RE.search(section.title):
            return False
        section = sections.by_id.get(section.parent_id) if section.parent_id else None
    return True


def _in_plan(section: Section | None, document: WorkingDocument, sentence: str) -> bool:
    if section is not None and section.mode == "plan":
        return True
    if not genre_profile(document.meta.kind).future_sentences_are_measures:
        return False
    return "将" in sentence or FUTURE_CUE_RE.search(sentence) is not None


def _spans(pattern: re.Pattern[str], text: str, offset: int) -> Iterator[tuple[int, int, str]]:
    for match in pattern.finditer(text):
        yield offset + match.start(), offset + match.end(), match.group()


def _strip_list_marker(text: str) -> str:
    marker = LIST_MARKER_RE.match(text)
    return text[marker.end() :] if marker else text


def _first_target(items: tuple[Item, ...], starts: list[int], start: int, end: int) -> Item | None:
    index = bisect_left(starts, start)
    inside = []
    while index < len(items) and items[index].number_start < end:
        inside.append(items[index])
        index += 1
    return next((item for item in inside if item.kind == "target"), None) or next(
        (item for item in inside if item.kind in ("count", "project")), None
    )


class _MeasureBuilder:
    """Makes :class:`Measure` records for spans of the text, with their lead unit, deadline and target."""

    def __init__(self, document: WorkingDocument, sections: SectionIndex) -> None:
        self.document = document
        self.sections = sections
        self.items = tuple(sorted(document.items, key=lambda item: item.number_start))
        self.item_starts = [item.number_start for item in self.items]
        self.directory = directory_pattern(document.unit_directory)

    def build(self, start: int, end: int, title: str, sub_heading: str | None, note: str) -> Measure | None:
        text = self.document.text
        while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
            end -= 1
        while start < end and text[start] in _TRAILING_PUNCTUATION:
            start += 1
        if end - start < MEASURE_MIN_CHARS:
            return None
        measure_text = text[start:end]
        if NON_TASK_SENTENCE_RE.search(measure_text):
            return None
        section = self.sections.at(start)
        deadline, deadline_text = read_deadline(measure_text, _plan_year(section, self.document))
        category = tuple(section.path) if section else ()
        if sub_heading and sub_heading not in category:
            category += (sub_heading,)
        return Measure(
            title=(title or re.split(r"[，,：:；;。]", measure_text, maxsplit=1)[0]).rstrip(
                _TRAILING_PUNCTUATION
            )[:MEASURE_TITLE_MAX],
            text=measure_text,
            start=start,
            end=end,
            category=category,
            lead_unit=read_lead_unit(note, self.directory) or read_lead_unit(measure_text, self.directory),
            deadline=deadline,
            deadline_text=deadline_text,
            target=_first_target(self.items, self.item_starts, start, end),
            section_id=section.id if section else None,
        )


def _numbered_clause_measures(document: WorkingDocument, builder: _MeasureBuilder) -> list[Measure]:
    """In a policy package or notice, each numbered clause without sub-clauses is one measure."""
    has_children = {section.parent_id for section in document.sections if section.parent_id}
    measures: list[Measure] = []
    for section in document.sections:
        if section.kind != "enumeration" or section.id in has_children:
            continue
        if not _is_task_section(section, builder.sections):
            continue
        body_start = section.start + len(section.marker)
        measure = builder.build(body_start, section.end, section.title, None, "")
        if measure is not None:
            measures.append(measure)
    return measures


def _sentence_measures(document: WorkingDocument, builder: _MeasureBuilder) -> list[Measure]:
    """Cut the action sentences of plan parts into measures, one per action clause run."""
    text = document.text
    furniture = SpanSet([(span.start, span.end) for span in document.furniture])
    heading_starts = {section.start for section in document.sections if section.kind == "heading"}
    title_span = document.meta.title_span
    # Outside press conferences only plan sections hold drafts: skip other lines without splitting them.
    plan_parts = (
        None
        if genre_profile(document.meta.kind).future_sentences_are_measures
        else SpanSet(
            [(section.start, section.end) for section in document.sections if section.mode == "plan"]
        )
    )
    measures: list[Measure] = []
    for line_start, line_end, line in iter_lines(text):
        if furniture.contains(line_start) or line_start in heading_starts:
            continue
        if plan_parts is not None and not plan_parts.overlaps(line_start, line_end):
            continue
        if title_span is not None and line_start == title_span.start:
            continue
        sub_heading: str | None = None
        # A short sentence is a sub-heading only when a longer sentence follows it on the line
        # (推进创新协同互补互促。加强与…); until then it waits here, and becomes a measure of its
        # own when another short sentence or the end of the line comes first (加快建设产业园区。).
        pending: tuple[int, int, str, str | None] | None = None
        for sentence_start, sentence_end, sentence in _spans(_SENTENCE_RE, line, line_start):
            section = builder.sections.at(sentence_start)
            if not _in_plan(section, document, sentence) or not _is_task_section(section, builder.sections):
                continue
            body = _strip_list_marker(sentence.rstrip(_TRAILING_PUNCTUATION))
            marker = INLINE_ENUMERATION_RE.match(body)
            if marker is not None:
                body = body[marker.end() :]
            body = body.strip()
            if (
                body
                and len(body) <= INLINE_HEADING_MAX
                and not re.search(r"[，,]", body)
                and not _DIGIT_RE.search(body)
                and body[0] not in "（("
            ):
                if pending is not None:
                    _flush_pending(pending, builder, measures)
                pending = (sentence_start, sentence_end, body, sub_heading)
                continue
            if pending is not None:
                sub_heading = pending[2]
                pending = None
            note_match = _TRAILING_NOTE_RE.match(text, sentence_end)
            note = note_match.group("note") if note_match else ""
            drafts: list[tuple[int, int, str]] = []
            preamble = ""
            for clause_start, clause_end, clause in _spans(_CLAUSE_RE, sentence, sentence_start):
                stripped = _strip_list_marker(clause.lstrip())
                lead = INLINE_ENUMERATION_RE.match(stripped)
                rest = stripped[lead.end() :] if lead else stripped
                subject = _LEADING_SUBJECT_RE.match(rest)
                rest = rest[subject.end() :] if subject else rest
                starts_action = ACTION_VERB_RE.match(rest) is not None and not _PAST_CLAUSE_RE.match(rest)
                if starts_action and drafts and len(rest.rstrip(_TRAILING_PUNCTUATION)) < MEASURE_MIN_CHARS:
                    starts_action = False  # 年底前完成: a deadline for the action before, not an action
                if starts_action:
                    # The measure keeps its time words (年底前建成…) for the deadline; the title drops them.
                    title = re.split(r"[，,：:]", rest, maxsplit=1)[0]
                    drafts.append((clause_start + len(clause) - len(stripped), clause_end, title))
                elif drafts:
                    drafts[-1] = (drafts[-1][0], clause_end, drafts[-1][2])
                else:
                    preamble += clause
            if not note and preamble and _LEAD_CUE_WORDS_RE.search(preamble):
                note = preamble  # 区发展改革委牵头，年内建成…: the unit stands before the action
            for start, end, title in drafts:
                measure = builder.build(start, end, title, sub_heading, note)
                if measure is not None:
                    measures.append(measure)
        if pending is not None:
            _flush_pending(pending, builder, measures)
    return measures


def _flush_pending(
    pending: tuple[int, int, str, str | None], builder: _MeasureBuilder, measures: list[Measure]
) -> None:
    """A short sentence that turned out not to head a run: a measure when it starts with an action."""
    start, end, body, sub_heading = pending
    subject = _LEADING_SUBJECT_RE.match(body)
    rest = body[subject.end() :] if subject else body
    if ACTION_VERB_RE.match(rest) is None or _PAST_CLAUSE_RE.match(rest):
        return
    measure = builder.build(start, end, rest, sub_heading, "")
    if measure is not None:
        measures.append(measure)


def find_measures(document: WorkingDocument) -> WorkingDocument:
    """Draft measures: numbered clauses of a policy or notice, action clauses of plan parts elsewhere."""
    sections = SectionIndex(document.sections)
    builder = _MeasureBuilder(document, sections)
    measures: list[Measure] = []
    if genre_profile(document.meta.kind).numbered_clauses_are_measures:
        measures = _numbered_clause_measures(document, builder)
    if not measures:
        measures = _sentence_measures(document, builder)
    return replace(document, measures=tuple(measures))
