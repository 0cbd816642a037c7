"""Reading responsibility notes: who leads, who helps, by when, who answers for it, what it yields.

Not a step of its own: :mod:`tasklist` finds the notes of each measure and calls
:func:`read_note`. A note is either labelled (牵头单位：X；配合单位：Y；完成时限：…) or written
with verbs (X牵头，Y、Z配合 / X、Y按职责分工负责，Z配合 / X负责 / X会同Y负责).

Roles: 牵头单位 and 牵头/按职责分工负责 lead; 配合单位/协办单位 and 配合/协助/参与 help;
责任单位 helps when the same note names a lead, otherwise every unit named leads. Under a
document's order rule ("排序第一的为牵头单位") a plain list (责任单位：A、B / A、B负责) gives
the first unit the lead and the rest the help. A blanket sentence (以下均由X负责落实，不再列出)
and the units it repeats are assigned to no task.

Unit lists split at 、，,；; outside brackets and at 和 before 各…; a place list that shares one
organ ending (各市（州）、各县（市、区）人民政府) stays one unit; trailing 等/等有关部门 is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .deadlines import states_deadline
from .task_resources import (
    BLANKET_RE,
    CO_LABELS,
    DEADLINE_LABELS,
    GENERIC_UNIT_RE,
    HEAD_VERBS,
    LEAD_LABELS,
    NOTE_LABEL_RE,
    ORDER_RULE_RE,
    OUTCOME_LABELS,
    PERSON_LABELS,
    PLACE_ONLY_RE,
    PLAIN_LEAD_VERBS,
    RESPONSIBLE_LABELS,
    ROLE_VERB_RE,
    SHARED_VERBS,
    TOGETHER_RE,
    TRAILING_ETC_RE,
    UNIT_ENDING_RE,
    UNIT_LEAD_MARK_RE,
    VERB_THEN_LIST_RE,
)

_OPEN = "（(〔【["
_CLOSE = "）)〕】]"
_LIST_SEPARATORS = "、，,；;"
_STRIP = " \t\u3000\n，,。；;：:、"
_AND_EACH_RE = re.compile(r"和(?=各)|以及(?=各)|及(?=各)")
_SENTENCE_SPLIT_RE = re.compile(r"[。；;]")
_UNIT_MAX = 40


@dataclass(frozen=True, slots=True)
class NoteReading:
    """What one note says. Units keep the note's own spelling."""

    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline_text: str | None = None
    responsible_person: str | None = None
    expected_outcome: str | None = None

    @property
    def names_units(self) -> bool:
        return bool(self.lead_units or self.co_units)

    @property
    def is_empty(self) -> bool:
        return not (self.names_units or self.deadline_text or self.responsible_person or self.expected_outcome)


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """``text`` cut at each separator that stands outside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def _clean_unit(name: str) -> str:
    name = name.strip(_STRIP)
    if name.startswith("由"):
        name = name[1:]
    trimmed = TRAILING_ETC_RE.sub("", name)
    if trimmed != name and len(trimmed) >= 2 and not GENERIC_UNIT_RE.match(name):
        name = trimmed
    return name.strip(_STRIP)


def split_units(text: str) -> list[str]:
    """The units a list names, in order (see the module docstring for the splitting rules)."""
    pieces = split_outside_brackets(_AND_EACH_RE.sub("、", text), _LIST_SEPARATORS)
    units: list[str] = []
    carried = ""
    raw = [piece.strip(_STRIP) for piece in pieces]
    for index, piece in enumerate(raw):
        if not piece:
            continue
        following = next((later for later in raw[index + 1 :] if later), "")
        if PLACE_ONLY_RE.match(piece) and following and UNIT_ENDING_RE.search(following) and not UNIT_ENDING_RE.search(piece):
            carried += piece + "、"  # 各市（州）、各县（市、区）人民政府: one unit with a shared ending
            continue
        unit = _clean_unit(carried + piece)
        carried = ""
        if unit and len(unit) <= _UNIT_MAX and unit not in units:
            units.append(unit)
    if carried:
        unit = _clean_unit(carried)
        if unit:
            units.append(unit)
    return units


def _ordered(units: list[str], order_rule: bool) -> tuple[list[str], list[str]]:
    """A plain list: all lead, or under the order rule the first leads and the rest help."""
    if order_rule and len(units) > 1:
        return units[:1], units[1:]
    return units, []


def _merge(lead: list[str], co: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    leads = tuple(dict.fromkeys(lead))
    return leads, tuple(unit for unit in dict.fromkeys(co) if unit not in leads)


def _labelled(content: str, order_rule: bool) -> NoteReading:
    lead: list[str] = []
    co: list[str] = []
    responsible: list[str] = []
    deadline: list[str] = []
    person: str | None = None
    outcome: str | None = None
    matches = list(NOTE_LABEL_RE.finditer(content))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(content)
        value = content[match.end() : end].strip(_STRIP)
        label = match["label"] or match["boxed"]
        if label in LEAD_LABELS:
            lead += split_units(value)
        elif label in CO_LABELS:
            co += split_units(value)
        elif label in RESPONSIBLE_LABELS:
            for unit in split_units(value):
                if UNIT_LEAD_MARK_RE.search(unit):
                    lead.append(UNIT_LEAD_MARK_RE.sub("", unit).strip())
                else:
                    responsible.append(unit)
        elif label in DEADLINE_LABELS:
            deadline.append(value)
        elif label in PERSON_LABELS:
            person = value or None
        elif label in OUTCOME_LABELS:
            outcome = value or None
    if lead:
        co += responsible
    else:
        first, rest = _ordered(responsible, order_rule)
        lead, co = first, co + rest
    leads, cos = _merge(lead, co)
    return NoteReading(leads, cos, "；".join(part for part in deadline if part) or None, person, outcome)


def _verb_sentence(sentence: str) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """(牵头 units, 按职责分工负责 units, plain 负责 units, co units, time phrases) of one sentence."""
    head: list[str] = []
    shared: list[str] = []
    plain: list[str] = []
    co: list[str] = []
    times: list[str] = []
    pending: list[str] = []
    for clause in split_outside_brackets(VERB_THEN_LIST_RE.sub("，", sentence), "，,"):
        clause = clause.strip(_STRIP)
        if not clause:
            continue
        verb = ROLE_VERB_RE.search(clause)
        if verb is None:
            if states_deadline(clause) and not UNIT_ENDING_RE.search(clause):
                times.append(clause)
                pending = []
            else:
                pending.append(clause)
            continue
        named = clause[: verb.start()]
        together = TOGETHER_RE.search(named)
        helpers: list[str] = []
        if together is not None:
            named, helpers = named[: together.start()], split_units(named[together.end() :])
        units = [unit for part in pending for unit in split_units(part)] + split_units(named)
        pending = []
        word = verb["verb"]
        co += helpers
        if word in HEAD_VERBS or (helpers and word in PLAIN_LEAD_VERBS):
            head += units
        elif word in SHARED_VERBS:
            shared += units
        elif word in PLAIN_LEAD_VERBS:
            plain += units
        else:
            co += units
    return head, shared, plain, co, times


def _verbal(content: str, order_rule: bool) -> NoteReading:
    sentences = [part for part in _SENTENCE_SPLIT_RE.split(content) if part.strip(_STRIP)]
    blanket_units: set[str] = set()
    kept: list[str] = []
    for sentence in sentences:
        if BLANKET_RE.search(sentence) and not ORDER_RULE_RE.search(sentence):
            for clause in split_outside_brackets(sentence, "，,"):
                verb = ROLE_VERB_RE.search(clause.strip(_STRIP).removesuffix("不再列出"))
                if verb is not None:
                    blanket_units.update(split_units(re.sub(r"^.*?(?:以下均由|均由)", "", clause[: verb.start()])))
            continue
        kept.append(ORDER_RULE_RE.sub("", sentence).replace("下同", ""))
    head: list[str] = []
    shared: list[str] = []
    plain: list[str] = []
    co: list[str] = []
    times: list[str] = []
    for sentence in kept:
        parts = _verb_sentence(sentence)
        if blanket_units and set(parts[0] + parts[1] + parts[2] + parts[3]) <= blanket_units:
            continue  # the blanket clause's own units, said once more before it
        head += parts[0]
        shared += parts[1]
        plain += parts[2]
        co += parts[3]
        times += parts[4]
    if head:
        lead, co = head, co + shared + plain
    elif shared:
        lead, co = shared, co + plain
    else:
        lead, rest = _ordered(plain, order_rule and not co)
        co = co + rest
    leads, cos = _merge(lead, co)
    return NoteReading(leads, cos, "，".join(times) or None)


def _read_part(content: str, order_rule: bool) -> NoteReading:
    label = NOTE_LABEL_RE.search(content)
    if label is None:
        return _verbal(content, order_rule)
    labelled = _labelled(content[label.start() :], order_rule)
    before = content[: label.start()].strip(_STRIP)
    return combine([_verbal(before, order_rule), labelled]) if before else labelled


def read_note(content: str, *, order_rule: bool = False) -> NoteReading:
    """What a note's text says; ``content`` is the note without its brackets.

    Sentences (cut at 。) are read one by one, so a labelled note followed by a verb sentence
    (牵头单位：X。Y负责落实) reads both.
    """
    parts = [part for part in content.split("。") if part.strip(_STRIP)]
    if not parts:
        return NoteReading()
    return combine([_read_part(part, order_rule) for part in parts])


def combine(readings: list[NoteReading]) -> NoteReading:
    """Two notes of one measure: the leads of both, the help of both minus any unit that leads."""
    readings = [reading for reading in readings if not reading.is_empty] or readings[:1]
    if len(readings) == 1:
        return readings[0]
    lead = [unit for reading in readings for unit in reading.lead_units]
    co = [unit for reading in readings for unit in reading.co_units]
    leads, cos = _merge(lead, co)
    return NoteReading(
        leads,
        cos,
        next((reading.deadline_text for reading in readings if reading.deadline_text), None),
        next((reading.responsible_person for reading in readings if reading.responsible_person), None),
        next((reading.expected_outcome for reading in readings if reading.expected_outcome), None),
    )


def is_note(content: str) -> bool:
    """Whether a bracketed stretch is a responsibility note rather than an aside (含个体工商户)."""
    if NOTE_LABEL_RE.search(content):
        return True
    reading = _verbal(content, False)
    if reading.names_units:
        return any(UNIT_ENDING_RE.search(unit) or GENERIC_UNIT_RE.match(unit) for unit in reading.lead_units + reading.co_units)
    return bool(reading.deadline_text) and len(content) <= 24


def states_order_rule(text: str) -> bool:
    """Whether a document says that the first unit named leads."""
    return ORDER_RULE_RE.search(text) is not None
