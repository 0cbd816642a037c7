"""The briefings API: the same data as the pages, the same visibility."""

from __future__ import annotations

import pytest
from django.test import Client

from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_dashboard_endpoint_matches_the_page_data(ledger: Ledger, client: Client) -> None:
    assert client.login(username="sup", password=PASSWORD)
    data = client.get("/api/v1/briefings/dashboard?level=district").json()
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == 5
    levels = client.get("/api/v1/briefings/dashboard?dimension=by_level").json()["by_level"]
    assert [r["key"] for r in levels] == ["national", "city", "district", "zone"]
    # the second call is served from the cache, byte for byte what the page's JSON view serves
    again = client.get("/api/v1/briefings/dashboard?level=district")
    page = client.get("/briefings/dashboard/data.json?level=district")
    assert again["Content-Type"].startswith("application/json") and again.content == page.content


def test_the_dashboard_endpoint_refuses_a_bad_filter_in_chinese(ledger: Ledger, client: Client) -> None:
    assert client.login(username="sup", password=PASSWORD)
    response = client.get("/api/v1/briefings/dashboard?level=galaxy")
    assert response.status_code == 400 and response.json()["message"].startswith("level: 选择一个有效的选项")
    unknown = client.get("/api/v1/briefings/dashboard?dimension=by_mood")
    assert unknown.status_code == 400 and unknown.json() == {"code": "invalid_filter", "message": "dimension: 未知的统计维度。"}


def test_anonymous_api_calls_get_401(client: Client) -> None:
    assert client.get("/api/v1/briefings/dashboard").status_code == 401


def test_a_briefing_is_generated_through_a_job(ledger: Ledger, client: Client) -> None:
    assert client.login(username="sup", password=PASSWORD)
    job = client.post("/api/v1/briefings/briefings", {"period": "2024"}, content_type="application/json")
    assert job.status_code == 202 and job.json()["status"] == "queued"
    jobs_run_pending()
    status = client.get(f"/api/v1/briefings/jobs/{job.json()['id']}").json()
    assert status["status"] == "done"
    briefing = client.get(f"/api/v1/briefings/briefings/{status['result']['briefing_id']}").json()
    assert briefing["figures"]["counts"]["total"] == 9
    assert client.get("/api/v1/briefings/briefings").json()["count"] == 1


def test_a_ledger_export_is_queued_for_its_owner_only(ledger: Ledger, client: Client) -> None:
    assert client.login(username="rep_a", password=PASSWORD)
    job = client.post("/api/v1/briefings/exports/ledger", {"filters": {"level": "district"}},
                      content_type="application/json").json()
    jobs_run_pending()
    status = client.get(f"/api/v1/briefings/jobs/{job['id']}").json()
    assert status["result"] == {"rows": 4} and status["download_url"]
    client.logout()
    assert client.login(username="rep_b", password=PASSWORD)
    assert client.get(f"/api/v1/briefings/jobs/{job['id']}").status_code == 404
