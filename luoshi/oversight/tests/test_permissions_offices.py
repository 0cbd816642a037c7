"""The office dimension of the permission matrix (issue 10, issue 13): role × action × scope.

Each action is tried by office-bound people on the plans of several offices (see
`offices_world`): the district supervisor on its own task (manage), on the city's task that
falls to its bureau (view only) and on another district's (out of scope); the city supervisor
on the district's task (an office beneath it: manage) and on the national commission's (out of
scope); the district leader on its own and another district's. As in `test_permissions_matrix`,
a refusal (403, 404) changes nothing, and a page's successful post changes something.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from luoshi.oversight.tests.offices_world import OfficeWorld, Plan, build_office_world, office_fingerprint

pytestmark = pytest.mark.django_db

# (who, whose plan): own office, a higher office's task falling to it, another office's.
PAIRS = (
    ("district_sup", "district"),  # manages
    ("district_sup", "city"),  # sees, read-only
    ("district_sup", "other"),  # out of scope
    ("city_sup", "district"),  # an office beneath: manages
    ("city_sup", "national"),  # out of scope
    ("district_leader", "district"),  # sees
    ("district_leader", "other"),  # out of scope
)
PAIR_IDS = [f"{who}-on-{whose}" for who, whose in PAIRS]
REFUSALS = {403, 404}

VIEW = (200, 200, 404, 200, 404, 200, 404)
MANAGE_API = (200, 403, 404, 200, 404, 403, 404)
DOCUMENT = (200, 404, 404, 200, 404, 200, 404)
DRAFT = (200, 404, 404, 200, 404, 403, 403)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[OfficeWorld, Plan], str]
    expected: tuple[int, ...]
    body: Callable[[OfficeWorld, Plan], dict[str, Any]] | None = None


def _later(days: int) -> str:
    return str(timezone.localdate() + timedelta(days=days))


API_CASES = [
    Case("task view", "get", lambda w, p: f"/tasks/{p.task.pk}", VIEW),
    Case("task history", "get", lambda w, p: f"/tasks/{p.task.pk}/history", VIEW),
    Case("task evaluation", "get", lambda w, p: f"/oversight/tasks/{p.task.pk}/evaluation", VIEW),
    Case("report view", "get", lambda w, p: f"/reports/{p.report.pk}", VIEW),
    Case("adjustment view", "get", lambda w, p: f"/oversight/adjustments/{p.adjustment.pk}", VIEW),
    Case("notice view", "get", lambda w, p: f"/oversight/notices/{p.notice.pk}", VIEW),
    Case("task edit plan", "patch", lambda w, p: f"/tasks/{p.task.pk}", MANAGE_API,
         lambda w, p: {"version": p.task.version, "deadline": _later(300), "reason": "专班会议决定延期"}),
    Case("assign", "post", lambda w, p: "/assignments", (200, 403, 404, 200, 404, 403, 403),
         lambda w, p: {"task_ids": [p.task.pk], "co_unit_ids": [w.other_unit.pk]}),
    Case("report accept", "post", lambda w, p: f"/reports/{p.report.pk}/accept", MANAGE_API,
         lambda w, p: {"grade": 4}),
    Case("milestone add", "post", lambda w, p: f"/reports/tasks/{p.task.pk}/milestones",
         (201, 403, 404, 201, 404, 403, 404), lambda w, p: {"title": "竣工", "due_date": _later(50)}),
    Case("adjustment approve", "post", lambda w, p: f"/oversight/adjustments/{p.adjustment.pk}/approve",
         MANAGE_API, lambda w, p: {}),
    Case("notice close", "post", lambda w, p: f"/oversight/notices/{p.notice.pk}/close", MANAGE_API,
         lambda w, p: {"comment": "办结"}),
    Case("notice issue", "post", lambda w, p: "/oversight/notices", (201, 403, 404, 201, 404, 403, 403),
         lambda w, p: {"task_id": p.task.pk, "requirement": "限期整改"}),
    Case("comment", "post", lambda w, p: f"/oversight/tasks/{p.task.pk}/comments",
         (201, 201, 404, 201, 404, 201, 404), lambda w, p: {"body": "抓紧推进"}),
    Case("document", "get", lambda w, p: f"/documents/{p.document.pk}", DOCUMENT),
    Case("document drafts", "get", lambda w, p: f"/documents/{p.document.pk}/drafts", DRAFT),
    Case("draft", "get", lambda w, p: f"/documents/drafts/{p.draft.pk}", DRAFT),
    Case("draft confirm", "post", lambda w, p: f"/documents/drafts/{p.draft.pk}/confirm",
         (201, 404, 404, 201, 404, 403, 403), lambda w, p: {}),
    Case("draft reject", "post", lambda w, p: f"/documents/drafts/{p.draft.pk}/reject", DRAFT,
         lambda w, p: {"note": "重复"}),
]

PAGE_CASES = [
    Case("task page", "get", lambda w, p: f"/ledger/tasks/{p.task.pk}/", VIEW),
    Case("task assign", "post", lambda w, p: f"/ledger/tasks/{p.task.pk}/assign/", (302, 403, 404, 302, 404, 403, 404),
         lambda w, p: {"lead_unit": p.task.lead_unit_id, "co_units": [w.other_unit.pk],
                       "report_frequency": "quarterly", "version": p.task.version}),
    Case("report accept", "post", lambda w, p: f"/reports/{p.report.pk}/review/", (302, 403, 404, 302, 404, 403, 404),
         lambda w, p: {"decision": "accept", "grade": 4}),
    Case("adjustment approve", "post", lambda w, p: f"/oversight/adjustments/{p.adjustment.pk}/",
         (302, 403, 404, 302, 404, 403, 404), lambda w, p: {"decision": "approve"}),
    Case("notice form", "get", lambda w, p: f"/oversight/tasks/{p.task.pk}/notice/", (200, 403, 404, 200, 404, 403, 404)),
    Case("comment", "post", lambda w, p: f"/oversight/tasks/{p.task.pk}/comment/", (302, 302, 404, 302, 404, 302, 404),
         lambda w, p: {"body": "抓紧推进"}),
    Case("document page", "get", lambda w, p: f"/documents/{p.document.pk}/", DOCUMENT),
    Case("review page", "get", lambda w, p: f"/ledger/review/{p.document.pk}/", DRAFT),
    Case("draft reject", "post", lambda w, p: f"/ledger/drafts/{p.draft.pk}/reject/",
         (302, 404, 404, 302, 404, 403, 403), lambda w, p: {"note": "重复"}),
    Case("bulk confirm", "post", lambda w, p: f"/ledger/review/{p.document.pk}/bulk/",
         (302, 404, 404, 302, 404, 403, 403), lambda w, p: {"selected": [p.draft.pk], "action": "confirm"}),
]


def _call(case: Case, world: OfficeWorld, who: str, whose: str, prefix: str, as_json: bool) -> Any:
    client = Client()
    client.force_login(getattr(world, who))
    plan = world.plans[whose]
    url = prefix + case.url(world, plan)
    if case.method == "get":
        return client.get(url)
    body = case.body(world, plan) if case.body else {}
    if as_json:
        return getattr(client, case.method)(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=body)


@pytest.mark.parametrize(("who", "whose"), PAIRS, ids=PAIR_IDS)
@pytest.mark.parametrize("case", API_CASES, ids=lambda c: c.name)
def test_api_office_matrix(case: Case, who: str, whose: str) -> None:
    world = build_office_world()
    before = office_fingerprint()
    response = _call(case, world, who, whose, "/api/v1", as_json=True)
    expected = case.expected[PAIRS.index((who, whose))]
    assert response.status_code == expected, (case.name, who, whose, response.content[:300])
    if expected in REFUSALS:
        assert office_fingerprint() == before, f"{case.name} refused for {who} on {whose} but changed data"
        assert set(response.json()) >= {"code", "message"}


@pytest.mark.parametrize(("who", "whose"), PAIRS, ids=PAIR_IDS)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.name)
def test_page_office_matrix(case: Case, who: str, whose: str) -> None:
    world = build_office_world()
    before = office_fingerprint()
    response = _call(case, world, who, whose, "", as_json=False)
    expected = case.expected[PAIRS.index((who, whose))]
    assert response.status_code == expected, (case.name, who, whose, response.content[:300])
    if expected in REFUSALS:
        assert office_fingerprint() == before, f"{case.name} refused for {who} on {whose} but changed data"
    if case.method == "post" and expected == 302:
        assert office_fingerprint() != before, f"{case.name} for {who} on {whose} changed nothing"
