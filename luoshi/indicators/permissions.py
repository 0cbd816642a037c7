"""Who may read and write indicators: thin names over luoshi.ledger.permissions, the one place
where the rules live (Action.INDICATOR_VIEW / INDICATOR_MANAGE / INDICATOR_OBSERVE).

* Reading: every signed-in person with a role reads the whole catalogue — the targets are
  published in the work report — and anonymous users nothing.
* Catalogue and targets: supervisors and admins.
* Observations: supervisors and admins for every indicator; a unit reporter for the indicators
  their unit is responsible for. Leaders read only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.types import UserLike
from luoshi.indicators.models import Indicator
from luoshi.ledger.permissions import Action, can


def can_view_indicators(user: UserLike) -> bool:
    """Every signed-in user with a role reads the catalogue, targets, actuals and forecasts."""
    return can(user, Action.INDICATOR_VIEW)


def indicators_visible_to(user: UserLike, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """The indicators `user` may see (all of them for any role, none without one)."""
    indicators = queryset if queryset is not None else Indicator.objects.all()
    return indicators if can_view_indicators(user) else indicators.none()


def can_manage_indicators(user: UserLike) -> bool:
    """Create and edit indicators and targets, link tasks: supervisors and admins."""
    return can(user, Action.INDICATOR_MANAGE)


def can_edit_indicator(user: UserLike, indicator: Indicator) -> bool:
    """Enter or correct observations of `indicator`: oversight, or a reporter of its responsible unit."""
    return can(user, Action.INDICATOR_OBSERVE, indicator)


def can_edit_indicator_of_unit(user: UserLike, unit_id: int | None) -> bool:
    """The same rule as can_edit_indicator, from the responsible unit's id (for bulk imports)."""
    if unit_id is None:  # an indicator no unit answers for: only oversight enters its actuals
        return can(user, Action.INDICATOR_MANAGE)
    return can(user, Action.INDICATOR_OBSERVE, unit_id)
