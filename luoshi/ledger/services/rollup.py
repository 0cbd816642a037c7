"""Roll-up (汇总): a parent's progress, status and light from its children, stored on the parent.

A task with children shows the weighted progress of its children (a child's `weight`, else 1;
a completed child counts as 100 %), a status and a light that follow from theirs, and how many
tasks lie beneath it and how many of them are done. A child that itself has children brings its
own roll-up, so the figure of a national task counts the city, district and zone reports beneath
it. Cancelled children do not count. A task without children keeps its own figures (its roll-up
fields stay NULL).

The roll-up is stored, not computed per request: the writes that change what it depends on call
`task_rollups_refresh` (a child's evaluation after a report, an edit, a confirmation, a new or
changed parent link, a weight) and the evaluation run calls `rollups_refresh_all`. Like the light,
it is derived, so it is written with UPDATE and stays out of the task's history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task

# Worst first: a parent is as late as its latest open child.
# An open child nobody has reported on (未报送) hides how late it is: it ranks above 正常.
LIGHT_SEVERITY = [TrafficLight.RED, TrafficLight.YELLOW, TrafficLight.UNREPORTED, TrafficLight.GREEN, TrafficLight.NONE]
BATCH = 2000
ROLLUP_FIELDS = ("rollup_progress", "rollup_status", "rollup_light", "children_count", "descendants_count",
                 "descendants_done")


@dataclass(frozen=True)
class ChildFigures:
    """What a parent takes from one child: its effective figures and its own subtree counts."""

    weight: int | None
    status: str
    light: str
    progress: int
    descendants_count: int = 0
    descendants_done: int = 0


@dataclass(frozen=True)
class Rollup:
    progress: int | None
    status: str | None
    light: str | None
    children_count: int
    descendants_count: int
    descendants_done: int

    def as_fields(self) -> dict[str, object]:
        return {"rollup_progress": self.progress, "rollup_status": self.status, "rollup_light": self.light,
                "children_count": self.children_count, "descendants_count": self.descendants_count,
                "descendants_done": self.descendants_done}


NO_ROLLUP = Rollup(None, None, None, 0, 0, 0)


def rollup_compute(children: Sequence[ChildFigures]) -> Rollup:
    """The roll-up of a parent from its children's figures (pure; no database).

    progress: the weighted mean of the children's progress, rounded; a completed child is 100 %.
    status: completed when every child is; in progress when any child is under way, done or has
    progress; suspended when every child is; else not started.
    light: the worst light among the open children (滞后 > 预警 > 正常 > 未评估); 完成 when all are done.
    """
    active = [c for c in children if c.status != TaskStatus.CANCELLED]
    if not active:
        return NO_ROLLUP
    total_weight = sum(c.weight or 1 for c in active)
    progress = round(sum((c.weight or 1) * (100 if c.status == TaskStatus.COMPLETED else c.progress)
                         for c in active) / total_weight)
    statuses = {c.status for c in active}
    if statuses == {TaskStatus.COMPLETED}:
        status = TaskStatus.COMPLETED
    elif statuses & {TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED} or progress > 0:
        status = TaskStatus.IN_PROGRESS
    elif statuses == {TaskStatus.SUSPENDED}:
        status = TaskStatus.SUSPENDED
    else:
        status = TaskStatus.NOT_STARTED
    open_lights = {c.light for c in active if c.light != TrafficLight.DONE and c.status != TaskStatus.COMPLETED}
    light = next((str(level) for level in LIGHT_SEVERITY if level in open_lights), str(TrafficLight.DONE))
    return Rollup(
        progress=min(progress, 100), status=str(status), light=light, children_count=len(active),
        descendants_count=sum(1 + c.descendants_count for c in active),
        descendants_done=sum(int(c.status == TaskStatus.COMPLETED) + c.descendants_done for c in active),
    )


CHILD_FIELDS = ("weight", "status", "light", "progress_percent", "rollup_progress", "rollup_status",
                "rollup_light", "descendants_count", "descendants_done")


def _child(row: dict[str, object] | Sequence[object]) -> ChildFigures:
    weight, status, light, progress, r_progress, r_status, r_light, d_count, d_done = (
        row.values() if isinstance(row, dict) else row)
    return ChildFigures(
        weight=weight,  # type: ignore[arg-type]
        status=str(r_status or status), light=str(r_light or light),
        progress=int(r_progress if r_progress is not None else progress),  # type: ignore[call-overload]
        descendants_count=int(d_count), descendants_done=int(d_done),  # type: ignore[call-overload]
    )


def _ancestors_by_depth(task_ids: Iterable[int]) -> list[int]:
    """The given tasks and all their ancestors, each after every one of its descendants among them."""
    depth: dict[int, int] = {}
    frontier = {pk for pk in task_ids}
    level = 0
    while frontier and level < 32:  # a tree of four levels with headings; the bound guards a cycle
        for pk in frontier:
            depth[pk] = level
        parents = set(Task.objects.filter(pk__in=frontier, parent__isnull=False).values_list("parent_id", flat=True))
        frontier = {pk for pk in parents if pk is not None}
        level += 1
    return sorted(depth, key=lambda pk: depth[pk])


@transaction.atomic
def task_rollups_refresh(*, task_ids: Iterable[int | None]) -> int:
    """Recompute the roll-up of each given task and of all their ancestors, lowest first; returns
    how many tasks were recomputed. Pass the parent of a child that changed (None is skipped), or
    the old and the new parent of a task moved. A few short queries per level above the task."""
    refreshed = 0
    for pk in _ancestors_by_depth(pk for pk in task_ids if pk is not None):
        # Lock the parent before reading its children: two reports accepted at once on two
        # siblings then fold one after the other, the second seeing the first's child committed,
        # instead of each writing a roll-up that misses the other's change.
        list(Task.objects.select_for_update().filter(pk=pk).values_list("pk"))
        rows = Task.objects.filter(parent_id=pk).values_list(*CHILD_FIELDS)
        Task.objects.filter(pk=pk).update(**rollup_compute([_child(r) for r in rows]).as_fields())
        refreshed += 1
    return refreshed


def rollups_fold(tasks: Mapping[int, tuple[int | None, ChildFigures]]) -> dict[int, Rollup]:
    """The roll-up of every task that has children, from each task's parent and own figures (pure).

    `tasks` maps a task's id to (its parent's id, its own figures); a parent missing from it is
    ignored. Children are folded before their parents, so a child with children brings its own
    roll-up. Returns the roll-up by the id of each task with at least one child.
    """
    children: dict[int, list[int]] = defaultdict(list)
    for pk, (parent_id, _figures) in tasks.items():
        if parent_id is not None:
            children[parent_id].append(pk)
    # Depth from the root of each task, so that children are folded before their parents.
    depth: dict[int, int] = {}
    for pk in tasks:
        chain: list[int] = []
        node: int | None = pk
        while node is not None and node not in depth and len(chain) < 32:
            chain.append(node)
            node = tasks[node][0] if node in tasks else None
        base = depth.get(node, -1) if node is not None else -1
        for offset, member in enumerate(reversed(chain)):
            depth[member] = base + 1 + offset
    computed: dict[int, Rollup] = {}
    for pk in sorted(children, key=lambda k: -depth.get(k, 0)):
        figures = []
        for child_id in children[pk]:
            own = tasks[child_id][1]
            below = computed.get(child_id)
            if below is not None and below.status is not None:
                figures.append(ChildFigures(own.weight, str(below.status), str(below.light), int(below.progress or 0),
                                            below.descendants_count, below.descendants_done))
            else:
                figures.append(ChildFigures(own.weight, own.status, own.light, own.progress))
        computed[pk] = rollup_compute(figures)
    return computed


def rollups_refresh_all() -> int:
    """Recompute every roll-up in one pass (after an evaluation run); returns how many tasks changed.

    Reads every task's figures once, folds them bottom-up in memory and writes only the rows whose
    roll-up changed, in batches.
    """
    rows = list(Task.objects.order_by().values_list("pk", "parent_id", "weight", "status", "light",
                                                    "progress_percent", *ROLLUP_FIELDS))
    computed = rollups_fold({
        row[0]: (row[1], ChildFigures(row[2] if isinstance(row[2], int) else None, str(row[3]), str(row[4]),
                                      int(str(row[5]))))
        for row in rows
    })
    changes: dict[int, Rollup] = {}
    for row in rows:
        new = computed.get(row[0], NO_ROLLUP)
        if tuple(row[6:]) != (new.progress, new.status, new.light, new.children_count, new.descendants_count,
                              new.descendants_done):
            changes[row[0]] = new
    with transaction.atomic():
        by_value: dict[Rollup, list[int]] = defaultdict(list)
        for pk, new in changes.items():
            by_value[new].append(pk)
        for value, ids in by_value.items():
            for start in range(0, len(ids), BATCH):
                Task.objects.filter(pk__in=ids[start:start + BATCH]).update(**value.as_fields())
    return len(changes)
