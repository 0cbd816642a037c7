"""A scope's battle map counted by the database in one statement.

A reporter's, an office's or a filtered battle map counts a part of the tasks: a few hundred for a
reporter, 31,815 for a national office, 62,000 under a broad filter. Each figure of the map (the
breakdowns, the likely-late count, the overdue and at-risk lists, the timeline, the trend's key)
used to find those tasks again, a query each; then, for a scope of up to 40,000 tasks, the rows
were read once and folded in Python, which cost the national office's map 210 ms, 150 of them in
Python (docs/performance.md, "A large scope's battle map").

Now the scope's rows are a common table expression written once, which each figure's part of one
statement reads (`counted_in_database`): the database scans the tasks once and returns some
hundred grouped rows. Each figure's rule is the ORM's condition (`overdue_q`, `likely_late_q`),
computed per row in the expression, so the map's other queries, the drill-down and these parts
cannot disagree; the dashboard's tests compare every figure with the map its queries draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from luoshi.ledger.choices import TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.models.tasks import effective_annotations
from luoshi.oversight.selectors import likely_late_q

# Not overdue however late: done or called off (the overdue list, the drill-down's "overdue").
CLOSED = (TaskStatus.COMPLETED, TaskStatus.CANCELLED)
# The at-risk list's lights, red first (their text: the keys of the lists' ids).
AT_RISK_LIGHTS = (TrafficLight.RED.value, TrafficLight.YELLOW.value)


def overdue_q(today: date) -> Q:
    """Past its deadline and not closed, by the task's own status."""
    return Q(deadline__lt=today) & ~Q(status__in=CLOSED)


@dataclass(frozen=True)
class ScopeFigures:
    """What the battle map reads of a scope: the breakdowns' grouped rows (`group_<i>` for each
    column, `group_light`, `group_status`, `n`, `overdue`), the likely-late count, each list's
    first tasks in its order (the overdue by deadline then code; the open tasks of each at-risk
    light by deadline, none last, then code), the timeline window's deadlines by day (day, tasks
    due, of them completed), and the scope's ids (the trend's cache key)."""

    grouped: list[dict[str, Any]] = field(default_factory=list)
    likely_late: int = 0
    overdue_ids: list[int] = field(default_factory=list)
    at_risk_ids: dict[str, list[int]] = field(default_factory=lambda: {light: [] for light in AT_RISK_LIGHTS})
    deadlines_by_day: list[tuple[date, int, int]] = field(default_factory=list)
    task_ids: list[int] = field(default_factory=list)


def counted_in_database(base: QuerySet[Task], *, columns: Sequence[str], today: date,
                        window: tuple[date, date], wanted: int) -> ScopeFigures:
    """The figures of the tasks of `base` grouped by `columns` (task columns), with the timeline's
    `window` [start, end) and lists of `wanted` tasks, counted in one statement (see the module).

    Every part of the statement gives the same columns, each of one type: the part, the keys,
    light and state (the effective light and status), a day, three numbers (counts, or a list's
    task id) and the ids' text. PostgreSQL writes an expression read by several parts once."""
    flags = {
        "is_overdue": _flag(overdue_q(today)),
        "is_likely_late": _flag(likely_late_q(today)),
        "is_open": _flag(~Q(status__in=CLOSED)),
        "is_completed": _flag(Q(status=TaskStatus.COMPLETED)),
        "in_window": _flag(Q(deadline__gte=window[0], deadline__lt=window[1])),
    }
    keys = [f"key_{i}" for i in range(len(columns))]
    no_keys = "NULL, " * len(keys)
    rows = (base.annotate(**effective_annotations(), **flags).order_by()
            .values_list("pk", "code", *columns, "eff_light", "eff_status", "deadline", *flags))
    try:
        scope_sql, scope_params = rows.query.sql_with_params()
    except EmptyResultSet:  # a scope that is empty by its very condition (`none()`, `IN ()`)
        return ScopeFigures()
    scope_columns = ", ".join(["pk", "code", *keys, "light", "state", "deadline", *flags])
    # The ids in one text: thousands of one-number rows cost more to carry than one long value.
    ids_text = "string_agg(CAST(pk AS TEXT), ',')" if connection.vendor == "postgresql" else "group_concat(pk, ',')"
    parts = [
        f"SELECT 0, {', '.join(keys)}, light, state, NULL, COUNT(*), SUM(is_overdue), SUM(is_likely_late), NULL "
        f"FROM scope GROUP BY {', '.join(keys)}, light, state",
        f"SELECT 1, {no_keys}NULL, NULL, deadline, COUNT(*), SUM(is_completed), 0, NULL "
        "FROM scope WHERE in_window = 1 GROUP BY deadline",
        f"SELECT 2, {no_keys}NULL, NULL, NULL, pk, 0, 0, NULL "
        "FROM (SELECT pk FROM scope WHERE is_overdue = 1 ORDER BY deadline, code LIMIT %s) first_overdue",
    ]
    params: list[Any] = [*scope_params, wanted]
    for i, light in enumerate(AT_RISK_LIGHTS):
        parts.append(f"SELECT 3, {no_keys}light, NULL, NULL, pk, 0, 0, NULL FROM (SELECT pk, light FROM scope "
                     "WHERE light = %s AND is_open = 1 "
                     f"ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, code LIMIT %s) first_{i}")
        params += [light, wanted]
    parts.append(f"SELECT 4, {no_keys}NULL, NULL, NULL, 0, 0, 0, {ids_text} FROM scope")
    with connection.cursor() as cursor:
        cursor.execute(f"WITH scope ({scope_columns}) AS ({scope_sql}) " + " UNION ALL ".join(parts), params)
        found = cursor.fetchall()
    grouped: list[dict[str, Any]] = []
    by_day: list[tuple[date, int, int]] = []
    overdue: list[int] = []
    at_risk: dict[str, list[int]] = {light: [] for light in AT_RISK_LIGHTS}
    task_ids: list[int] = []
    likely_late = 0
    for part, *key_values, light, state, day, n, m, late, ids in found:
        if part == 0:
            row: dict[str, Any] = {f"group_{i}": value for i, value in enumerate(key_values)}
            row.update(group_light=light, group_status=state, n=int(n), overdue=int(m))
            grouped.append(row)
            likely_late += int(late)
        elif part == 1:
            by_day.append((_as_date(day), int(n), int(m)))
        elif part == 2:
            overdue.append(int(n))
        elif part == 3:
            at_risk[light].append(int(n))
        elif ids:  # the ids' text; none for an empty scope
            task_ids.extend(int(pk) for pk in str(ids).split(","))
    return ScopeFigures(grouped, likely_late, overdue, at_risk, by_day, task_ids)


def _flag(condition: Q) -> Case:
    """1 where `condition` holds, else 0: what the statement's parts sum and compare."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _as_date(value: Any) -> date:
    """A date as the database gives it to a plain cursor: PostgreSQL a date, SQLite its text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
