"""Which briefings a user sees. What a role may do with briefings and exports is decided by the
one registry (`Action.BRIEFING_*`, `Action.LEDGER_EXPORT` in ledger.permissions); task visibility
stays there too: a briefing's numbers are always computed inside its author's `tasks_visible_to`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.briefings.models import Briefing
from luoshi.core.access import get_visible
from luoshi.core.types import UserLike
from luoshi.ledger.choices import Role
from luoshi.ledger.offices import scope_of
from luoshi.ledger.permissions import reads_everything, role_of

MSG_BRIEFING_NOT_FOUND = _("简报不存在或无权查看。")


def briefings_visible_to(user: UserLike, queryset: QuerySet[Briefing] | None = None) -> QuerySet[Briefing]:
    """All briefings for supervisors, leaders and admins; within an office, those written by its
    people and those of the offices beneath it (a briefing shows its author's tasks) and one's own;
    one's own for a reporter; none otherwise."""
    briefings = queryset if queryset is not None else Briefing.objects.all()
    if reads_everything(user):
        scope = scope_of(user)
        if scope is None:
            return briefings
        assert isinstance(user, User)  # a scope comes only with a signed-in account
        return briefings.filter(Q(created_by__person__office_id__in=scope.sorted_ids) | Q(created_by=user))
    if role_of(user) == Role.REPORTER:
        assert isinstance(user, User)  # a role comes only with a signed-in account
        return briefings.filter(created_by=user)
    return briefings.none()


def briefing_get_visible(user: UserLike, pk: Any) -> Briefing:
    """One briefing the user may see, or NotFound."""
    return get_visible(briefings_visible_to(user), pk, MSG_BRIEFING_NOT_FOUND)
