"""Task forces (工作专班): create, edit with a version check, add and remove tasks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, DomainError
from luoshi.core.history import acting_user, records_history
from luoshi.core.types import UserLike
from luoshi.ledger.models import Person, Task, TaskForce, TaskForceTask
from luoshi.ledger.offices import office_for_new_plan, scope_of
from luoshi.ledger.permissions import Action, can, can_view_task, require

MSG_TASKFORCE_CONFLICT = _("该专班已被他人修改(当前版本 %(current)s,您编辑的是版本 %(yours)s)。请刷新后重新修改。")
MSG_TASKFORCE_NAME_TAKEN = _("已有同名的工作专班。")
MSG_TASK_IN_OTHER_TASKFORCE = _("任务 %(codes)s 已属于其他专班;如需转入本专班,请勾选“从原专班转入”。")
MSG_TASK_NOT_VISIBLE = _("只能将您可以查看的任务纳入专班。")
MSG_TASK_IN_FOREIGN_TASKFORCE = _("任务 %(codes)s 属于其他督查机构的专班,不能转入本专班。")
MSG_PERSON_OUT_OF_OFFICE = _("专班负责人和成员须是本机构辖区内的人员:%(names)s 不是。")


def _check_people(user: UserLike, people: Iterable[Person]) -> None:
    """An office's task force is led and staffed by people of its jurisdiction (DomainError naming
    the others); the installation's supervisors choose anyone."""
    scope = scope_of(user)
    if scope is None:
        return
    outside = [person for person in people if not scope.holds(person)]
    if outside:
        raise DomainError(MSG_PERSON_OUT_OF_OFFICE % {"names": "、".join(str(p) for p in outside)},
                          field="members", code="out_of_office")


@records_history
@transaction.atomic
def taskforce_create(*, user: UserLike, name: str, leader: Person, members: Iterable[Person] = (),
                     mandate: str = "") -> TaskForce:
    """Create a task force, under the creator's office (None: the installation's). Raises
    PermissionDenied (not a supervisor), DomainError (name taken, a leader or member outside the
    office's jurisdiction)."""
    require(user, Action.TASKFORCE_MANAGE)
    members = list(members)
    _check_people(user, [leader, *members])
    task_force = TaskForce(name=name.strip(), leader=leader, mandate=mandate, office=office_for_new_plan(user))
    task_force.full_clean(validate_unique=False)
    if TaskForce.objects.filter(name=task_force.name).exists():
        raise DomainError(MSG_TASKFORCE_NAME_TAKEN, field="name", code="duplicate")
    task_force.save()
    task_force.members.set(members)
    return task_force


@records_history
@transaction.atomic
def taskforce_update(*, user: UserLike, task_force: TaskForce, expected_version: int | None,
                     members: Iterable[Person] | None = None, **changes: Any) -> TaskForce:
    """Change a task force's name, mandate, leader, active flag or members, refusing a stale edit
    (Conflict) the same way task edits do. An office's supervisor edits only the task forces of
    its office and those beneath (PermissionDenied), with people of its jurisdiction (DomainError)."""
    require(user, Action.TASKFORCE_MANAGE, task_force)
    allowed = {"name", "mandate", "leader", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if members is not None:
        members = list(members)
    _check_people(user, [*([changes["leader"]] if changes.get("leader") else []), *(members or [])])
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
def taskforce_tasks_add(*, user: UserLike, task_force: TaskForce, tasks: Sequence[Task],
                        move: bool = False) -> list[TaskForceTask]:
    """Put tasks under a task force. A task already owned by another task force is refused
    (DomainError naming the tasks) unless `move` is true; nothing is written on refusal. Only
    tasks the user may see are taken, and a task is moved only out of a task force the user
    manages (another office's keeps it)."""
    require(user, Action.TASKFORCE_MANAGE, task_force)
    if not all(can_view_task(user, task) for task in tasks):
        raise DomainError(MSG_TASK_NOT_VISIBLE, field="task_ids", code="not_visible")
    ids = [t.pk for t in tasks]
    elsewhere = list(TaskForceTask.objects.filter(task_id__in=ids).exclude(task_force=task_force)
                     .select_related("task", "task_force"))
    foreign = [link for link in elsewhere if not can(user, Action.TASKFORCE_MANAGE, link.task_force)]
    if foreign:
        codes = "、".join(link.task.code for link in foreign)
        raise DomainError(MSG_TASK_IN_FOREIGN_TASKFORCE % {"codes": codes}, code="in_foreign_task_force")
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
        link = TaskForceTask(task_force=task_force, task=task, added_by=acting_user(user))
        link.save()
        links.append(link)
    return links


@records_history
@transaction.atomic
def taskforce_tasks_remove(*, user: UserLike, task_force: TaskForce, tasks: Sequence[Task]) -> int:
    """Take tasks out of a task force the user manages; returns how many were removed."""
    require(user, Action.TASKFORCE_MANAGE, task_force)
    removed = 0
    for link in TaskForceTask.objects.filter(task_force=task_force, task__in=list(tasks)):
        link.delete()  # one by one so that each removal is in the history
        removed += 1
    return removed
