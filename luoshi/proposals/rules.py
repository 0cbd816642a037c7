"""Pure calculations of the proposals app: reassignment windows and the handling figures.

No ORM here: selectors gather plain facts (ItemFacts) and these functions count them, so the
counting is tested with tables of cases and reads the same for a page, the API and the
assessment.

Counting rules (written out in docs/proposals.md):

* received: distinct items registered; assigned: distinct items with at least one host.
* Replies are counted per host (分办: each host's reply counts for that host): replied on time
  when the accepted reply was submitted on or before the deadline it answered to; late after
  it; overdue when no reply is accepted, none awaits review, and the deadline has passed.
* A/B/C shares are of accepted replies. Satisfaction counts each item once (its latest
  evaluation); the satisfaction rate is (满意 + 基本满意) / evaluated.
* B commitments done: commitments whose ledger task is completed, of all commitments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from luoshi.core.workdays import add_working_days, working_days_between

CLASSES = ("A", "B", "C")
SATISFIED, BASICALLY, UNSATISFIED = "satisfied", "basically", "unsatisfied"


def reassign_deadline(assigned_on: date, window_workdays: int) -> date:
    """The last day a unit may ask for reassignment: `window_workdays` working days after assignment."""
    return add_working_days(assigned_on, window_workdays)


def within_reassign_window(assigned_on: date, today: date, window_workdays: int) -> bool:
    """True while `today` is at most `window_workdays` working days after `assigned_on`."""
    return today >= assigned_on and working_days_between(assigned_on, today) <= window_workdays


class ItemFacts(NamedTuple):
    """One item's facts for one host unit (unit_id None for an item not yet assigned).

    `replied_on` and `due` are those of the host's accepted reply (None when none is accepted);
    `deadline` is the item's current reply deadline, for counting overdue items; a host whose
    reply is awaiting review (`awaiting_review`) is not overdue, the wait being the reviewer's. A named tuple,
    not a dataclass: a province's year builds tens of thousands of them per figures request.
    figures_of unpacks the fields in this order: add a field at the end, and there too.
    """

    proposal_id: int
    unit_id: int | None = None
    category: str = ""
    deadline: date | None = None
    replied_on: date | None = None
    due: date | None = None
    classification: str = ""
    satisfaction: str = ""
    commitments: int = 0
    commitments_done: int = 0
    awaiting_review: bool = False


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Figures:
    """The handling figures of a group of items (a session, a unit, a category)."""

    received: int = 0
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    a: int = 0
    b: int = 0
    c: int = 0
    evaluated: int = 0
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0
    commitments: int = 0
    commitments_done: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Replies on time, in percent of replies (None without replies)."""
        return _share(self.on_time, self.replied)

    @property
    def a_share(self) -> float | None:
        return _share(self.a, self.replied)

    @property
    def b_share(self) -> float | None:
        return _share(self.b, self.replied)

    @property
    def c_share(self) -> float | None:
        return _share(self.c, self.replied)

    @property
    def satisfaction_rate(self) -> float | None:
        """(满意 + 基本满意) in percent of evaluated items."""
        return _share(self.satisfied + self.basically, self.evaluated)

    @property
    def commitments_done_rate(self) -> float | None:
        return _share(self.commitments_done, self.commitments)


def figures_of(facts: Iterable[ItemFacts], today: date) -> Figures:
    """Count a group of facts (see the module docstring for the rules).

    Called once per unit and per category on every figures request (500 units in a province),
    so the loop unpacks each fact once into locals instead of reading its attributes.
    """
    received: set[int] = set()
    assigned: set[int] = set()
    evaluated: dict[int, str] = {}
    replied = on_time = late = overdue = commitments = commitments_done = a = b = c = 0
    for (proposal_id, unit_id, _category, deadline, replied_on, due, classification, satisfaction,
         fact_commitments, fact_commitments_done, awaiting_review) in facts:
        received.add(proposal_id)
        if unit_id is not None:
            assigned.add(proposal_id)
        if satisfaction:
            evaluated[proposal_id] = satisfaction
        if replied_on is not None:
            replied += 1
            if due is not None and replied_on > due:
                late += 1
            else:
                on_time += 1
            if classification == "A":
                a += 1
            elif classification == "B":
                b += 1
            elif classification == "C":
                c += 1
        elif unit_id is not None and deadline is not None and today > deadline and not awaiting_review:
            overdue += 1
        commitments += fact_commitments
        commitments_done += fact_commitments_done
    values = list(evaluated.values())
    satisfied, basically, unsatisfied = values.count(SATISFIED), values.count(BASICALLY), values.count(UNSATISFIED)
    return Figures(
        received=len(received), assigned=len(assigned), replied=replied, on_time=on_time, late=late,
        overdue=overdue, a=a, b=b, c=c, evaluated=satisfied + basically + unsatisfied,
        satisfied=satisfied, basically=basically, unsatisfied=unsatisfied,
        commitments=commitments, commitments_done=commitments_done,
    )


# The figures a list of items can be drilled down to, each a fact's test (see fact_in_figure).
FIGURE_KEYS = ("received", "assigned", "replied", "on_time", "late", "overdue", "A", "B", "C", "evaluated",
               "satisfied", "basically", "unsatisfied", "commitments", "commitments_done")


def fact_in_figure(fact: ItemFacts, figure: str, today: date) -> bool:
    """Whether a fact counts in a figure, by the same rules as figures_of: the items behind a
    number are those with a fact for which this is true. (Per-host figures count an item split
    among hosts once per host; the commitment figures count commitments, their items once.)"""
    replied = fact.replied_on is not None
    late = replied and fact.due is not None and fact.replied_on is not None and fact.replied_on > fact.due
    tests = {
        "received": True,
        "assigned": fact.unit_id is not None,
        "replied": replied,
        "on_time": replied and not late,
        "late": late,
        "overdue": (not replied and fact.unit_id is not None and fact.deadline is not None and today > fact.deadline
                    and not fact.awaiting_review),
        "A": replied and fact.classification == "A",
        "B": replied and fact.classification == "B",
        "C": replied and fact.classification == "C",
        "evaluated": fact.satisfaction in (SATISFIED, BASICALLY, UNSATISFIED),
        "satisfied": fact.satisfaction == SATISFIED,
        "basically": fact.satisfaction == BASICALLY,
        "unsatisfied": fact.satisfaction == UNSATISFIED,
        "commitments": fact.commitments > 0,
        "commitments_done": fact.commitments_done > 0,
    }
    return tests.get(figure, False)


@dataclass(frozen=True)
class ScoreWeights:
    """How a unit's handling score (0–100) is made of its rates; weights add up to 1."""

    on_time: float = 0.4
    satisfaction: float = 0.4
    commitments_done: float = 0.2


def handling_score(figures: Figures, weights: ScoreWeights = ScoreWeights()) -> float | None:
    """A unit's handling score: the weighted rates (on time, satisfaction, B commitments done).

    A rate with nothing to count (no replies, no evaluation, no commitments) is left out and
    the remaining weights are scaled up; None when nothing at all can be counted. Overdue
    unanswered items count as late replies, so not answering never scores better than answering late.
    """
    parts: list[tuple[float, float]] = []
    replied_or_overdue = figures.replied + figures.overdue
    if replied_or_overdue:
        parts.append((weights.on_time, 100 * figures.on_time / replied_or_overdue))
    if figures.satisfaction_rate is not None:
        parts.append((weights.satisfaction, figures.satisfaction_rate))
    if figures.commitments_done_rate is not None:
        parts.append((weights.commitments_done, figures.commitments_done_rate))
    total = sum(weight for weight, _rate in parts)
    if not parts or total <= 0:
        return None
    return round(sum(weight * rate for weight, rate in parts) / total, 1)


def assessed_deadline(fact: ItemFacts) -> date | None:
    """The deadline by which a host's handling of an item is assessed: the one its accepted
    reply answered to, else the item's current deadline."""
    return fact.due if fact.replied_on is not None else fact.deadline


def reply_timeliness(fact: ItemFacts, as_of: date) -> float | None:
    """A host's reply for the unit assessment: 1 on time, 0 late, 0 when the deadline has
    passed on `as_of` with no accepted reply and none awaiting review; None while the reply is
    not yet due (or awaits review, the wait being the reviewer's)."""
    if fact.replied_on is not None:
        return 0.0 if fact.due is not None and fact.replied_on > fact.due else 1.0
    if fact.unit_id is None or fact.deadline is None or fact.awaiting_review or as_of <= fact.deadline:
        return None
    return 0.0


def satisfaction_value(satisfaction: str) -> float | None:
    """An evaluation for the unit assessment, as the satisfaction rate counts it: 满意 and
    基本满意 1, 不满意 0; None when not evaluated."""
    if satisfaction in (SATISFIED, BASICALLY):
        return 1.0
    if satisfaction == UNSATISFIED:
        return 0.0
    return None


_TRAILING_DATE = re.compile(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$")


def commitment_lines(text: str) -> list[tuple[str, date | None]]:
    """Commitments typed one per line, each with an optional date at its end:
    "建设 3 处社区食堂 2024-12-31" → ("建设 3 处社区食堂", date(2024, 12, 31)). Blank lines are
    skipped; a line whose trailing date is no real day keeps it as text."""
    items: list[tuple[str, date | None]] = []
    for line in (text or "").splitlines():
        line = _LIST_MARK.sub("", line.strip(), count=1).strip()
        if not line:
            continue
        match = _TRAILING_DATE.search(line)
        due: date | None = None
        if match:
            try:
                due = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                line = line[: match.start()].strip()
            except ValueError:
                due = None
        if line:
            items.append((line, due))
    return items


_LIST_MARK = re.compile(r"^(?:[-•·*]|\d{1,2}[.、)）])\s*")
