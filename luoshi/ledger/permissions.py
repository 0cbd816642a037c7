"""Who may see and do what: the one place where roles meet objects.

Every page, API endpoint and export asks these functions; none decides on its own.
Roles: supervisor (督查) runs every mechanism; unit reporter (填报员) sees and edits only the
tasks where their unit leads or co-operates; leader (领导) reads everything and comments;
admin does everything a supervisor does and manages accounts; anonymous sees nothing here
(the public portal has its own read-only selectors over published tasks).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person, Task


def person_of(user: Any) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person  # type: ignore[no-any-return]  # reverse one-to-one
    except Person.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
    """The user's role; a superuser without a person record counts as admin."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    person = person_of(user)
    if person is not None:
        return person.role
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return None


def is_oversight(user: Any) -> bool:
    """Supervisors and admins run the mechanisms."""
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN}


def reads_everything(user: Any) -> bool:
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN, Role.LEADER}


def tasks_visible_to(user: Any, queryset: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks the user may see: all for supervisors, leaders and admins; a reporter's unit's tasks
    (as lead unit or co-unit); nothing for anyone else."""
    tasks = queryset if queryset is not None else Task.objects.all()
    if reads_everything(user):
        return tasks
    person = person_of(user)
    if person is not None and person.role == Role.REPORTER and person.unit_id is not None:
        return tasks.filter(Q(lead_unit_id=person.unit_id) | Q(co_units=person.unit_id)).distinct()
    return tasks.none()


def can_view_task(user: Any, task: Task) -> bool:
    return tasks_visible_to(user, Task.objects.filter(pk=task.pk)).exists()


def can_edit_task(user: Any, task: Task) -> bool:
    """Supervisors and admins edit any task; reporters only their unit's (lead or co-unit)."""
    if is_oversight(user):
        return True
    if role_of(user) == Role.REPORTER:
        return can_view_task(user, task)
    return False


def can_review_drafts(user: Any) -> bool:
    return is_oversight(user)
