"""Writes of the organise and liaise mechanisms (组织、对接), and the ledger writes other apps make.

- task forces: create, edit (with version check), add and remove tasks;
- assignment of tasks, one or many at once, to lead unit, co-units and responsible person;
- the liaison log;
- progress and evaluated light, written by reports (on acceptance) and oversight (evaluation):
  other apps change ledger data only through these functions.

Every write here is recorded by django-simple-history (who, when, before, after); where a
write has a reason (bulk assignment, an accepted report) the reason is stored on the record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError
from luoshi.core.history import recording, records_history
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import (
    LiaisonRecord,
    LiaisonStatus,
    Person,
    Task,
    TaskForce,
    TaskForceTask,
    Unit,
)
from luoshi.ledger.permissions import Action, require, task_get_visible, unit_id_of
from luoshi.ledger.services import task_update

MSG_TASKFORCE_CONFLICT = _("该专班已被他人修改(当前版本 %(current)s,您编辑的是版本 %(yours)s)。请刷新后重新修改。")
MSG_TASKFORCE_NAME_TAKEN = _("已有同名的工作专班。")
MSG_TASK_IN_OTHER_TASKFORCE = _("任务 %(codes)s 已属于其他专班;如需转入本专班,请勾选“从原专班转入”。")
MSG_NOTHING_TO_ASSIGN = _("请至少选择一项任务和一项分派内容(牵头单位、配合单位、责任人或填报周期)。")
MSG_LEAD_IS_CO_UNIT = _("牵头单位不能同时是配合单位。")
MSG_ASSIGN_CONFLICT = _("以下任务已被他人修改,本次分派未做任何修改,请刷新后重试:%(codes)s")
MSG_LIAISON_CONFLICT = _("该对接记录已被他人修改,请刷新后重新修改。")
MSG_REASON_BULK_ASSIGN = _("任务分派")

# Fields of a liaison record an edit may change.
LIAISON_EDITABLE_FIELDS = {
    "department", "department_unit", "channel", "request", "asked_on", "contact", "answer", "answered_on",
    "status", "follow_up_on",
}


class _Unset:
    """Marks an assignment field the caller does not change (None means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


# --- task forces ------------------------------------------------------------------------------

@records_history
@transaction.atomic
def taskforce_create(*, user: Any, name: str, leader: Person, members: Iterable[Person] = (),
                     mandate: str = "") -> TaskForce:
    """Create a task force. Raises PermissionDenied (not a supervisor), DomainError (name taken)."""
    require(user, Action.TASKFORCE_MANAGE)
    task_force = TaskForce(name=name.strip(), leader=leader, mandate=mandate)
    task_force.full_clean(validate_unique=False)
    if TaskForce.objects.filter(name=task_force.name).exists():
        raise DomainError(MSG_TASKFORCE_NAME_TAKEN, field="name", code="duplicate")
    task_force.save()
    task_force.members.set(list(members))
    return task_force


@records_history
@transaction.atomic
def taskforce_update(*, user: Any, task_force: TaskForce, expected_version: int | None,
                     members: Iterable[Person] | None = None, **changes: Any) -> TaskForce:
    """Change a task force's name, mandate, leader, active flag or members, refusing a stale edit
    (Conflict) the same way task edits do."""
    require(user, Action.TASKFORCE_MANAGE)
    allowed = {"name", "mandate", "leader", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = TaskForce.objects.select_for_update().get(pk=task_force.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(MSG_TASKFORCE_CONFLICT % {"current": locked.version, "yours": expected_version})
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean(validate_unique=False)
    if TaskForce.objects.filter(name=locked.name).exclude(pk=locked.pk).exists():
        raise DomainError(MSG_TASKFORCE_NAME_TAKEN, field="name", code="duplicate")
    locked.version += 1
    locked.save()
    if members is not None:
        locked.members.set(list(members))
    return locked


@records_history
@transaction.atomic
def taskforce_tasks_add(*, user: Any, task_force: TaskForce, tasks: Sequence[Task],
                        move: bool = False) -> list[TaskForceTask]:
    """Put tasks under a task force. A task already owned by another task force is refused
    (DomainError naming the tasks) unless `move` is true; nothing is written on refusal."""
    require(user, Action.TASKFORCE_MANAGE)
    ids = [t.pk for t in tasks]
    elsewhere = TaskForceTask.objects.filter(task_id__in=ids).exclude(task_force=task_force).select_related("task")
    if elsewhere and not move:
        codes = "、".join(link.task.code for link in elsewhere)
        raise DomainError(MSG_TASK_IN_OTHER_TASKFORCE % {"codes": codes}, code="in_other_task_force")
    links = []
    for link in elsewhere:
        link.delete()  # history records the removal from the former task force
    existing = set(TaskForceTask.objects.filter(task_force=task_force, task_id__in=ids).values_list("task_id",
                                                                                                     flat=True))
    for task in tasks:
        if task.pk in existing:
            continue
        link = TaskForceTask(task_force=task_force, task=task, added_by=user if user.is_authenticated else None)
        link.save()
        links.append(link)
    return links


@records_history
@transaction.atomic
def taskforce_tasks_remove(*, user: Any, task_force: TaskForce, tasks: Sequence[Task]) -> int:
    """Take tasks out of a task force; returns how many were removed."""
    require(user, Action.TASKFORCE_MANAGE)
    removed = 0
    for link in TaskForceTask.objects.filter(task_force=task_force, task__in=list(tasks)):
        link.delete()  # one by one so that each removal is in the history
        removed += 1
    return removed


# --- assignment -------------------------------------------------------------------------------

@records_history
@transaction.atomic
def tasks_assign(*, user: Any, tasks: Sequence[Task], lead_unit: Unit | None = UNSET,
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


# --- progress and evaluation, written by other apps -------------------------------------------

@transaction.atomic
def task_progress_record(*, task: Task, percent: int | None, note: str = "", reason: str = "") -> Task:
    """Record progress on a task from an accepted report: percent done, the progress note and,
    following from them, the status (not started → in progress; 100% → completed).

    This is the reports app's only way to change a task. It increases `version`, so an
    editor holding an older version is told of the conflict. The change reason (which
    report) is stored on the history record.
    """
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if percent is not None:
        locked.progress_percent = max(0, min(100, int(percent)))
    if note:
        locked.progress_note = note
    if locked.status not in (TaskStatus.CANCELLED, TaskStatus.SUSPENDED):
        if locked.progress_percent >= 100:
            locked.status = TaskStatus.COMPLETED
        elif locked.progress_percent > 0 and locked.status == TaskStatus.NOT_STARTED:
            locked.status = TaskStatus.IN_PROGRESS
    locked.full_clean()
    locked.version += 1
    with recording(reason=reason):
        locked.save()
    return locked


def tasks_light_set(*, lights: Mapping[int, str], batch_size: int = 2000) -> int:
    """Write evaluated lights ({task id: light}) for many tasks at once; returns rows changed.

    One UPDATE per light and batch instead of a save per task: evaluation covers every task
    (100,000 must be feasible). The light is a derived value, not an edit, so it does not go
    into the task history (and does not bump `version`, so no editor is disturbed); the
    evaluated states over time are kept in oversight's snapshots instead.
    """
    by_light: dict[str, list[int]] = defaultdict(list)
    for task_id, light in lights.items():
        by_light[light].append(task_id)
    changed = 0
    for light, ids in by_light.items():
        for start in range(0, len(ids), batch_size):
            chunk = ids[start:start + batch_size]
            changed += Task.objects.filter(pk__in=chunk).exclude(light=light).update(light=light)
    return changed


# --- liaison ----------------------------------------------------------------------------------

@records_history
@transaction.atomic
def liaison_create(*, user: Any, task: Task, department: str, request: str, asked_on: date,
                   department_unit: Unit | None = None, channel: str = "meeting", contact: str = "",
                   answer: str = "", answered_on: date | None = None, status: str = LiaisonStatus.PENDING,
                   follow_up_on: date | None = None) -> LiaisonRecord:
    """Log a request to a higher-level department about a task. Supervisors log for any task,
    reporters for their unit's tasks (the record is marked with their unit). Raises
    NotFound (task not visible), PermissionDenied, ValidationError (dates out of order)."""
    task = task_get_visible(user, task.pk)
    require(user, Action.LIAISON_WRITE, task)
    unit_id = unit_id_of(user)
    record = LiaisonRecord(
        task=task, department=department.strip(), department_unit=department_unit, channel=channel,
        request=request.strip(), asked_on=asked_on, contact=contact, answer=answer, answered_on=answered_on,
        status=status, follow_up_on=follow_up_on, created_by=user,
        unit_id=unit_id if unit_id is not None else task.lead_unit_id,
    )
    record.full_clean()
    record.save()
    return record


@records_history
@transaction.atomic
def liaison_update(*, user: Any, record: LiaisonRecord, expected_version: int | None,
                   **changes: Any) -> LiaisonRecord:
    """Record the answer, status or follow-up date of a liaison, refusing a stale edit (Conflict)."""
    require(user, Action.LIAISON_WRITE, record)
    unknown = set(changes) - LIAISON_EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = LiaisonRecord.objects.select_for_update().get(pk=record.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(MSG_LIAISON_CONFLICT)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.version += 1
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:  # the database's own date check, should clean() have missed it
        raise DomainError(_("答复日期不能早于对接日期。"), field="answered_on") from exc
    return locked
