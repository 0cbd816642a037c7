"""The plain values the matching works on: frozen dataclasses, no Django, no database.

The caller (the review page, the ingest of a revised plan) turns drafts and tasks into these
values, calls `suggest_parents` or `match_revision`, and turns the answer back into pages and
writes. Keys are the caller's ids, passed through untouched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

ReasonKind = Literal["code", "reference", "numbering", "phrases", "lead_unit"]
"""Why a candidate was suggested, strongest first: the parent's code written in the text, an
explicit reference (对应…第3条), the same numbering path, shared key phrases, the same lead unit."""


@dataclass(frozen=True)
class DraftText:
    """A lower-level measure awaiting a parent.

    `numbering` is its path in its own plan, outermost first ((2, 3) for 二、…（三）);
    `lead_units` the names as written (区发改委、区商务局).
    """

    title: str
    text: str = ""
    numbering: tuple[int, ...] = ()
    lead_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateTask:
    """A higher-level task that may be refined by the drafts.

    `ordinal` is its running number in its plan (第3条 of a list of 124), `numbering` its path in
    the plan's structure, `plan_title` the plan's name, so that a reference such as
    “对应国家政策措施第3条” can be checked against it.
    """

    id: int
    title: str
    text: str = ""
    code: str = ""
    ordinal: int | None = None
    numbering: tuple[int, ...] = ()
    plan_title: str = ""
    lead_unit: str = ""
    co_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """One piece of evidence for a suggestion.

    `template` is one of the message templates in messages.py and `params` its values, so a page
    can translate the template and fill it in; `detail` is the Chinese text, filled in
    (文中注明“对应国家政策措施第3条”, 共有关键词：跨境电商、保税维修, 牵头单位相同：市商务局).
    """

    kind: ReasonKind
    template: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def detail(self) -> str:
        """The reason as shown to a reviewer reading Chinese."""
        return self.template.format(**dict(self.params))


@dataclass(frozen=True)
class Suggestion:
    """A suggested parent: the candidate's id, the combined score (higher is better) and why."""

    candidate_id: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class VersionedMeasure:
    """A measure of one version of a plan: a confirmed task of the previous version, or a draft of
    the revised one. `position` is its order in the plan (0, 1, 2, …)."""

    key: int
    position: int
    title: str
    text: str = ""
    numbering: tuple[int, ...] = ()
    lead_units: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    deadline: datetime.date | None = None


MeasureField = Literal["title", "text", "lead_units", "co_units", "deadline", "numbering"]


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between the previous and the revised measure, as display text."""

    field: MeasureField
    before: str
    after: str


@dataclass(frozen=True)
class MatchedPair:
    """A previous measure and its revised counterpart; `changes` is empty when nothing changed."""

    previous_key: int
    revised_key: int
    similarity: float
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class AmbiguousGroup:
    """Measures the matching will not pair by itself: two or more pairings score within the margin
    (a split or merged measure, two near-identical rewordings). The reviewer decides.

    `scores` holds every pairing considered, as (previous key, revised key, similarity), best first.
    """

    previous_keys: tuple[int, ...]
    revised_keys: tuple[int, ...]
    scores: tuple[tuple[int, int, float], ...]


@dataclass(frozen=True)
class RevisionPlan:
    """What re-ingesting a revised plan should do.

    Every revised measure is in exactly one of `unchanged`, `changed`, `new` or an ambiguous
    group; every previous one in exactly one of `unchanged`, `changed`, `dropped` or an ambiguous
    group. So no measure is ever both added and removed.
    """

    unchanged: tuple[MatchedPair, ...] = ()
    changed: tuple[MatchedPair, ...] = ()
    new: tuple[int, ...] = ()
    dropped: tuple[int, ...] = ()
    ambiguous: tuple[AmbiguousGroup, ...] = field(default=())
