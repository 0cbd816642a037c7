"""Objects named by id in a request body: every one must exist (and a task be visible), or the call fails."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError, NotFound
from luoshi.ledger.models import Person, Task, Unit
from luoshi.ledger.permissions import tasks_visible_to

MSG_UNIT_NOT_FOUND = _("单位不存在。")
MSG_PERSON_NOT_FOUND = _("人员不存在。")
MSG_TASKS_NOT_FOUND = _("以下任务不存在或无权查看:%(ids)s")


def tasks_or_refuse(request: HttpRequest, ids: list[int]) -> list[Task]:
    tasks = list(tasks_visible_to(request.user, Task.objects.filter(pk__in=ids)))
    missing = sorted(set(ids) - {t.pk for t in tasks})
    if missing:
        raise NotFound(MSG_TASKS_NOT_FOUND % {"ids": ", ".join(map(str, missing))})
    return tasks


def person_or_refuse(pk: int | None) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise DomainError(MSG_PERSON_NOT_FOUND, field="person")
    return person


def units_or_refuse(ids: list[int]) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise DomainError(MSG_UNIT_NOT_FOUND, field="unit")
    return units
