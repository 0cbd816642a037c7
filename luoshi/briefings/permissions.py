"""Who may see, generate and edit briefings and exports. Task visibility stays in ledger.permissions:
a briefing's numbers are always computed inside its author's `tasks_visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.briefings.models import Briefing
from luoshi.ledger.choices import Role
from luoshi.ledger.permissions import is_oversight, reads_everything, role_of


def can_generate_briefing(user: Any) -> bool:
    """Supervisors, admins and unit reporters (for their own unit's tasks) write briefings; leaders read them."""
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN, Role.REPORTER}


def briefings_visible_to(user: Any, queryset: QuerySet[Briefing] | None = None) -> QuerySet[Briefing]:
    """All briefings for supervisors, leaders and admins; one's own for a reporter; none otherwise."""
    briefings = queryset if queryset is not None else Briefing.objects.all()
    if reads_everything(user):
        return briefings
    if role_of(user) == Role.REPORTER:
        return briefings.filter(created_by=user)
    return briefings.none()


def can_edit_briefing(user: Any, briefing: Briefing) -> bool:
    if is_oversight(user):
        return True
    return role_of(user) == Role.REPORTER and briefing.created_by_id == getattr(user, "pk", None)


def can_export_ledger(user: Any) -> bool:
    """Anyone with a role may export the tasks they see."""
    return role_of(user) is not None
