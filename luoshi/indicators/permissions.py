"""Who may read and write indicators. Built only on luoshi.ledger.permissions (role_of, person_of,
is_oversight), so the rules can later be folded into that one place without changing callers.

* Reading: every signed-in person with a role (supervisor, reporter, leader, admin) reads the
  whole catalogue — the targets are published in the work report — and anonymous users nothing.
* Catalogue and targets: supervisors and admins.
* Observations: supervisors and admins for every indicator; a unit reporter for the indicators
  their unit is responsible for. Leaders read only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from luoshi.indicators.models import Indicator
from luoshi.ledger.choices import Role
from luoshi.ledger.permissions import is_oversight, person_of, role_of


def can_view_indicators(user: Any) -> bool:
    """Every signed-in user with a role reads the catalogue, targets, actuals and forecasts."""
    return role_of(user) is not None


def indicators_visible_to(user: Any, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """The indicators `user` may see (all of them for any role, none without one)."""
    indicators = queryset if queryset is not None else Indicator.objects.all()
    return indicators if can_view_indicators(user) else indicators.none()


def can_manage_indicators(user: Any) -> bool:
    """Create and edit indicators and targets, link tasks: supervisors and admins."""
    return is_oversight(user)


def can_edit_indicator(user: Any, indicator: Indicator) -> bool:
    """Enter or correct observations of `indicator`: oversight, or a reporter of its responsible unit."""
    return can_edit_indicator_of_unit(user, indicator.responsible_unit_id)


def can_edit_indicator_of_unit(user: Any, unit_id: int | None) -> bool:
    """The same rule as can_edit_indicator, from the responsible unit's id (for bulk imports)."""
    if is_oversight(user):
        return True
    if role_of(user) != Role.REPORTER or unit_id is None:
        return False
    person = person_of(user)
    return person is not None and person.unit_id == unit_id
