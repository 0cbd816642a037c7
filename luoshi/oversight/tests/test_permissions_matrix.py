"""Every role × every action of the five mechanisms, through the API and through the pages (#4).

Each cell states the status a role gets. A refusal (401, 403, 404) must change nothing: the
database's fingerprint is compared before and after. 404 answers an object the role may not
see at all (as if it did not exist); 403 answers an action the role may not take on an object
it may see, or may not take at all.
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

from luoshi.ledger.tests.factories import Personas
from luoshi.oversight.tests.world import World, build_world, fingerprint
from luoshi.reports.tests.files import PDF

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "supervisor", "reporter_a", "reporter_b", "leader", "admin")
REFUSALS = {401, 403, 404}


@dataclass(frozen=True)
class Case:
    """One action: how to call it, and the status for (supervisor, reporter A, reporter B, leader, admin)."""

    name: str
    method: str
    url: Callable[[World], str]
    expected: tuple[int, int, int, int, int]
    body: Callable[[World], dict[str, Any]] | None = None
    upload: bool = False

    def status_for(self, role: str, anonymous: int) -> int:
        return anonymous if role == "anonymous" else self.expected[ROLES.index(role) - 1]


def _today() -> Any:
    return timezone.localdate()


API_CASES = [
    # ledger: tasks and their plan
    Case("task view", "get", lambda w: f"/tasks/{w.p.task_a.pk}", (200, 200, 404, 200, 200)),
    Case("task edit plan", "patch", lambda w: f"/tasks/{w.p.task_a.pk}", (200, 403, 404, 403, 200),
         lambda w: {"version": w.p.task_a.version, "deadline": str(_today() + timedelta(days=500)),
                   "reason": "专班会议决定延期"}),
    Case("task edit progress note", "patch", lambda w: f"/tasks/{w.p.task_a.pk}", (200, 200, 404, 403, 200),
         lambda w: {"version": w.p.task_a.version, "progress_note": "已完成选址"}),
    Case("task history", "get", lambda w: f"/tasks/{w.p.task_a.pk}/history", (200, 200, 404, 200, 200)),
    # organise
    Case("assign", "post", lambda w: "/assignments", (200, 403, 403, 403, 200),
         lambda w: {"task_ids": [w.task_e.pk], "co_unit_ids": [w.p.unit_b.pk]}),
    Case("task force list", "get", lambda w: "/task-forces", (200, 200, 200, 200, 200)),
    Case("task force create", "post", lambda w: "/task-forces", (201, 403, 403, 403, 201),
         lambda w: {"name": "新专班", "leader_id": w.p.leader.person.pk}),
    Case("task force edit", "patch", lambda w: f"/task-forces/{w.task_force.pk}", (200, 403, 403, 403, 200),
         lambda w: {"version": 1, "mandate": "统筹"}),
    Case("task force add tasks", "post", lambda w: f"/task-forces/{w.task_force.pk}/tasks", (200, 403, 403, 403, 200),
         lambda w: {"task_ids": [w.task_e.pk]}),
    Case("workload units", "get", lambda w: "/workload/units", (200, 200, 200, 200, 200)),
    Case("workload of unit A", "get", lambda w: f"/workload/units/{w.p.unit_a.pk}", (200, 200, 403, 200, 200)),
    Case("workload of reporter A", "get", lambda w: f"/workload/people/{w.p.reporter_a.person.pk}",
         (200, 200, 403, 200, 200)),
    # liaise
    Case("liaison list", "get", lambda w: f"/liaisons?task={w.p.task_a.pk}", (200, 200, 404, 200, 200)),
    Case("liaison create", "post", lambda w: "/liaisons", (201, 201, 404, 403, 201),
         lambda w: {"task_id": w.p.task_a.pk, "department": "商务部", "request": "争取政策", "asked_on": str(_today())}),
    Case("liaison update", "patch", lambda w: f"/liaisons/{w.liaison.pk}", (200, 200, 404, 403, 200),
         lambda w: {"version": 1, "status": "answered", "answer": "同意支持", "answered_on": str(_today())}),
    # report
    Case("report view", "get", lambda w: f"/reports/{w.submitted.pk}", (200, 200, 404, 200, 200)),
    Case("draft view", "get", lambda w: f"/reports/{w.draft.pk}", (404, 200, 404, 404, 404)),
    Case("report create", "post", lambda w: "/reports/", (403, 201, 404, 403, 403),
         lambda w: {"task_id": w.task_e.pk, "narrative": "进展", "percent_done": 5, "submit": True}),
    Case("draft edit", "patch", lambda w: f"/reports/{w.draft.pk}", (404, 200, 404, 404, 404),
         lambda w: {"narrative": "改过的草稿"}),
    Case("draft submit", "post", lambda w: f"/reports/{w.draft.pk}/submit", (404, 200, 404, 404, 404)),
    Case("evidence upload", "post", lambda w: f"/reports/{w.draft.pk}/evidence", (404, 201, 404, 404, 404),
         upload=True),
    Case("evidence download", "get", lambda w: f"/reports/evidence/{w.evidence.pk}/download",
         (200, 200, 404, 200, 200)),
    Case("report accept", "post", lambda w: f"/reports/{w.submitted.pk}/accept", (200, 403, 404, 403, 200),
         lambda w: {"grade": 4}),
    Case("report return", "post", lambda w: f"/reports/{w.submitted.pk}/return", (200, 403, 404, 403, 200),
         lambda w: {"comment": "请补充"}),
    Case("report resubmit", "post", lambda w: f"/reports/{w.returned.pk}/resubmit", (403, 201, 404, 403, 403),
         lambda w: {"narrative": "已补充"}),
    Case("period close", "post", lambda w: f"/reports/periods/{w.period}/close", (200, 403, 403, 403, 200),
         lambda w: {}),
    Case("milestone add", "post", lambda w: f"/reports/tasks/{w.p.task_a.pk}/milestones", (201, 403, 404, 403, 201),
         lambda w: {"title": "竣工", "due_date": str(_today() + timedelta(days=100))}),
    Case("inbox", "get", lambda w: "/reports/inbox", (200, 200, 200, 200, 200)),
    # evaluate
    Case("evaluate now", "post", lambda w: "/oversight/evaluate", (202, 403, 403, 403, 202)),
    Case("snapshot on demand", "post", lambda w: "/oversight/snapshots", (201, 403, 403, 403, 201)),
    Case("snapshot list", "get", lambda w: "/oversight/snapshots", (200, 200, 200, 200, 200)),
    Case("task evaluation", "get", lambda w: f"/oversight/tasks/{w.p.task_a.pk}/evaluation", (200, 200, 404, 200, 200)),
    # adjust
    Case("adjustment view", "get", lambda w: f"/oversight/adjustments/{w.adjustment.pk}", (200, 200, 404, 200, 200)),
    Case("adjustment request", "post", lambda w: "/oversight/adjustments", (201, 201, 404, 403, 201),
         lambda w: {"task_id": w.task_e.pk, "reason": "延期", "changes": {"deadline": str(_today() + timedelta(days=300))}}),
    Case("adjustment approve", "post", lambda w: f"/oversight/adjustments/{w.adjustment.pk}/approve",
         (200, 403, 404, 403, 200), lambda w: {}),
    Case("adjustment refuse", "post", lambda w: f"/oversight/adjustments/{w.adjustment.pk}/refuse",
         (200, 403, 404, 403, 200), lambda w: {"comment": "理由不足"}),
    Case("adjustment withdraw", "post", lambda w: f"/oversight/adjustments/{w.adjustment.pk}/withdraw",
         (403, 200, 404, 403, 403)),
    # supervise and assess
    Case("notice view", "get", lambda w: f"/oversight/notices/{w.notice.pk}", (200, 200, 404, 200, 200)),
    Case("notice issue", "post", lambda w: "/oversight/notices", (201, 403, 403, 403, 201),
         lambda w: {"task_id": w.task_d.pk, "requirement": "限期整改"}),
    Case("notice reply", "post", lambda w: f"/oversight/notices/{w.notice.pk}/reply", (403, 200, 404, 403, 403),
         lambda w: {"reply": "已整改"}),
    Case("notice close", "post", lambda w: f"/oversight/notices/{w.answered_notice.pk}/close",
         (200, 403, 404, 403, 200), lambda w: {"comment": "办结"}),
    Case("assessment view", "get", lambda w: f"/oversight/assessments/{w.period}", (200, 200, 200, 200, 200)),
    Case("assessment compute", "post", lambda w: f"/oversight/assessments/{w.period}/compute",
         (200, 403, 403, 403, 200)),
    Case("comment", "post", lambda w: f"/oversight/tasks/{w.p.task_a.pk}/comments", (201, 201, 404, 201, 201),
         lambda w: {"body": "抓紧推进"}),
]

PAGE_CASES = [
    Case("task page", "get", lambda w: f"/ledger/tasks/{w.p.task_a.pk}/", (200, 200, 404, 200, 200)),
    Case("task force list", "get", lambda w: "/ledger/taskforces/", (200, 200, 200, 200, 200)),
    Case("task force create", "post", lambda w: "/ledger/taskforces/", (302, 403, 403, 403, 302),
         lambda w: {"name": "新专班", "leader": w.p.leader.person.pk, "is_active": "on"}),
    Case("bulk assign page", "get", lambda w: "/ledger/assign/", (200, 403, 403, 403, 200)),
    Case("task assign", "post", lambda w: f"/ledger/tasks/{w.p.task_a.pk}/assign/", (302, 403, 404, 403, 302),
         lambda w: {"lead_unit": w.p.unit_a.pk, "co_units": [w.p.unit_b.pk], "report_frequency": "quarterly",
                    "version": w.p.task_a.version}),
    Case("liaison list", "get", lambda w: "/ledger/liaison/", (200, 200, 200, 200, 200)),
    Case("liaison form", "get", lambda w: f"/ledger/tasks/{w.p.task_a.pk}/liaison/new/", (200, 200, 404, 403, 200)),
    Case("workload", "get", lambda w: "/ledger/workload/", (200, 200, 200, 200, 200)),
    Case("workload of unit A", "get", lambda w: f"/ledger/workload/units/{w.p.unit_a.pk}/", (200, 200, 403, 200, 200)),
    Case("reports inbox", "get", lambda w: "/reports/", (200, 200, 200, 200, 200)),
    Case("report page", "get", lambda w: f"/reports/{w.submitted.pk}/", (200, 200, 404, 200, 200)),
    Case("draft page", "get", lambda w: f"/reports/{w.draft.pk}/", (404, 200, 404, 404, 404)),
    Case("report form", "get", lambda w: f"/reports/tasks/{w.task_e.pk}/new/", (403, 200, 404, 403, 403)),
    Case("report submit", "post", lambda w: f"/reports/tasks/{w.task_e.pk}/new/", (403, 302, 404, 403, 403),
         lambda w: {"period_key": f"{_today():%Y-%m}", "narrative": "进展", "percent_done": 5, "action": "submit",
                    "idempotency_key": "page-1"}),
    Case("report accept", "post", lambda w: f"/reports/{w.submitted.pk}/review/", (302, 403, 404, 403, 302),
         lambda w: {"decision": "accept", "grade": 4}),
    Case("resubmit form", "get", lambda w: f"/reports/{w.returned.pk}/resubmit/", (403, 200, 404, 403, 403)),
    Case("evidence download", "get", lambda w: f"/reports/evidence/{w.evidence.pk}/", (200, 200, 404, 200, 200)),
    Case("periods", "get", lambda w: "/reports/periods/", (200, 403, 403, 403, 200)),
    Case("oversight home", "get", lambda w: "/oversight/", (200, 200, 200, 200, 200)),
    Case("evaluate now", "post", lambda w: "/oversight/evaluate/", (302, 403, 403, 403, 302), lambda w: {}),
    Case("adjustment form", "get", lambda w: f"/oversight/tasks/{w.p.task_a.pk}/adjust/", (200, 200, 404, 403, 200)),
    Case("adjustment approve", "post", lambda w: f"/oversight/adjustments/{w.adjustment.pk}/",
         (302, 403, 404, 403, 302), lambda w: {"decision": "approve"}),
    Case("notice form", "get", lambda w: f"/oversight/tasks/{w.task_d.pk}/notice/", (200, 403, 404, 403, 200)),
    Case("notice reply", "post", lambda w: f"/oversight/notices/{w.notice.pk}/", (403, 302, 404, 403, 403),
         lambda w: {"action": "reply", "reply": "已整改"}),
    Case("assessment", "get", lambda w: "/oversight/assessment/", (200, 200, 200, 200, 200)),
    Case("assessment compute", "post", lambda w: "/oversight/assessment/", (302, 403, 403, 403, 302),
         lambda w: {"period_key": w.period}),
    Case("comment", "post", lambda w: f"/oversight/tasks/{w.p.task_a.pk}/comment/", (302, 302, 404, 302, 302),
         lambda w: {"body": "抓紧推进"}),
]


def _user(p: Personas, role: str) -> Any:
    return None if role == "anonymous" else getattr(p, role)


def _call(client: Client, case: Case, world: World, prefix: str, as_json: bool) -> Any:
    url = prefix + case.url(world)
    if case.method == "get":
        return client.get(url)
    if case.upload:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(url, data={"files": [SimpleUploadedFile("证明.pdf", PDF)]})
    body = case.body(world) if case.body else {}
    if as_json:
        return getattr(client, case.method)(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=body)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", API_CASES, ids=lambda c: c.name)
def test_api_matrix(case: Case, role: str, personas: Personas) -> None:
    world = build_world(personas)
    client = Client()
    user = _user(personas, role)
    if user is not None:
        client.force_login(user)
    before = fingerprint()
    response = _call(client, case, world, "/api/v1", as_json=True)
    expected = case.status_for(role, anonymous=401)
    assert response.status_code == expected, (case.name, role, response.content[:300])
    if expected in REFUSALS:
        assert fingerprint() == before, f"{case.name} refused for {role} but changed data"
        assert set(response.json()) >= {"code", "message"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.name)
def test_page_matrix(case: Case, role: str, personas: Personas) -> None:
    world = build_world(personas)
    client = Client()
    user = _user(personas, role)
    if user is not None:
        client.force_login(user)
    before = fingerprint()
    response = _call(client, case, world, "", as_json=False)
    expected = case.status_for(role, anonymous=302)
    assert response.status_code == expected, (case.name, role, response.content[:300])
    if role == "anonymous":
        assert "/login/" in response["Location"]
    if expected in REFUSALS or role == "anonymous":
        assert fingerprint() == before, f"{case.name} refused for {role} but changed data"
    if case.method == "post" and expected == 302 and role != "anonymous":
        assert fingerprint() != before or case.name == "evaluate now", f"{case.name} for {role} changed nothing"
