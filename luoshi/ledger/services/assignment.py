"""Assignment of tasks, one or many at once, to lead unit, co-units, responsible person and
reporting frequency, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError
from luoshi.core.history import recording, records_history
from luoshi.core.types import UserLike
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.permissions import Action, require
from luoshi.ledger.services.tasks import task_update

MSG_NOTHING_TO_ASSIGN = _("请至少选择一项任务和一项分派内容(牵头单位、配合单位、责任人或填报周期)。")
MSG_LEAD_IS_CO_UNIT = _("牵头单位不能同时是配合单位。")
MSG_ASSIGN_CONFLICT = _("以下任务已被他人修改,本次分派未做任何修改,请刷新后重试:%(codes)s")
MSG_REASON_BULK_ASSIGN = _("任务分派")


class _Unset:
    """Marks an assignment field the caller does not change (None means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@records_history
@transaction.atomic
def tasks_assign(*, user: UserLike, tasks: Sequence[Task], lead_unit: Unit | None = UNSET,
                 co_units: Iterable[Unit] = UNSET, add_co_units: bool = False,
                 responsible_person: Person | None = UNSET, report_frequency: str = UNSET,
                 expected_versions: Mapping[int, int] | None = None) -> list[Task]:
    """Assign one or many tasks to a lead unit, co-units and a responsible person, and set how
    often they report (monthly by default), all or nothing.

    Fields left UNSET are not changed. With `add_co_units` the given co-units are added to
    each task's own instead of replacing them. `expected_versions` ({task id: version read})
    makes a stale page fail with Conflict naming the tasks, instead of overwriting another
    supervisor's change. Raises PermissionDenied (not a supervisor), DomainError (nothing
    chosen, or a lead unit that is also a co-unit).
    """
    require(user, Action.TASK_ASSIGN)
    if not tasks or all(v is UNSET for v in (lead_unit, co_units, responsible_person, report_frequency)):
        raise DomainError(MSG_NOTHING_TO_ASSIGN, code="nothing_to_assign")
    expected_versions = expected_versions or {}
    locked = {t.pk: t for t in Task.objects.select_for_update().filter(pk__in=[t.pk for t in tasks])}
    for task in locked.values():
        require(user, Action.TASK_ASSIGN, task)  # an office assigns only the tasks it manages
    stale = [t.code for pk, t in locked.items() if pk in expected_versions and t.version != expected_versions[pk]]
    if stale:
        raise Conflict(MSG_ASSIGN_CONFLICT % {"codes": "、".join(sorted(stale))})
    new_co_units = list(co_units) if co_units is not UNSET else None
    updated = []
    for task in sorted(locked.values(), key=lambda t: t.code):
        changes: dict[str, Any] = {}
        if lead_unit is not UNSET:
            changes["lead_unit"] = lead_unit
        if responsible_person is not UNSET:
            changes["responsible_person"] = responsible_person
        if report_frequency is not UNSET:
            changes["report_frequency"] = report_frequency
        task_co_units: list[Unit] | None = None
        if new_co_units is not None:
            task_co_units = new_co_units
            if add_co_units:
                current = list(task.co_units.all())
                task_co_units = current + [u for u in new_co_units if u not in current]
        final_lead = changes.get("lead_unit", task.lead_unit)
        final_co = task_co_units if task_co_units is not None else list(task.co_units.all())
        if final_lead is not None and final_lead in final_co:
            raise DomainError(MSG_LEAD_IS_CO_UNIT, field="co_units", code="lead_is_co_unit")
        with recording(user, MSG_REASON_BULK_ASSIGN):
            result = task_update(task=task, user=user, expected_version=task.version, co_units=task_co_units,
                                 **changes)
        updated.append(result)
    return updated
