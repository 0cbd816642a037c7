"""Who may read and write key projects: thin names over luoshi.ledger.permissions, the one place
where the rules live (Action.PROJECT_VIEW / PROJECT_MANAGE / PROJECT_REPORT).

* Reading: every signed-in person with a role reads every project, batch and roll-up (the lists
  are published in the work report); anonymous users nothing.
* Project list and batches (create, rename, re-type, re-plan): supervisors and admins.
* Progress (monthly investment, milestone dates): supervisors and admins for every project; a
  unit reporter for the projects their unit leads. Leaders read only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.types import UserLike
from luoshi.ledger.permissions import Action, can
from luoshi.projects.models import KeyProject


def can_view_projects(user: UserLike) -> bool:
    return can(user, Action.PROJECT_VIEW)


def projects_visible_to(user: UserLike, queryset: QuerySet[KeyProject] | None = None) -> QuerySet[KeyProject]:
    """The projects `user` may see (all of them for any role, none without one)."""
    projects = queryset if queryset is not None else KeyProject.objects.all()
    return projects if can_view_projects(user) else projects.none()


def can_manage_projects(user: UserLike) -> bool:
    """Create projects and batches, change catalogue fields, link tasks: supervisors and admins."""
    return can(user, Action.PROJECT_MANAGE)


def can_edit_project(user: UserLike, project: KeyProject) -> bool:
    """Report investment and milestone dates of `project`: oversight, or a reporter of its lead unit."""
    return can_edit_project_of_unit(user, project.lead_unit_id)


def can_edit_project_of_unit(user: UserLike, unit_id: int | None) -> bool:
    """The same rule as can_edit_project, from the lead unit's id (for bulk imports)."""
    if unit_id is None:  # a project no unit leads: only oversight reports on it
        return can(user, Action.PROJECT_MANAGE)
    return can(user, Action.PROJECT_REPORT, unit_id)
