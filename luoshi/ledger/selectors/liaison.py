"""Reads of the liaison log (对接记录)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.access import get_visible
from luoshi.core.types import UserLike
from luoshi.ledger.models import LiaisonRecord, Task, Unit
from luoshi.ledger.permissions import (
    by_task_visible_to,
)


def liaison_list(*, user: UserLike, task: Task | None = None, status: str | None = None,
                 unit: Unit | None = None) -> QuerySet[LiaisonRecord]:
    """Liaison records the user may see (those of tasks they may see), newest first."""
    rows = by_task_visible_to(user, LiaisonRecord.objects.select_related("task", "unit", "department_unit",
                                                                         "created_by"))
    if task is not None:
        rows = rows.filter(task=task)
    if status:
        rows = rows.filter(status=status)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.order_by("-asked_on", "-id")


MSG_LIAISON_NOT_FOUND = _("对接记录不存在或无权查看。")


def liaison_get_visible(user: UserLike, pk: Any) -> LiaisonRecord:
    """One liaison record, or NotFound when the user may not see its task."""
    return get_visible(liaison_list(user=user), pk, MSG_LIAISON_NOT_FOUND)
