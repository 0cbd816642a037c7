"""Matching a revised plan to the confirmed tasks of its previous version.

Each pair (previous p, revised r) gets a similarity in [0, 1]:

    0.75 × text similarity (rapidfuzz's normalised Indel ratio of the title and text, spaces
           and punctuation dropped)
  + 0.15 × 1 if the numbering path is the same, else 0
  + 0.10 × (1 − the distance of their relative positions in the two plans)

A pair is eligible when its text similarity reaches MIN_TEXT (or MIN_TEXT_SAME_NUMBER with the
same numbering). Eligible pairs are assigned greedily, best first (ties by position), each
measure at most once: a one-to-one assignment, not a global optimum, which is enough when the
best pairs are clearly best and is exactly where the ambiguity check below steps in.

A pairing is ambiguous when a rival's text similarity comes within MARGIN of its own: another
revised measure (or previous one) that is eligible with p (or r), whose text differs from r's
(p's), and that is not held by a pairing of its own whose text is clearly closer. Rivals are
judged on text alone: that the first half of a split measure kept the number does not make it
the measure. Ambiguous pairings, their rivals
and whatever those rivals are paired with form a group the reviewer decides; nothing in a
group is called new or dropped. So a split measure (A and B → A, B) or a merge (A, B → A and
B) whose parts are alike enough is asked about; when the parts are too different from the
whole, the whole is dropped and the parts are new, which is what they are.

A matched pair is unchanged when no field differs; lead units and co-units are compared by
their normalised names (区发改委 = 区发展和改革委员会), co-units as a set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .types import AmbiguousGroup, FieldChange, MatchedPair, RevisionPlan, VersionedMeasure
from .units import normalise_unit_name

WEIGHT_TEXT: Final = 0.75
WEIGHT_NUMBER: Final = 0.15
WEIGHT_POSITION: Final = 0.10
MIN_TEXT: Final = 0.5
MIN_TEXT_SAME_NUMBER: Final = 0.35
MARGIN: Final = 0.1

_NOISE: Final = re.compile(r"[\s\W_]+")


def _content(measure: VersionedMeasure) -> str:
    body = measure.text if measure.text.strip() else measure.title
    if measure.text.strip() and not measure.text.startswith(measure.title):
        body = f"{measure.title}{measure.text}"
    return _NOISE.sub("", unicodedata.normalize("NFKC", body))


def _relative(position: int, count: int) -> float:
    return position / (count - 1) if count > 1 else 0.0


def _units(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(normalise_unit_name(name) for name in names)


def _path(numbering: tuple[int, ...]) -> str:
    return ".".join(str(number) for number in numbering)


def field_changes(previous: VersionedMeasure, revised: VersionedMeasure) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of a measure, in a fixed order, as display text.

    Title and text are compared after trimming spaces; lead units in order and co-units as a set,
    both by normalised name; the deadline as an ISO date (empty when none).
    """
    changes: list[FieldChange] = []
    if previous.title.strip() != revised.title.strip():
        changes.append(FieldChange("title", previous.title, revised.title))
    if previous.text.strip() != revised.text.strip():
        changes.append(FieldChange("text", previous.text, revised.text))
    if _units(previous.lead_units) != _units(revised.lead_units):
        changes.append(FieldChange("lead_units", "、".join(previous.lead_units), "、".join(revised.lead_units)))
    if set(_units(previous.co_units)) != set(_units(revised.co_units)):
        changes.append(FieldChange("co_units", "、".join(previous.co_units), "、".join(revised.co_units)))
    if previous.deadline != revised.deadline:
        before = previous.deadline.isoformat() if previous.deadline else ""
        after = revised.deadline.isoformat() if revised.deadline else ""
        changes.append(FieldChange("deadline", before, after))
    if previous.numbering != revised.numbering:
        changes.append(FieldChange("numbering", _path(previous.numbering), _path(revised.numbering)))
    return tuple(changes)


class _Find:
    """Union-find over node names, to gather ambiguous pairings into groups."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def match_revision(previous: Sequence[VersionedMeasure], revised: Sequence[VersionedMeasure]) -> RevisionPlan:
    """Classify the measures of a revised plan against the previous version's.

    Returns a RevisionPlan in which each revised measure is unchanged, changed, new or in an
    ambiguous group, and each previous one unchanged, changed, dropped or in an ambiguous group.
    Lists are in plan order (revised order for pairs and new, previous order for dropped).
    Raises ValueError when keys repeat within one version.
    """
    for name, measures in (("previous", previous), ("revised", revised)):
        if len({m.key for m in measures}) != len(measures):
            raise ValueError(f"{name} measures repeat a key")
    old = sorted(previous, key=lambda m: (m.position, m.key))
    new = sorted(revised, key=lambda m: (m.position, m.key))
    old_content = [_content(m) for m in old]
    new_content = [_content(m) for m in new]
    score: dict[tuple[int, int], float] = {}
    text_of: dict[tuple[int, int], float] = {}
    if old and new:
        text = cdist(old_content, new_content, scorer=fuzz.ratio, workers=1) / 100.0
    for i, p in enumerate(old):
        for j, r in enumerate(new):
            similarity = float(text[i, j])
            same_number = bool(p.numbering) and p.numbering == r.numbering
            if similarity < (MIN_TEXT_SAME_NUMBER if same_number else MIN_TEXT):
                continue
            text_of[i, j] = similarity
            distance = abs(_relative(i, len(old)) - _relative(j, len(new)))
            score[i, j] = round(
                WEIGHT_TEXT * similarity + WEIGHT_NUMBER * same_number + WEIGHT_POSITION * (1.0 - distance), 6
            )

    partner_of_old: dict[int, int] = {}
    partner_of_new: dict[int, int] = {}
    for (i, j), _ in sorted(score.items(), key=lambda item: (-item[1], item[0])):
        if i not in partner_of_old and j not in partner_of_new:
            partner_of_old[i] = j
            partner_of_new[j] = i

    row: dict[int, list[int]] = {}
    column: dict[int, list[int]] = {}
    for i, j in score:
        row.setdefault(i, []).append(j)
        column.setdefault(j, []).append(i)

    groups = _Find()
    ambiguous_nodes: set[str] = set()
    for i, j in partner_of_old.items():
        s = text_of[i, j]
        groups.union(f"p{i}", f"r{j}")
        # A rival revised measure b for p: as good within the margin, different text, not held better.
        for b in row[i]:
            other = text_of[i, b]
            if b == j or other < s - MARGIN or new_content[b] == new_content[j]:
                continue
            held = partner_of_new.get(b)
            if held is None or text_of[held, b] < other + MARGIN:
                ambiguous_nodes.update({f"p{i}", f"r{j}", f"r{b}"})
                groups.union(f"p{i}", f"r{b}")
        # And a rival previous measure a for r.
        for a in column[j]:
            other = text_of[a, j]
            if a == i or other < s - MARGIN or old_content[a] == old_content[i]:
                continue
            held = partner_of_old.get(a)
            if held is None or text_of[a, held] < other + MARGIN:
                ambiguous_nodes.update({f"p{i}", f"r{j}", f"p{a}"})
                groups.union(f"r{j}", f"p{a}")
    ambiguous_roots = {groups.find(node) for node in ambiguous_nodes}

    def in_ambiguity(node: str) -> bool:
        return node in groups.parent and groups.find(node) in ambiguous_roots

    unchanged: list[MatchedPair] = []
    changed: list[MatchedPair] = []
    for j, r in enumerate(new):
        match = partner_of_new.get(j)
        if match is None or in_ambiguity(f"r{j}"):
            continue
        pair = MatchedPair(old[match].key, r.key, score[match, j], field_changes(old[match], r))
        (changed if pair.changes else unchanged).append(pair)

    members: dict[str, tuple[list[int], list[int]]] = {}
    for i in range(len(old)):
        if in_ambiguity(f"p{i}"):
            members.setdefault(groups.find(f"p{i}"), ([], []))[0].append(i)
    for j in range(len(new)):
        if in_ambiguity(f"r{j}"):
            members.setdefault(groups.find(f"r{j}"), ([], []))[1].append(j)
    ambiguous = []
    for olds, news in members.values():
        pairs = sorted(
            ((old[i].key, new[j].key, score[i, j]) for i in olds for j in news if (i, j) in score),
            key=lambda item: (-item[2], item[0], item[1]),
        )
        ambiguous.append(
            AmbiguousGroup(tuple(old[i].key for i in olds), tuple(new[j].key for j in news), tuple(pairs))
        )
    ambiguous.sort(key=lambda group: min(m.position for m in new if m.key in group.revised_keys))

    return RevisionPlan(
        unchanged=tuple(unchanged),
        changed=tuple(changed),
        new=tuple(r.key for j, r in enumerate(new) if j not in partner_of_new and not in_ambiguity(f"r{j}")),
        dropped=tuple(p.key for i, p in enumerate(old) if i not in partner_of_old and not in_ambiguity(f"p{i}")),
        ambiguous=tuple(ambiguous),
    )
