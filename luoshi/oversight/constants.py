"""Thresholds of evaluation, weights of assessment and reminder offsets: the one place they are set.

Each group has documented defaults (docs/mechanisms.md, docs/assessment.md) that a deployment
overrides through settings.LUOSHI["EVALUATION"], ["ASSESSMENT_WEIGHTS"] and ["REMINDERS"],
read at call time. The rules themselves (oversight.rules) take these values as arguments
and never read settings, so they stay pure and testable with tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Thresholds:
    """When a task is green, yellow or red. Percentages are points of progress."""

    # Progress behind the time-elapsed expectation ("time half gone, work half done").
    yellow_gap: int = 15
    red_gap: int = 30
    # Deadline near (working days) while progress is still below this percent: yellow.
    due_soon_workdays: int = 10
    due_soon_min_progress: int = 80
    # Milestones past their date and not reached.
    yellow_overdue_milestones: int = 1
    red_overdue_milestones: int = 2
    # Reports missing among the last `missing_report_lookback` periods that were due.
    yellow_missing_reports: int = 1
    red_missing_reports: int = 2
    missing_report_lookback: int = 3


@dataclass(frozen=True)
class ScorePart:
    """One part of a unit's assessment score: its key (a field of UnitScore), its name, its
    weight in percent of the total and how it is measured, in words for people. The page, the
    API and docs/assessment.md all show SCORE_PARTS; the computation reads its weights."""

    key: str
    label: Promise
    weight: float
    how: Promise


# The formula of the assessment: the one definition of its parts and weights (percent, summing
# to 100 together with the contributed parts below; a deployment may change the weights in
# settings.LUOSHI["ASSESSMENT_WEIGHTS"]).
SCORE_PARTS: tuple[ScorePart, ...] = (
    ScorePart("on_time", _("按时报送"), 25,
              _("本期到期的进展报告中,在报送截止日(期末后若干个工作日)当天或之前首次报送的比例。")),
    ScorePart("completion", _("进度符合时序"), 30,
              _("牵头任务已采纳的实际进度与按时序应完成进度之比(最高为1)的平均值,“时间过半、任务过半”。")),
    ScorePart("grade", _("报告质量"), 15,
              _("本期审核的进展报告:采纳的按评价等级1—5级折算为0—1(未评级按3级),退回的为0。")),
    ScorePart("responsiveness", _("督办按时回复"), 10,
              _("回复时限在本期的督办单:按时回复得1,宽限期内回复得0.5,逾期未回复得0。")),
    ScorePart("overdue", _("逾期任务"), 10,
              _("完成时限已到的牵头任务:按期完成得1;本期内超过完成时限仍未完成(含逾期后才完成)的为逾期任务,得0。")),
)


# --- parts contributed by other apps ----------------------------------------------------------
#
# Some parts measure work that lives in an app below oversight in the import order: the
# handling of deputies' suggestions and CPPCC proposals (luoshi.proposals) imports oversight
# (reminders, notices, the task evaluation of its B commitments), so oversight cannot import it
# back at load time without a cycle, and should not know its models. Such an app contributes
# its part here from its AppConfig.ready(): the ScorePart (key, words, default weight) and a
# record builder that returns, per unit, the records that earned or lost points. The
# assessment then treats the part like its own four: same weights check, same renormalisation,
# same trace. A part stays self-contained (one ScorePart, one builder), so parts added by
# different apps do not touch each other.

# (period, business date) -> {unit_id: [TracedRecord, ...]} for that part.
RecordBuilder = Callable[[Any, date], Mapping[int, Sequence[Any]]]


@dataclass(frozen=True)
class ContributedPart:
    part: ScorePart
    records: RecordBuilder


_CONTRIBUTED: dict[str, ContributedPart] = {}


def contribute_score_part(part: ScorePart, records: RecordBuilder) -> None:
    """Add a part to the formula (called from an app's ready(); calling again replaces it)."""
    if any(p.key == part.key for p in SCORE_PARTS):
        raise ImproperlyConfigured(f"The assessment part {part.key!r} is already defined by oversight.")
    _CONTRIBUTED[part.key] = ContributedPart(part, records)


def contributed_parts() -> tuple[ContributedPart, ...]:
    return tuple(_CONTRIBUTED.values())


def all_parts() -> tuple[ScorePart, ...]:
    """The parts of the formula with their default weights: oversight's own, then the contributed ones."""
    return SCORE_PARTS + tuple(c.part for c in _CONTRIBUTED.values())


MSG_WEIGHTS_SUM = "The assessment weights must sum to 100 (percent), not {total:g}: {weights}."
MSG_WEIGHTS_UNKNOWN = "settings.LUOSHI['ASSESSMENT_WEIGHTS'] names unknown parts: {unknown}; the parts are {known}."


@dataclass(frozen=True)
class Weights:
    """Weights of the parts of a unit's assessment score as fractions, as the pure rules take
    them (normalised over the parts measured); built from score_parts(). `extra` holds the
    weights of the contributed parts by key."""

    on_time: float = 0.25
    completion: float = 0.30
    grade: float = 0.15
    responsiveness: float = 0.10
    overdue: float = 0.10
    extra: Mapping[str, float] = field(default_factory=dict)

    def by_key(self) -> dict[str, float]:
        """Every part's weight by key, oversight's and the contributed ones, in one flat dict."""
        own = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**own, **self.extra}


@dataclass(frozen=True)
class ReminderPlan:
    """When reminders go out, in working days before the date (0 = on the day)."""

    deadline_workdays: tuple[int, ...] = (10, 5, 1)
    report_workdays: tuple[int, ...] = (3, 1, 0)
    # A supervision notice must be answered within this many working days.
    notice_reply_workdays: int = 5
    # Answering a notice at most this many working days late still counts half.
    notice_late_grace_workdays: int = 5


def _override(default: Any, name: str) -> Any:
    values = getattr(settings, "LUOSHI", {}).get(name, {}) or {}
    known = {f.name for f in fields(default)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"settings.LUOSHI[{name!r}] has unknown keys: {sorted(unknown)}")
    cleaned = {k: (tuple(v) if isinstance(v, list) else v) for k, v in values.items()}
    return replace(default, **cleaned)


def thresholds() -> Thresholds:
    return _override(Thresholds(), "EVALUATION")  # type: ignore[no-any-return]


def score_parts() -> tuple[ScorePart, ...]:
    """all_parts() (SCORE_PARTS and the contributed parts) with the weights of settings.LUOSHI["ASSESSMENT_WEIGHTS"] when set. Raises
    ImproperlyConfigured when a weight names an unknown part or the weights do not sum to 100
    (the system check `oversight.E001` reports the same at startup)."""
    values = getattr(settings, "LUOSHI", {}).get("ASSESSMENT_WEIGHTS", {}) or {}
    defined = all_parts()
    known = [p.key for p in defined]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ImproperlyConfigured(MSG_WEIGHTS_UNKNOWN.format(unknown=unknown, known=known))
    parts = tuple(replace(p, weight=float(values.get(p.key, p.weight))) for p in defined)
    total = sum(p.weight for p in parts)
    if abs(total - 100) > 1e-6 or any(p.weight < 0 for p in parts):
        raise ImproperlyConfigured(MSG_WEIGHTS_SUM.format(total=total, weights={p.key: p.weight for p in parts}))
    return parts


def weights() -> Weights:
    """The weights of score_parts() as fractions, for oversight.rules.unit_score."""
    fractions = {p.key: p.weight / 100 for p in score_parts()}
    own = {p.key for p in SCORE_PARTS}
    return Weights(**{k: v for k, v in fractions.items() if k in own},
                   extra={k: v for k, v in fractions.items() if k not in own})


def reminder_plan() -> ReminderPlan:
    return _override(ReminderPlan(), "REMINDERS")  # type: ignore[no-any-return]
