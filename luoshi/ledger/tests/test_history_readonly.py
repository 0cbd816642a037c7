"""History cannot be edited through the product: not in the admin, not through the API (#4)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456789")
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_shows_history_but_refuses_to_revert_it(personas: Personas, superuser_client: Client) -> None:
    task = personas.task_a
    task.title = "改过的标题"
    task.save()
    first = task.history.order_by("history_date").first()
    url = reverse("admin:ledger_task_simple_history", args=[task.pk, first.history_id])
    page = superuser_client.get(url)
    assert page.status_code == 200 and "Revert" not in page.content.decode()
    response = superuser_client.post(url, {"title": "建设海河实验室", "code": task.code, "level": task.level})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title == "改过的标题"
    assert task.history.count() == 2


def test_no_api_endpoint_writes_history() -> None:
    from luoshi.api.urls import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        if "history" in path:
            assert set(operations) == {"get"}, path


@pytest.mark.parametrize("model", ["ledger.taskforce", "ledger.taskforcetask", "ledger.liaisonrecord",
                                   "reports.progressreport", "reports.evidence", "reports.milestone",
                                   "reports.reportingperiod", "reports.notification", "oversight.evaluationsnapshot",
                                   "oversight.tasksnapshot", "oversight.adjustmentrequest",
                                   "oversight.supervisionnotice", "oversight.unitscore", "oversight.comment"])
def test_the_admin_lists_the_mechanisms_records(superuser_client: Client, model: str) -> None:
    app, name = model.split(".")
    assert superuser_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["oversight.evaluationsnapshot", "oversight.tasksnapshot", "oversight.comment"])
def test_the_admin_offers_no_add_change_or_delete_on_computed_or_said_records(model: str) -> None:
    """Snapshots are what an evaluation computed and comments what someone said: the admin
    shows them and nothing more (deleting one would rewrite a past briefing or a discussion)."""
    from django.apps import apps
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry[apps.get_model(model)]
    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
