"""A small scope's tasks read once, and the battle map's figures folded from them here.

A reporter's, an office's or a filtered battle map counts a part of the tasks (a few hundred for
a reporter, tens of thousands for a national office), found through the visibility rule (`id IN (owned UNION led UNION co-unit)`) and the filters. Each
of the map's queries — the breakdowns, the likely-late count, the overdue and at-risk lists, the
timeline — found them again and read every one of their rows by its key: at 100,000 tasks a
district office's 1,716 tasks cost 7 ms a query, five times over. Read once, with the few
columns the figures need (`read`), they cost one such query; the figures are then folded here
from the rows, in the same shapes the queries gave, and the lists ask the database only for the
few tasks that can be in them.

Each rule a figure follows is written here beside the query's own condition (`overdue_q` and
`is_overdue`), or over the statuses its query names (`oversight.selectors.tasks_likely_late`);
the dashboard's tests compare every figure and list both ways for readers of each kind.

How many tasks are read: a reader with a scope (an office, a reporter) has the ids of the tasks
they see counted first, without reading the tasks (`visible_task_ids`, 1–3 ms, 19 ms for the
national office's 31,815); when there are no more than SCOPE_READ_MAX, the scope is read whole,
however the filters narrow it. Reading a city office's 6,849 tasks took its map 223–236 →
102–116 ms, the national office's 31,815 682–710 → 289–311 ms (`bench/bench_page_cpu.py`), since
each query found every visible task again by its key. A reader of every task with filters reads up to SCOPE_READ_AT_ONCE tasks (a supervisor's
category, 6,251 tasks: 243 → 154 ms), and keeps the queries past them: a filter keeping 40,000
tasks was as fast either way, and more would cost more to carry into Python than the grouped
answers do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from luoshi.core.pagination import capped_count
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Task
from luoshi.ledger.models.tasks import effective_annotations
from luoshi.oversight import rules as forecast_rules
from luoshi.oversight.selectors import NOT_EXPECTED

# A scope whose visible tasks number up to SCOPE_READ_MAX is read whole (measured at 100,000
# tasks on PostgreSQL: a district office's 1,716 rows read in 8 ms where the five queries they
# replace took 35 ms); without such a bound, up to SCOPE_READ_AT_ONCE tasks.
SCOPE_READ_MAX = 40000
SCOPE_READ_AT_ONCE = 10000

# Not overdue however late: done or called off (the overdue list, the drill-down's "overdue").
CLOSED = (TaskStatus.COMPLETED, TaskStatus.CANCELLED)


class ScopeTask(NamedTuple):
    """What the battle map's figures read of one task."""

    pk: int
    category: str
    lead_unit_id: int | None
    level: str
    source_document_id: int | None
    eff_light: str        # a parent's roll-up, else its own (`effective_annotations`)
    eff_status: str
    status: str           # its own: what overdue and the lists read
    deadline: date | None
    forecast: str


FIELDS = ScopeTask._fields


def read(base: QuerySet[Task], *, bound: QuerySet[Any] | None = None) -> list[ScopeTask] | None:
    """The tasks of `base`, one row each, or None when there are too many to read.

    `bound` is the ids of a set holding every task of `base` (the reader's visible tasks), counted
    first without reading a task: `base` is read whole when the set holds no more than
    SCOPE_READ_MAX. Without a bound, up to SCOPE_READ_AT_ONCE tasks are read, and None past them:
    counting them first cost the small filtered views (a unit and a level, 500 tasks) a quarter
    more, for what a broad filter (50,000 tasks) then loses reading in vain (50 ms of 230)."""
    rows = base.annotate(**effective_annotations()).order_by().values_list(*FIELDS)
    if bound is not None:
        if capped_count(bound, SCOPE_READ_MAX)[1]:
            return None
        found = list(rows)
    else:
        found = list(rows[:SCOPE_READ_AT_ONCE + 1])
        if len(found) > SCOPE_READ_AT_ONCE:
            return None
    return [ScopeTask._make(row) for row in found]


def overdue_q(today: date) -> Q:
    """Past its deadline and not closed, by the task's own status."""
    return Q(deadline__lt=today) & ~Q(status__in=CLOSED)


def is_overdue(task: ScopeTask, today: date) -> bool:
    """`overdue_q` over one row."""
    return task.deadline is not None and task.deadline < today and task.status not in CLOSED


def is_likely_late(task: ScopeTask, today: date) -> bool:
    """`oversight.selectors.tasks_likely_late` over one row: expected, not yet due, forecast late."""
    return (task.status not in NOT_EXPECTED and task.deadline is not None and task.deadline >= today
            and task.forecast == forecast_rules.LIKELY_LATE)


def grouped_rows(tasks: Iterable[ScopeTask], columns: Sequence[str], today: date, *, overdue: bool
                 ) -> list[dict[str, Any]]:
    """The rows of the breakdowns' GROUP BY (`group_<i>` for each of `columns`, `group_light`,
    `group_status`, `n`, and `overdue` when asked), counted over `tasks`."""
    counts: Counter[tuple[Any, ...]] = Counter()
    late: Counter[tuple[Any, ...]] = Counter()
    for task in tasks:
        key = (*(getattr(task, column) for column in columns), task.eff_light, task.eff_status)
        counts[key] += 1
        if overdue and is_overdue(task, today):
            late[key] += 1
    rows = []
    for key, n in counts.items():
        row: dict[str, Any] = {f"group_{i}": value for i, value in enumerate(key[:-2])}
        row.update(group_light=key[-2], group_status=key[-1], n=n)
        if overdue:
            row["overdue"] = late[key]
        rows.append(row)
    return rows


def likely_late_count(tasks: Iterable[ScopeTask], today: date) -> int:
    return sum(1 for task in tasks if is_likely_late(task, today))


def first_ids(tasks: Iterable[ScopeTask], key: Any, wanted: int) -> list[int]:
    """The ids of the tasks that can be among the first `wanted` by `key`, ties at the cut included:
    the database then orders these few by its own rules (the code's collation) and keeps `wanted`."""
    ranked = sorted(tasks, key=key)
    if len(ranked) <= wanted:
        return [task.pk for task in ranked]
    cut = key(ranked[wanted - 1])
    return [task.pk for task in ranked if key(task) <= cut]


def by_deadline(task: ScopeTask) -> date:
    assert task.deadline is not None  # the lists that order by it hold only tasks with a deadline
    return task.deadline


def by_deadline_nulls_last(task: ScopeTask) -> tuple[bool, date]:
    return (task.deadline is None, task.deadline or date.min)


def overdue_ids(tasks: Iterable[ScopeTask], today: date, wanted: int) -> list[int]:
    """Candidates for the overdue list (ordered by deadline, then code)."""
    return first_ids([t for t in tasks if is_overdue(t, today)], by_deadline, wanted)


def at_risk_ids(tasks: Iterable[ScopeTask], light: str, wanted: int) -> list[int]:
    """Candidates for the at-risk list's tasks of one light, open (ordered by deadline, nulls last,
    then code)."""
    return first_ids([t for t in tasks if t.eff_light == light and t.status not in CLOSED],
                     by_deadline_nulls_last, wanted)


def deadlines_by_day(tasks: Iterable[ScopeTask], start: date, end: date) -> list[tuple[date, int, int]]:
    """(deadline, tasks due, of them completed) for the deadlines in [start, end): the timeline's
    grouped rows."""
    due: Counter[date] = Counter()
    done: Counter[date] = Counter()
    for task in tasks:
        if task.deadline is not None and start <= task.deadline < end:
            due[task.deadline] += 1
            if task.status == TaskStatus.COMPLETED:
                done[task.deadline] += 1
    return [(day, n, done[day]) for day, n in due.items()]
