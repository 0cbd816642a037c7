"""The inputs that used to give 500: out-of-range years, huge amounts, explicit nulls, impossible dates,
unknown addresses and malformed uploads. Each now gets a clear 4xx in the error format."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(personas: Personas) -> Client:
    client = Client()
    client.force_login(personas.supervisor)
    return client


def indicator_id(client: Client) -> int:
    response = client.post("/api/v1/indicators", data={"name": "新增研发机构", "unit": "家"},
                           content_type="application/json")
    assert response.status_code == 201
    return int(response.json()["id"])


def project_id(client: Client) -> int:
    response = client.post("/api/v1/projects", data={"year": 2024, "code": "P-1", "name": "超算中心二期"},
                           content_type="application/json")
    assert response.status_code == 201
    return int(response.json()["id"])


def assert_clear_4xx(response: Any, status: int) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] and body["message"]


@pytest.mark.parametrize("year", [0, -912, 63940])
def test_out_of_range_years_are_422(year: int, supervisor: Client) -> None:
    pk = indicator_id(supervisor)
    assert_clear_4xx(supervisor.get("/api/v1/indicators/status", {"year": year}), 422)
    assert_clear_4xx(supervisor.get(f"/api/v1/indicators/{pk}", {"year": year}), 422)
    assert_clear_4xx(supervisor.get(f"/api/v1/indicators/{pk}/observations", {"year": year}), 422)
    assert_clear_4xx(supervisor.put(f"/api/v1/indicators/{pk}/targets/{year}", data={},
                                    content_type="application/json"), 422)
    assert_clear_4xx(supervisor.post("/api/v1/projects", data={"year": year, "code": "P-9", "name": "x"},
                                     content_type="application/json"), 422)
    assert_clear_4xx(supervisor.get("/api/v1/projects", {"year": year}), 422)


def test_an_explicit_null_in_a_patch_is_422_and_changes_nothing(supervisor: Client) -> None:
    pk = indicator_id(supervisor)
    response = supervisor.patch(f"/api/v1/indicators/{pk}", data={"aliases": None, "name": None},
                                content_type="application/json")
    assert_clear_4xx(response, 422)
    assert supervisor.get(f"/api/v1/indicators/{pk}").json()["name"] == "新增研发机构"
    project = project_id(supervisor)
    assert_clear_4xx(supervisor.patch(f"/api/v1/projects/{project}", data={"name": None},
                                      content_type="application/json"), 422)
    # null still clears what may be empty
    assert supervisor.patch(f"/api/v1/indicators/{pk}", data={"responsible_unit_id": None},
                            content_type="application/json").status_code == 200


@pytest.mark.parametrize("amount", [1e308, -1e308])
def test_huge_amounts_are_refused(amount: float, supervisor: Client) -> None:
    project = project_id(supervisor)
    response = supervisor.put(f"/api/v1/projects/{project}/investments/3", data={"amount": amount},
                              content_type="application/json")
    assert 400 <= response.status_code < 500 and response.json()["message"]
    pk = indicator_id(supervisor)
    response = supervisor.put(f"/api/v1/indicators/{pk}/observations/2024-03", data={"value": amount},
                              content_type="application/json")
    assert 400 <= response.status_code < 500 and response.json()["message"]


def test_an_impossible_date_in_an_adjustment_is_400(supervisor: Client, personas: Personas) -> None:
    response = supervisor.post("/api/v1/oversight/adjustments", data={
        "task_id": personas.task_a.pk, "changes": {"deadline": "2024-02-30"}, "reason": "工期顺延"},
        content_type="application/json")
    assert 400 <= response.status_code < 500 and response.json()["message"]


@pytest.mark.parametrize("path", ["/api/v1/reports/evidence/null,null", "/api/v1/no-such-thing",
                                  "/api/v1/reports/abc"])
def test_an_unknown_api_address_is_json_404(path: str, supervisor: Client) -> None:
    response = supervisor.get(path)
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_an_unknown_page_is_still_a_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")


def test_a_multipart_upload_without_a_boundary_is_400(supervisor: Client) -> None:
    response = supervisor.generic("POST", "/api/v1/documents", b"file=x", content_type="multipart/form-data")
    assert_clear_4xx(response, 400)
    assert response.json()["code"] == "invalid_body"


def test_an_explicit_null_for_a_tasks_text_is_422_on_every_database(supervisor: Client, personas: Personas) -> None:
    response = supervisor.patch(f"/api/v1/tasks/{personas.task_a.pk}",
                                data={"version": 1, "expected_outcome": None, "progress_note": None},
                                content_type="application/json")
    assert_clear_4xx(response, 422)
    cleared = supervisor.patch(f"/api/v1/tasks/{personas.task_a.pk}", data={"version": 1, "deadline": None, "reason": "完成时限待定"},
                               content_type="application/json")
    assert cleared.status_code == 200 and cleared.json()["deadline"] is None


def test_a_write_the_database_refuses_is_a_409_not_a_500(supervisor: Client) -> None:
    from django.db import IntegrityError
    from django.test import RequestFactory

    from luoshi.api.urls import api

    response = api.on_exception(RequestFactory().post("/api/v1/projects"), IntegrityError("duplicate key"))
    assert response.status_code == 409 and b"integrity" in response.content
