"""The foundation API: authentication, visibility, filters, paging, and the OpenAPI description."""

from __future__ import annotations

import pytest
from django.test import Client

from luoshi.api.models import ApiToken
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize("path", ["/api/v1/tasks", "/api/v1/units", "/api/v1/documents", "/api/v1/tasks/1"])
def test_anonymous_requests_get_401_and_no_data(path: str, personas: Personas) -> None:
    response = Client().get(path)
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert "results" not in body


def test_the_openapi_description_lists_the_ledger_endpoints() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/tasks" in paths and "/api/v1/tasks/{task_id}" in paths and "/api/v1/units" in paths
    assert "/api/v1/documents" in paths


def test_a_supervisor_sees_every_task(personas: Personas) -> None:
    body = client_for(personas.supervisor).get("/api/v1/tasks").json()
    assert body["count"] == 3


def test_a_reporter_sees_only_their_units_tasks(personas: Personas) -> None:
    body = client_for(personas.reporter_a).get("/api/v1/tasks").json()
    titles = sorted(row["title"] for row in body["results"])
    assert titles == ["建设海河实验室", "推进零碳码头建设"]


def test_a_reporter_gets_404_for_another_units_task(personas: Personas) -> None:
    response = client_for(personas.reporter_a).get(f"/api/v1/tasks/{personas.task_b.pk}")
    assert response.status_code == 404


def test_a_reporter_cannot_edit_a_task_they_only_read_about(personas: Personas) -> None:
    response = client_for(personas.leader).patch(
        f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 1, "title": "领导不能改"},
        content_type="application/json",
    )
    assert response.status_code == 403
    personas.task_a.refresh_from_db()
    assert personas.task_a.title == "建设海河实验室"


def test_a_stale_edit_gets_409(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    url = f"/api/v1/tasks/{personas.task_a.pk}"
    first = client.patch(url, data={"version": 1, "title": "改一"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 2
    second = client.patch(url, data={"version": 1, "title": "改二"}, content_type="application/json")
    assert second.status_code == 409
    assert second.json()["code"] == "conflict"


def test_filters_and_pages(personas: Personas) -> None:
    client = client_for(personas.supervisor)
    body = client.get("/api/v1/tasks", {"category": "绿色", "page_size": "1"}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["page_size"] == 1
    body = client.get("/api/v1/tasks", {"unit": personas.unit_a.pk}).json()
    assert body["count"] == 2  # lead unit or co-unit
    body = client.get("/api/v1/tasks", {"q": "海河"}).json()
    assert [r["title"] for r in body["results"]] == ["建设海河实验室"]


def test_an_invalid_filter_is_a_clear_400(personas: Personas) -> None:
    response = client_for(personas.supervisor).get("/api/v1/tasks", {"status": "nonsense"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"


def test_a_bearer_token_authenticates_and_a_revoked_one_does_not(personas: Personas) -> None:
    token, raw = ApiToken.issue(user=personas.supervisor, name="市级平台")
    response = Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert {u["name"] for u in response.json()} >= {"滨海新区科学技术局"}
    token.revoked = True
    token.save()
    assert Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert Client().get("/api/v1/units", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_the_list_gives_each_tasks_co_units_as_its_own_page_does(personas: Personas) -> None:
    from luoshi.ledger.tests.factories import task_factory, unit_factory

    late, early = unit_factory("乙单位"), unit_factory("甲单位")
    shared = task_factory("多家配合", co_units=[late, early, personas.unit_b])
    alone = task_factory("无配合单位")
    client = client_for(personas.supervisor)
    listed = {row["id"]: row for row in client.get("/api/v1/tasks?page_size=100").json()["results"]}
    assert listed[shared.pk]["co_unit_ids"] == client.get(f"/api/v1/tasks/{shared.pk}").json()["co_unit_ids"]
    assert set(listed[shared.pk]["co_unit_ids"]) == {late.pk, early.pk, personas.unit_b.pk}
    assert listed[alone.pk]["co_unit_ids"] == []
    assert listed[shared.pk]["lead_unit_name"] is None and listed[personas.task_a.pk]["lead_unit_name"]


def test_each_row_of_the_list_is_what_the_tasks_own_answer_gives(personas: Personas) -> None:
    """The list builds its rows from columns (ledger.api.schemas.TaskRow), the detail from the
    model: every field of a row is the detail's, in every shape a task takes."""
    from decimal import Decimal

    from luoshi.ledger.tests.factories import task_factory, unit_factory

    short = unit_factory("天津市科学技术局", short_name="市科技局")
    task_factory("有简称的牵头单位", lead_unit=short, co_units=[personas.unit_b], target_value=Decimal("12.50"),
                 target_unit="亿元", parent=personas.task_a, weight=3)
    task_factory("无牵头单位", ongoing=True)
    client = client_for(personas.supervisor)
    page = client.get("/api/v1/tasks?page_size=100").json()
    assert page["count"] >= 3
    for row in page["results"]:
        detail = client.get(f"/api/v1/tasks/{row['id']}").json()
        assert row == {name: detail[name] for name in row}, row["code"]
    assert "市科技局" in {row["lead_unit_name"] for row in page["results"]}
    # The rows' fields are TaskOut's, as the description says.
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schemas["TaskRow"]["properties"]) < set(schemas["TaskDetailOut"]["properties"])


def test_the_lists_cursor_pages_cover_every_task_once(personas: Personas) -> None:
    from luoshi.ledger.tests.factories import task_factory

    for i in range(7):
        task_factory(f"第{i}项")
    client = client_for(personas.supervisor)
    url, seen = "/api/v1/tasks?page_size=3", []
    for _ in range(10):
        page = client.get(url).json()
        seen += [row["code"] for row in page["results"]]
        if not page["next_cursor"]:
            break
        url = f"/api/v1/tasks?page_size=3&cursor={page['next_cursor']}"
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == page["count"]
