"""Stored forecasts: each task's verdict (oversight.rules.forecast) written on the task.

The battle map counts "likely late" tasks and its drill-down lists them; at a province's scale,
computing every verdict per request read a year of accepted reports (1.2 million rows) each time.
The verdict is therefore stored on the task, like the light: a leaf's from its own reports, a
parent's from its children's stored verdicts (rules.forecast_rollup), kept current by

- `forecasts_refresh(task_ids=…)` after a task's evaluation (a report accepted, an edit): the
  tasks themselves, then their ancestors one level at a time, each from its children's verdicts;
- `forecasts_refresh()` in the evaluation run: every task, leaves in batches, then every parent
  bottom-up from an in-memory map of the tree.

Like the light and the roll-up it is derived, so it is written with UPDATE and kept out of the
task's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction

from luoshi.core.clock import business_today
from luoshi.ledger.models import Task
from luoshi.oversight import rules

BATCH = 2000
MAX_DEPTH = 20  # the tree is acyclic (ledger refuses cycles); the bound only guards the loop


def _write(verdicts: dict[int, str], stored: dict[int, str]) -> int:
    """UPDATE the verdicts that changed, one statement per verdict and batch; returns how many."""
    changed: dict[str, list[int]] = defaultdict(list)
    for pk, verdict in verdicts.items():
        if stored.get(pk) != verdict:
            changed[verdict].append(pk)
    with transaction.atomic():
        for verdict, ids in changed.items():
            for start in range(0, len(ids), BATCH):
                Task.objects.filter(pk__in=ids[start:start + BATCH]).update(forecast=verdict)
    return sum(len(ids) for ids in changed.values())


def _own(task_ids: list[int], as_of: date) -> dict[int, str]:
    # Imported here: oversight.selectors imports this package (for day_start).
    from luoshi.oversight.selectors import tasks_own_forecast

    verdicts: dict[int, str] = {}
    for start in range(0, len(task_ids), BATCH):
        found = tasks_own_forecast(task_ids=task_ids[start:start + BATCH], as_of=as_of)
        verdicts.update({pk: f.verdict for pk, f in found.items()})
    return verdicts


def forecasts_refresh_all(*, as_of: date | None = None) -> int:
    """Every task's verdict; returns how many changed."""
    as_of = as_of or business_today()
    rows = list(Task.objects.values_list("pk", "parent_id", "forecast"))
    stored = {pk: verdict for pk, _parent, verdict in rows}
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id, _verdict in rows:
        if parent_id is not None:
            children[parent_id].append(pk)
    verdicts = _own([pk for pk in stored if pk not in children], as_of)

    def verdict_of(pk: int, depth: int = 0) -> str:
        if pk not in verdicts:
            kids = children[pk] if depth < MAX_DEPTH else []
            verdicts[pk] = rules.forecast_rollup([verdict_of(kid, depth + 1) for kid in kids])
        return verdicts[pk]

    for pk in children:
        verdict_of(pk)
    return _write(verdicts, stored)


def forecasts_refresh(*, task_ids: Iterable[int], as_of: date | None = None) -> int:
    """The verdicts of `task_ids` and of their ancestors; returns how many changed."""
    as_of = as_of or business_today()
    changed = 0
    level = set(task_ids)
    with_children = set(Task.objects.filter(parent_id__in=level).values_list("parent_id", flat=True))
    own = _own(sorted(level - with_children), as_of)
    changed += _write(own, dict(Task.objects.filter(pk__in=own).values_list("pk", "forecast")))
    level = with_children | set(Task.objects.filter(pk__in=level, parent__isnull=False)
                                .values_list("parent_id", flat=True))
    # Level by level upwards; a task reached again at a later step is computed again, so each is
    # last computed after every child of it on the way up.
    for _depth in range(MAX_DEPTH):
        if not level:
            break
        kids: dict[int, list[str]] = defaultdict(list)
        for parent_id, verdict in Task.objects.filter(parent_id__in=level).values_list("parent_id", "forecast"):
            kids[parent_id].append(verdict or rules.INSUFFICIENT)
        rows = dict(Task.objects.filter(pk__in=level).values_list("pk", "forecast"))
        changed += _write({pk: rules.forecast_rollup(kids[pk]) for pk in rows if kids[pk]}, rows)
        level = set(Task.objects.filter(pk__in=level, parent__isnull=False).values_list("parent_id", flat=True))
    return changed
