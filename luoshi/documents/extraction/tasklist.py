"""Step: the plan's task list.

Needs: ``meta`` (title and date, for the plan year) and the text.
Adds: ``tasks``, one entry per numbered unit of the task part (see :mod:`numbering`) and per row
of a task-division table (see :mod:`tasktable`): headings and measures, each measure with the
units, deadline, responsible person and expected outcome its responsibility note states (see
:mod:`responsibility` and :mod:`deadlines`), and ``warnings`` for impossible deadlines.

The task part leaves out framing sections (指导思想, 基本原则, goals, 有关要求; the title ends
with the word) and support sections (保障措施, 组织实施…) unless one of their numbered units
carries a note. A measure runs from its number through its note: bracketed notes at a sentence's
end, a labelled note after a sentence's end on the same line, and note lines of its own
(牵头单位：…, 时间节点：…). Unnumbered lines after the note, and closing paragraphs
(各地各部门要…, 本方案自…), end it. A note on its own line after a run of measures that carry no
note of their own is a group note: it belongs to no measure's span and is copied to each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .datatypes import Task, WorkingDocument
from .deadlines import DeadlineReading, read_note_deadline
from .numbering import NumberedUnit, find_numbered_units
from .responsibility import NoteReading, combine, is_note, read_note, states_order_rule
from .task_resources import (
    BRACKETED_ACROSS_LINES_RE,
    BRACKETED_RE,
    CLOSING_LINE_RE,
    FRAMING_TITLE_RE,
    GENERIC_UNIT_RE,
    NOTE_LABEL_RE,
    NOTE_LINE_RE,
    ROLE_VERB_RE,
    SENTENCE_END_CHARS,
    SUPPORT_TITLE_RE,
    UNIT_ENDING_RE,
)
from .tasktable import TaskTable, find_tables

_TITLE_END_RE = re.compile(r"[。；;！!？?]|\.(?![0-9０-９])")
_TITLE_TRIM = " \t\u3000。，,：:；;、"
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_BRACKET_OPEN = "（(〔【"
_BRACKET_CLOSE = "）)〕】"
_LINE_BREAK_RE = re.compile(r"\s*\n\s*")
TITLE_MAX = 60
VERB_NOTE_LINE_MAX = 80


@dataclass(slots=True)
class _Draft:
    """A numbered unit being read: its span, its notes and where it sits."""

    unit: NumberedUnit
    title: str
    end: int
    notes: list[NoteReading] = field(default_factory=list)
    own_line_notes: list[NoteReading] = field(default_factory=list)
    own_lines: list[str] = field(default_factory=list)
    content_end: int = 0
    excluded: bool = False


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line in ``text[start:end]``, stripped of spaces."""
    lines: list[tuple[int, int]] = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        line_start, line_end = position, stop
        while line_start < line_end and text[line_start] in " \t\u3000\r":
            line_start += 1
        while line_end > line_start and text[line_end - 1] in " \t\u3000\r":
            line_end -= 1
        if line_end > line_start:
            lines.append((line_start, line_end))
        position = stop + 1
    return lines


def _title(text: str, unit: NumberedUnit) -> str:
    line = text[unit.body_start : unit.line_end]
    cut = _TITLE_END_RE.search(line)
    title = (line[: cut.start()] if cut else line).strip(_TITLE_TRIM)
    bracket = next((at for at, char in enumerate(title) if char in _BRACKET_OPEN), -1)
    if bracket > 0 and NOTE_LABEL_RE.search(title[bracket:]):
        title = title[:bracket].strip(_TITLE_TRIM)
    if not unit.heading:
        title = re.split(r"[，,]", title, maxsplit=1)[0]
    return title[:TITLE_MAX]


def _inline_notes(
    text: str, start: int, end: int, order_rule: bool, pattern: re.Pattern[str] = BRACKETED_RE
) -> list[NoteReading]:
    """Bracketed notes at a sentence's end and a labelled tail after a sentence's end in one line."""
    notes: list[NoteReading] = []
    covered_to = start
    for match in pattern.finditer(text, start, end):
        before = text[match.start() - 1] if match.start() > start else "。"
        after = text[match.end()] if match.end() < end else "。"
        if before not in SENTENCE_END_CHARS and after not in SENTENCE_END_CHARS + "（(〔【":
            continue
        content = _LINE_BREAK_RE.sub("", match.group(1))
        if is_note(content):
            reading = read_note(content, order_rule=order_rule)
            if not reading.names_units and before not in SENTENCE_END_CHARS and match.end() < end:
                continue  # 方案（2025—2027年）。: a time inside the measure's own words, not a note
            if not reading.is_empty:
                notes.append(reading)
                covered_to = match.end()
    for label in NOTE_LABEL_RE.finditer(text, covered_to, end):
        if label.start() > start and text[label.start() - 1] not in SENTENCE_END_CHARS + " \t\u3000":
            continue
        before_label = text[start : label.start()]
        if sum(before_label.count(char) for char in _BRACKET_OPEN) > sum(
            before_label.count(char) for char in _BRACKET_CLOSE
        ):
            continue  # inside a bracket that this line does not close
        reading = read_note(text[label.start() : end].rstrip("）)〕】"), order_rule=order_rule)
        if not reading.is_empty:
            notes.append(reading)
        break
    if not notes:
        notes.extend(_trailing_verb_note(text, start, end, order_rule))
    return notes


def _trailing_verb_note(text: str, start: int, end: int, order_rule: bool) -> list[NoteReading]:
    """A verb note as the last sentence of a line, after the measure's own words, without
    brackets: 建设平台。推进数据共享。区数据局牵头，区财政局配合。"""
    body_end = end
    while body_end > start and text[body_end - 1] in SENTENCE_END_CHARS + " \t\u3000":
        body_end -= 1
    cut = max(text.rfind(char, start, body_end) for char in "。；;！!？?")
    if cut < 0:
        return []  # the line is one sentence: the measure itself, never its own note
    sentence = text[cut + 1 : end]
    if not _is_verb_note_line(sentence):
        return []
    reading = read_note(_unbracket(sentence).rstrip("。.；;"), order_rule=order_rule)
    return [] if reading.is_empty else [reading]


def _read_draft(text: str, unit: NumberedUnit, order_rule: bool) -> _Draft:
    lines = _lines(text, unit.start, unit.block_end)
    first_end = lines[0][1] if lines else unit.line_end
    draft = _Draft(unit=unit, title=_title(text, unit), end=first_end, content_end=first_end)
    if unit.heading:
        draft.end = unit.line_end
        for line_start, line_end in lines[1:]:
            if NOTE_LINE_RE.match(text, line_start, line_end):
                draft.own_lines.append(_unbracket(text[line_start:line_end]))
        _read_own_lines(draft, order_rule)
        return draft
    draft.notes = _inline_notes(text, unit.body_start, first_end, order_rule)
    for line_start, line_end in lines[1:]:
        if NOTE_LINE_RE.match(text, line_start, line_end) or _is_verb_note_line(text[line_start:line_end]):
            draft.own_lines.append(_unbracket(text[line_start:line_end]))
            draft.end = line_end
            continue
        if draft.notes or draft.own_lines or CLOSING_LINE_RE.match(text, line_start, line_end):
            break
        draft.notes = _inline_notes(text, line_start, line_end, order_rule)
        draft.end = draft.content_end = line_end
    if not draft.notes and not draft.own_lines and len(lines) > 1:
        # A note that a hard-wrapped text broke over two lines.
        draft.notes = _inline_notes(text, unit.body_start, draft.content_end, order_rule, BRACKETED_ACROSS_LINES_RE)
    _read_own_lines(draft, order_rule)
    return draft


def _read_own_lines(draft: _Draft, order_rule: bool) -> None:
    """Note lines of one measure (牵头单位：X / 责任单位：Y on lines of their own) are one note."""
    if draft.own_lines:
        reading = read_note("；".join(draft.own_lines), order_rule=order_rule)
        draft.own_line_notes = [reading] if not reading.is_empty else []


def _is_verb_note_line(line: str) -> bool:
    """A short line that is only a verb note: 县发改局牵头，县财政局配合。"""
    body = _unbracket(line).rstrip("。.")
    if len(body) > VERB_NOTE_LINE_MAX or any(char in body for char in "。：:"):
        return False
    if ROLE_VERB_RE.search(body) is None or not is_note(body):
        return False
    # 加强组织领导，各部门要密切配合: a verb, but what it names are not units.
    reading = read_note(body, order_rule=False)
    units = reading.lead_units + reading.co_units
    return bool(units) and all(UNIT_ENDING_RE.search(unit) or GENERIC_UNIT_RE.match(unit) for unit in units)


def _unbracket(line: str) -> str:
    line = line.strip()
    if line and line[0] in _BRACKET_OPEN and line[-1] in "）)〕】":
        return line[1:-1]
    return line


def _framing(draft: _Draft) -> bool:
    return FRAMING_TITLE_RE.search(draft.title) is not None


def _mark_excluded(drafts: list[_Draft]) -> None:
    """Framing sections and their units leave the task part; support sections too, unless noted."""
    noted = [bool(draft.notes or draft.own_line_notes) and not draft.unit.heading for draft in drafts]
    subtree_noted = list(noted)
    for index in range(len(drafts) - 1, -1, -1):
        parent = drafts[index].unit.parent
        if parent is not None and subtree_noted[index]:
            subtree_noted[parent] = True
    for index, draft in enumerate(drafts):
        parent = draft.unit.parent
        if parent is not None and drafts[parent].excluded:
            draft.excluded = True
        elif _framing(draft):
            draft.excluded = True
        elif (
            (draft.unit.heading or parent is None)
            and SUPPORT_TITLE_RE.search(draft.title)
            and not subtree_noted[index]
        ):
            draft.excluded = True  # a support section; a measure of that name in the task part stays


def _apply_group_notes(drafts: list[_Draft]) -> None:
    """A note on its own line after measures that carry none covers the whole run."""
    runs: dict[int | None, list[_Draft]] = {}
    for draft in drafts:
        if draft.excluded or draft.unit.heading:
            continue
        run = runs.setdefault(draft.unit.parent, [])
        if not draft.notes and not draft.own_line_notes:
            run.append(draft)
            continue
        if draft.own_line_notes and not draft.notes and run:
            group = combine(draft.own_line_notes)
            for member in run:
                member.notes = [group]
            draft.notes = [group]
            draft.own_line_notes = []
            draft.end = draft.content_end
        run.clear()
    for draft in drafts:
        if draft.unit.heading and draft.own_line_notes and not draft.excluded:
            heading_note = combine(draft.own_line_notes)
            for child in drafts:
                if child.unit.parent is not None and drafts[child.unit.parent] is draft:
                    if not child.unit.heading and not child.notes and not child.own_line_notes:
                        child.notes = [heading_note]


def plan_year(document: WorkingDocument) -> int | None:
    """The year a plan's 年内/年底前 refer to: the title's year, else the document's date."""
    if document.meta.title:
        found = _YEAR_RE.search(document.meta.title)
        if found is not None:
            return int(found.group(1))
    known = document.meta.date or document.reference_date
    return known.year if known else None


def find_tasks(document: WorkingDocument) -> WorkingDocument:
    """The task list of the plan parts of the document (empty when nothing is numbered)."""
    text = document.text
    order_rule = states_order_rule(text)
    tables = find_tables(text, order_rule)
    units = _outside_tables(find_numbered_units(text), tables)
    if not units and not tables:
        return document
    year = plan_year(document)
    drafts = [_read_draft(text, unit, order_rule) for unit in units]
    _mark_excluded(drafts)
    _apply_group_notes(drafts)
    ids: dict[int, int] = {}
    tasks: list[Task] = []
    warnings: list[str] = []
    pending_tables = list(tables)
    for index, draft in enumerate(drafts):
        while pending_tables and pending_tables[0].start < draft.unit.start:
            _append_table(pending_tables.pop(0), tasks, warnings, year)
        if draft.excluded:
            continue
        ids[index] = len(tasks) + 1
        parent = draft.unit.parent
        while parent is not None and parent not in ids:
            parent = units[parent].parent
        category: list[str] = []
        ancestor = parent
        while ancestor is not None:
            category.insert(0, drafts[ancestor].title)
            ancestor = units[ancestor].parent if units[ancestor].parent in ids else None
        if draft.unit.heading:
            tasks.append(Task(ids[index], ids[parent] if parent is not None else None, True,
                              draft.unit.start, draft.end, draft.title, tuple(category)))
            continue
        note = combine(draft.notes + draft.own_line_notes) if draft.notes or draft.own_line_notes else NoteReading()
        deadline, problems = _deadline_of(draft.title, note, year, warnings)
        if (draft.notes or draft.own_line_notes) and not note.names_units:
            problems += ("note_without_unit",)
        tasks.append(
            Task(
                id=ids[index],
                parent_id=ids[parent] if parent is not None else None,
                heading=False,
                start=draft.unit.start,
                end=draft.end,
                title=draft.title,
                category=tuple(category),
                lead_units=note.lead_units,
                co_units=note.co_units,
                deadline=deadline.deadline,
                deadline_text=note.deadline_text,
                ongoing=deadline.ongoing,
                responsible_person=note.responsible_person,
                expected_outcome=note.expected_outcome,
                problems=problems,
            )
        )
    for table in pending_tables:
        _append_table(table, tasks, warnings, year)
    return replace(document, tasks=tuple(tasks), warnings=document.warnings + tuple(warnings))


def _outside_tables(units: tuple[NumberedUnit, ...], tables: tuple[TaskTable, ...]) -> tuple[NumberedUnit, ...]:
    """The numbered units that are not a table's rows, each ending where a table starts."""
    if not tables:
        return units
    kept: list[NumberedUnit] = []
    for unit in units:
        if any(table.start <= unit.start < table.end for table in tables):
            continue
        following = [table.start for table in tables if table.start > unit.start]
        kept.append(replace(unit, block_end=min([unit.block_end, *following])))
    return tuple(kept)


def _deadline_of(title: str, note: NoteReading, year: int | None, warnings: list[str]) -> tuple[
    DeadlineReading, tuple[str, ...]
]:
    deadline = read_note_deadline(note.deadline_text or "", year)
    problems: list[str] = []
    if deadline.invalid:
        problems.append("invalid_deadline")
        warnings.append(f"任务“{title}”的完成时限不是有效日期：{note.deadline_text}")
    return deadline, tuple(problems)


def _append_table(table: TaskTable, tasks: list[Task], warnings: list[str], year: int | None) -> None:
    """The table's category headings and rows as entries after ``tasks``."""
    ids: dict[int, int] = {}
    for index, entry in enumerate(table.entries):
        ids[index] = len(tasks) + 1
        parent = ids.get(entry.category) if entry.category is not None else None
        category = (table.entries[entry.category].title,) if entry.category is not None else ()
        if entry.heading:
            tasks.append(Task(ids[index], None, True, entry.start, entry.end, entry.title))
            continue
        deadline, problems = _deadline_of(entry.title, entry.note, year, warnings)
        if not entry.note.names_units:
            problems += ("note_without_unit",)
        tasks.append(
            Task(
                id=ids[index],
                parent_id=parent,
                heading=False,
                start=entry.start,
                end=entry.end,
                title=entry.title,
                category=category,
                lead_units=entry.note.lead_units,
                co_units=entry.note.co_units,
                deadline=deadline.deadline,
                deadline_text=entry.note.deadline_text,
                ongoing=deadline.ongoing,
                responsible_person=entry.note.responsible_person,
                expected_outcome=entry.note.expected_outcome,
                problems=problems,
            )
        )
