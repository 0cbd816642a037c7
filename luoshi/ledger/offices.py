"""Offices and their scope: the one place that knows which units and tasks an office covers.

An office (督查机构) is a unit of the unit tree with `is_office` set: a development and reform
commission, a district government's supervision office, a zone's administration. Plans belong to
offices (`Document.office`, `Task.office`; null means the installation's). A supervisor, leader
or admin belongs to one office (`Person.office`) or, with none, to the whole installation.

An office serves a government: its **jurisdiction** is the unit tree beneath that government.
A department-level office (区政府办, or 市发改委 whose parent is the city government at the same
level) serves its parent; an office that is itself a government or an administration (a zone's
管委会, a ministry without a parent) serves its own subtree. The units of the jurisdiction are:

- the **units it oversees**: a task led or co-led by one of them falls to the office, which
  sees it (read-only when a higher office owns it);
- the **offices beneath it**: a task owned by one of them (`task.office` in the jurisdiction)
  is managed by the office too.

The unit tree is read once (ids and parents only) and the subtree is kept on the user object
for the rest of the request; saving or deleting a unit bumps a counter that makes every kept
subtree stale, so tests and commands that edit the tree in-process never see an old one. With
Redis the scope is also kept between requests (core.kept), under the unit tree's token, which
the same saves and deletes renew.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

from luoshi.core.kept import kept, renew
from luoshi.core.pagination import among, key_among, union_of
from luoshi.core.types import UserLike
from luoshi.ledger.choices import Role, UnitLevel
from luoshi.ledger.models import Person, Task, Unit

_SCOPED_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER, Role.ADMIN})
_CACHE_ATTRIBUTE = "_luoshi_office_scope"
_tree_version = 0
UNIT_TREE_TOKEN = "unit-tree"


def _bump_tree_version(**_kwargs: Any) -> None:
    global _tree_version
    _tree_version += 1
    renew(UNIT_TREE_TOKEN)


post_save.connect(_bump_tree_version, sender=Unit, dispatch_uid="luoshi_offices_unit_saved")
post_delete.connect(_bump_tree_version, sender=Unit, dispatch_uid="luoshi_offices_unit_deleted")


@dataclass(frozen=True)
class OfficeScope:
    """What one office covers: its own unit and every unit of its jurisdiction (offices beneath
    it included)."""

    office_id: int
    unit_ids: frozenset[int]

    def manages(self, task: Task) -> bool:
        """The office runs the task's mechanisms: the task belongs to it or to an office beneath."""
        return self.owns(task.office_id)

    @property
    def sorted_ids(self) -> list[int]:
        """The ids in order, for SQL: the same scope always writes the same query (and the
        same `task_visibility_key`)."""
        return sorted(self.unit_ids)

    def owns(self, office_id: int | None) -> bool:
        """An object filed under `office_id` (a task force, a stored ranking) is the office's own or
        one of an office beneath it; an installation-wide one (None) is not."""
        return office_id is not None and office_id in self.unit_ids

    def holds(self, person: Person) -> bool:
        """A person of the jurisdiction: their unit, or their office, is one of its units."""
        return (person.unit_id is not None and person.unit_id in self.unit_ids) or (
            person.office_id is not None and person.office_id in self.unit_ids)

    def people_q(self) -> Q:
        """`holds` as a condition on people."""
        return Q(unit_id__in=self.sorted_ids) | Q(office_id__in=self.sorted_ids)

    def manage_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}office_id__in": self.sorted_ids})

    def view_q(self, *, per_row: bool = False) -> Q:
        """Tasks the office sees: those it manages and those that fall to its units (lead unit or
        co-unit), whoever owns them (`task_parts`, written as `TaskParts.among`)."""
        return self.task_parts().among(per_row=per_row)

    def task_parts(self) -> TaskParts:
        """The tasks the office sees: those it owns and those its units lead or share."""
        return TaskParts(("office_id", "lead_unit_id"), tuple(self.sorted_ids))


@dataclass(frozen=True)
class TaskParts:
    """A set of tasks by the inputs of the rule that makes it: the tasks whose `columns` (the
    owning office, the lead unit) hold one of `unit_ids`, and those one of `unit_ids` shares as a
    co-unit. A task may be in several parts. What an office sees (`OfficeScope.task_parts`) and
    what a unit's reporter sees (`unit_parts`), written three ways from this one description:

    - `among`: one uncorrelated set, `owned UNION led UNION co-unit`, each part an index scan,
      computed once per query, the rows joined to it by key (core.pagination.among). Not a join
      (which repeats a task once per co-unit and needs DISTINCT), not a correlated EXISTS (which
      probes the co-units once per task and measured 100 to 600 times slower at province scale).
      The form for lists, counts, checks made per row, and joins of larger tables keyed by task
      (1.2 million snapshot rows), where conditions joined by OR over a join of the co-units made
      PostgreSQL read every row (docs/performance.md, "Offices", "Province scale").
    - `among(per_row=True)`: each task row checked as it is read, for a page of a list walked
      along an index (core.pagination.walk_pays): its own columns compared, and its key looked up
      in the co-units' task ids, hashed once (an IN inside an OR is never made a join). Hashing
      the whole set instead cost the national office's first page 14 ms of its 20,000 owned,
      20,000 led and 14,000 co-unit ids; this hashes the 14,000 co-unit links alone, 2.6 ms.
    - `by_columns`: the columns' conditions and the co-units' array joined by OR
      (core.pagination.key_among), which PostgreSQL reads as one bitmap over three indexes: the
      form for reading the whole set from the task table (a district office's 1,716 tasks in
      2.5 ms instead of 9; the national office's 31,815 in 30 instead of 95).
    - `ids`: the parts joined by UNION, for counting the set without reading the tasks.
    """

    columns: tuple[str, ...]
    unit_ids: tuple[int, ...]

    def _co_units(self) -> QuerySet[Any]:
        return Task.co_units.through.objects.filter(unit_id__in=self.unit_ids).order_by().values("task_id")

    def id_sets(self) -> list[QuerySet[Any]]:
        """The ids of the tasks of each part: the columns' first, each a set of the task table's
        own keys (core.pagination.capped_count bounds a count of their UNION by the first)."""
        by_column = [Task.objects.filter(**{f"{column}__in": self.unit_ids}).order_by().values("pk")
                     for column in self.columns]
        return [*by_column, self._co_units()]

    def ids(self) -> QuerySet[Any]:
        """The ids of the set's tasks, each once: the parts joined by UNION, for counting the set
        without reading the tasks."""
        return union_of(self.id_sets())

    def among(self, *, per_row: bool = False) -> Q:
        """The set as a condition for lists, counts and joins, or (`per_row`) for a page of tasks
        walked along an index (see the class)."""
        if per_row:
            return self._columns_q() | Q(pk__in=self._co_units())
        return among(self.id_sets())

    def by_columns(self) -> Q:
        """The set as a condition for reading all of it from the task table (see the class)."""
        return self._columns_q() | key_among(self._co_units())

    def _columns_q(self) -> Q:
        condition = Q()
        for column in self.columns:
            condition |= Q(**{f"{column}__in": self.unit_ids})
        return condition


def unit_parts(unit_id: int) -> TaskParts:
    """The tasks a unit leads or shares as a co-unit: what a reporter of it sees."""
    return TaskParts(("lead_unit_id",), (unit_id,))


def jurisdiction_root(office: Unit) -> Unit:
    """The government an office serves (see the module docstring)."""
    parent = office.parent
    if parent is not None and (office.level == UnitLevel.DEPARTMENT or parent.level == office.level):
        return parent
    return office


def subtree_unit_ids(root_id: int) -> frozenset[int]:
    """The unit `root_id` and every unit below it, from one query over (id, parent)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found = {root_id}
    stack = [root_id]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return frozenset(found)


def office_scope_for(office: Unit) -> OfficeScope:
    units = set(subtree_unit_ids(jurisdiction_root(office).pk))
    units.add(office.pk)
    return OfficeScope(office_id=office.pk, unit_ids=frozenset(units))


def person_of(user: UserLike) -> Person | None:
    """The person record of a logged-in user; None for anonymous users and accounts without one.
    (Here rather than in permissions, which asks this module for scopes.)"""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def office_id_of(user: UserLike) -> int | None:
    """The office of a supervisor, leader or admin; None for the installation-wide ones and for
    every other role (a reporter's scope is their unit)."""
    person = person_of(user)
    if person is None or person.role not in _SCOPED_ROLES:
        return None
    return person.office_id


def scope_of(user: UserLike) -> OfficeScope | None:
    """The office scope of `user`, or None when they are not bound to an office (the whole
    installation for oversight and leaders). Kept on the user object for the request."""
    office_id = office_id_of(user)
    if office_id is None:
        return None
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached[0] == (office_id, _tree_version):
        return cached[1]  # type: ignore[no-any-return]

    def read() -> OfficeScope:
        person = person_of(user)
        assert person is not None and person.office is not None
        return office_scope_for(person.office)

    scope = kept(f"office-scope:{office_id}", [UNIT_TREE_TOKEN], read)
    assert scope is not None
    setattr(user, _CACHE_ATTRIBUTE, ((office_id, _tree_version), scope))
    return scope


def office_of(user: UserLike) -> Unit | None:
    """The office of a supervisor, leader or admin (None: installation-wide, and every other role)."""
    person = person_of(user)
    if person is None or person.role not in _SCOPED_ROLES:
        return None
    return person.office


def office_for_new_plan(user: UserLike) -> Unit | None:
    """The office a plan (or a task force) made by `user` belongs to: their own (None: the
    installation's)."""
    return office_of(user)


def offices_in_sight(user: UserLike) -> QuerySet[Unit]:
    """The offices `user` may pick as a filter: those of their office's scope (their own and the
    offices beneath it) for an office-bound supervisor, leader or admin; every office otherwise
    (the installation-wide roles, and reporters, whose tasks stay their unit's whatever the filter)."""
    offices = Unit.objects.filter(is_office=True)
    scope = scope_of(user)
    return offices.filter(pk__in=scope.sorted_ids) if scope is not None else offices
