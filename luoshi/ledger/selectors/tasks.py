"""Reads of tasks: the filtered list, counts, units, and a task's field history."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from luoshi.core.history import HistoryRow, history_rows, link_history_rows, records_of
from luoshi.core.kept import kept_here
from luoshi.core.types import UserLike
from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.filtersets import TaskFilterSet
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.models.units import unit_label
from luoshi.ledger.offices import UNIT_TREE_TOKEN
from luoshi.ledger.permissions import (
    Action,
    can,
    sees_every_task,
    tasks_visible_to,
    visible_task_ids,
)
from luoshi.ledger.tally import is_every_counted_task, tally_counts

# The ledger's order, unique, so that it is also the key of keyset pages (core.pagination).
TASK_LIST_KEY = ("code",)


@dataclass(frozen=True)
class TaskListing:
    """The ledger's list: the bound filterset (for forms and errors), the rows in the list's
    order, and the same rows with the visibility written for a walk along the code's index
    (`walk`, core.pagination.page_of), which a list holding a large share of the tasks reads;
    None for a user who sees every task (there is no visibility to write). `counted`: when no
    filter narrows the list, the ids of the tasks the user sees (`visible_task_ids`), which
    count the rows without reading them (page_of's `counted`); else None."""

    filterset: TaskFilterSet
    rows: QuerySet[Task]
    walk: QuerySet[Task] | None
    counted: QuerySet[Any] | None = None

    def shaped(self, shape: Callable[[QuerySet[Task]], QuerySet[Any]]) -> TaskListing:
        """The same listing with `shape` (the columns and joins a page reads) applied to the rows
        and the walk (what is counted stays: the same tasks' ids)."""
        return TaskListing(self.filterset, shape(self.rows), None if self.walk is None else shape(self.walk),
                           self.counted)


def task_list(*, user: UserLike, filters: Mapping[str, Any] | None = None) -> TaskListing:
    """The tasks `user` may see, filtered, in the ledger's order (TaskListing)."""
    # Only what a row shows: the lead unit and responsible person joined, co-units in one more
    # query. Not with_related(): joining the source document would read its whole text for every
    # row of the page (issue 15).
    listed = Task.objects.select_related("lead_unit", "responsible_person").prefetch_related("co_units")
    base = tasks_visible_to(user, listed)
    filterset = TaskFilterSet(data=filters or {}, queryset=base)
    if not filterset.is_valid():
        return TaskListing(filterset, base.none(), None)
    walk = counted = None
    rows = filterset.qs
    if not sees_every_task(user):
        walk = filterset.filter_queryset(tasks_visible_to(user, listed, per_row=True)).order_by(*TASK_LIST_KEY)
        if rows.query.where == base.query.where:  # no filter narrowed the list: its rows are the visible tasks
            counted = visible_task_ids(user)
    # `code` is unique: the list's keyset (core.pagination) for pages at any depth.
    return TaskListing(filterset, rows.order_by(*TASK_LIST_KEY), walk, counted)


def co_unit_ids_of(task_ids: Iterable[int]) -> dict[int, list[int]]:
    """The co-units' ids of each of `task_ids` (in the units' order: level, then name), from one
    query on the link table: a list needs the ids, not the units built (a fifth of the API's task
    list was prefetching them, issue 15)."""
    found: dict[int, list[int]] = {task_id: [] for task_id in task_ids}
    links = Task.co_units.through.objects.filter(task_id__in=list(found)).order_by("unit__level", "unit__name", "unit_id")
    for task_id, unit_id in links.values_list("task_id", "unit_id"):
        found[task_id].append(unit_id)
    return found


def task_counts_by(*, user: UserLike, field: str) -> list[dict[str, Any]]:
    """Counts of visible tasks grouped by one field (category, status, level, light)."""
    return list(
        tasks_visible_to(user).order_by().values(field).annotate(count=Count("id", distinct=True)).order_by("-count")
    )


def home_counts(*, user: UserLike) -> dict[str, int]:
    """The home page's figures of the visible tasks, in one pass over them (five separate counts
    were five passes: 100 ms at 100,000 tasks).

    Counted as the battle map counts (its kpis for the same user are these numbers): headings
    left out (`counted()`), a parent by its roll-up (`with_rollup()`: done when its children are,
    lagging when one of them is).
    """
    visible = tasks_visible_to(user, Task.objects.counted().with_rollup())
    if is_every_counted_task(visible):
        return _tallied_home_counts()
    return home_counts_of(visible)


def home_counts_of(tasks: QuerySet[Task]) -> dict[str, int]:
    """The home page's five figures counted on `tasks` themselves (annotated `with_rollup()`), in
    one aggregate; what the tally answers for every counted task."""
    return tasks.order_by().aggregate(
        total=Count("id"),
        completed=Count("id", filter=Q(eff_status=TaskStatus.COMPLETED)),
        red=Count("id", filter=Q(eff_light=TrafficLight.RED)),
        unreported=Count("id", filter=Q(eff_light=TrafficLight.UNREPORTED)),
        with_target=Count("id", filter=Q(target_value__isnull=False)),
    )


def _tallied_home_counts() -> dict[str, int]:
    """`home_counts` of every counted task, from the tally the database keeps (a supervisor's or a
    leader's home page: a few hundred rows instead of every task)."""
    counts = dict.fromkeys(("total", "completed", "red", "unreported", "with_target"), 0)
    for has_target, groups in tally_counts(["has_target"])["has_target"].items():
        for (light, status), n in groups.items():
            counts["total"] += n
            counts["completed"] += n if status == TaskStatus.COMPLETED else 0
            counts["red"] += n if light == TrafficLight.RED else 0
            counts["unreported"] += n if light == TrafficLight.UNREPORTED else 0
            counts["with_target"] += n if has_target else 0
    return counts


def unit_list() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent").order_by("level", "name")


def unit_labels() -> Mapping[int, str]:
    """Every unit's label on pages (`unit_label`: its short name, else its full name) by id; read
    only. Kept in the process while the unit tree stands (core.kept.kept_here: a unit saved or
    deleted on any server renews the tree's token): the battle map and coverage name a few hundred
    units on every request, and a query of them by id cost 2 ms, most of it the ids' parameters."""
    return kept_here("unit-labels", [UNIT_TREE_TOKEN], lambda: {
        pk: unit_label(name, short_name) for pk, name, short_name in Unit.objects.values_list("pk", "name", "short_name")})


def task_history(*, user: UserLike, task: Task, limit: int = 100) -> list[HistoryRow]:
    """The task's history, newest first, read-only: its fields and co-units (who, when, before,
    after, why), and the links indicators, key projects and batches made to it or removed."""
    if not can(user, Action.TASK_HISTORY_VIEW, task):
        return []
    rows = history_rows(records_of(task), limit=limit) + link_history_rows(task, limit=limit)
    return sorted(rows, key=lambda r: r.when, reverse=True)[:limit]
