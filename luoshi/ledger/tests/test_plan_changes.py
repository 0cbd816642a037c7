"""A direct change of a task's plan (deadline, target, units) says why, and an installation may
take such changes only through adjustment requests (issue 13)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings

from luoshi.core.errors import DomainError
from luoshi.ledger.models import Task
from luoshi.ledger.services import task_update
from luoshi.ledger.services.tasks import MSG_PLAN_BY_ADJUSTMENT_ONLY, MSG_PLAN_REASON_REQUIRED
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def test_a_deadline_changed_without_a_reason_is_refused_and_nothing_changes(personas: Personas) -> None:
    task = personas.task_a
    before = (task.deadline, task.version)
    with pytest.raises(DomainError) as refused:
        task_update(task=task, user=personas.supervisor, deadline=date(2030, 6, 30))
    assert str(refused.value.message) == str(MSG_PLAN_REASON_REQUIRED)
    task.refresh_from_db()
    assert (task.deadline, task.version) == before


def test_the_reason_of_a_direct_change_is_in_the_history(personas: Personas) -> None:
    task = task_update(task=personas.task_a, user=personas.supervisor, deadline=date(2030, 6, 30),
                       reason="区政府常务会议决定延期")
    # The first row with the new deadline is the change; the light re-evaluated after it follows.
    change = task.history.filter(deadline=date(2030, 6, 30)).order_by("history_id").first()
    assert change is not None
    assert change.history_change_reason == "区政府常务会议决定延期"
    assert change.history_user == personas.supervisor


def test_fields_outside_the_plan_and_an_unchanged_deadline_need_no_reason(personas: Personas) -> None:
    task = personas.task_a
    task_update(task=task, user=personas.supervisor, deadline=task.deadline, expected_outcome="建成投用")
    assert Task.objects.get(pk=task.pk).expected_outcome == "建成投用"


@override_settings(LUOSHI={**settings.LUOSHI, "PLAN_CHANGES_BY_ADJUSTMENT_ONLY": True})
def test_an_installation_can_take_plan_changes_only_by_adjustment(personas: Personas) -> None:
    with pytest.raises(PermissionDenied) as refused:
        task_update(task=personas.task_a, user=personas.supervisor, deadline=date(2030, 6, 30), reason="延期")
    assert str(refused.value) == str(MSG_PLAN_BY_ADJUSTMENT_ONLY)
    # Other fields still change directly.
    task_update(task=personas.task_a, user=personas.supervisor, expected_outcome="建成投用")


def test_the_api_asks_for_the_reason_in_chinese(personas: Personas) -> None:
    client = Client()
    assert client.login(username=personas.supervisor.username, password=PASSWORD)
    url = f"/api/v1/tasks/{personas.task_a.pk}"
    refused = client.patch(url, data=json.dumps({"version": personas.task_a.version, "deadline": "2030-06-30"}),
                           content_type="application/json")
    assert refused.status_code == 400 and refused.json()["message"] == str(MSG_PLAN_REASON_REQUIRED)
    done = client.patch(url, data=json.dumps({"version": personas.task_a.version, "deadline": "2030-06-30",
                                              "reason": "专班会议决定延期"}), content_type="application/json")
    assert done.status_code == 200 and done.json()["deadline"] == "2030-06-30"
