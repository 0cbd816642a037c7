"""The office dimension of the permission matrix (issue 10, issue 13): role × action × scope.

Each action is tried by office-bound people on the plans of several offices (see
`offices_world`): the district supervisor on its own task (manage), on the city's task that
falls to its bureau (view only) and on another district's (out of scope); the city supervisor
on the district's task (an office beneath it: manage) and on the national commission's (out of
scope); the district leader on its own and another district's. As in `test_permissions_matrix`,
a refusal (403, 404) changes nothing, and a page's successful post changes something.

Task forces follow their office (issue 10): the district manages and sees its own, the city the
district's (an office beneath), nobody another office's. What reaches beyond one task is tested
below the matrix: each office's assessment ranking of its jurisdiction, kept apart from the
others', and closing a reporting period, which only the installation's supervisors may.
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
TASK_FORCE = (200, 404, 404, 200, 404, 200, 404)
TASK_FORCE_MANAGE_API = (200, 404, 404, 200, 404, 403, 403)


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
    Case("task force view", "get", lambda w, p: f"/task-forces/{p.task_force.pk}", TASK_FORCE),
    Case("task force edit", "patch", lambda w, p: f"/task-forces/{p.task_force.pk}", TASK_FORCE_MANAGE_API,
         lambda w, p: {"version": p.task_force.version, "mandate": "统筹推进"}),
    Case("task force add task", "post", lambda w, p: f"/task-forces/{p.task_force.pk}/tasks",
         TASK_FORCE_MANAGE_API, lambda w, p: {"task_ids": [p.task.pk]}),
    Case("task force remove task", "post", lambda w, p: f"/task-forces/{p.task_force.pk}/tasks/remove",
         TASK_FORCE_MANAGE_API, lambda w, p: {"task_ids": [p.task.pk]}),
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
    Case("task force page", "get", lambda w, p: f"/ledger/taskforces/{p.task_force.pk}/", TASK_FORCE),
    Case("task force add task", "post", lambda w, p: f"/ledger/taskforces/{p.task_force.pk}/",
         (302, 404, 404, 302, 404, 403, 404), lambda w, p: {"action": "add", "codes": p.task.code}),
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


# --- helpers ----------------------------------------------------------------------------------

def _api(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post("/api/v1" + url, data=json.dumps(body or {}), content_type="application/json")


# --- task forces: founding, staffing and filling them within an office ------------------------

def test_a_task_force_belongs_to_the_office_that_founds_it() -> None:
    """An office's supervisor founds task forces under its office; it lists its own and those of
    the offices beneath it, never the installation's or another office's (issue 10)."""
    w = build_office_world()
    district = _post(_api(w.district_sup), "/task-forces", {
        "name": "滨海新区招商专班", "leader_id": w.district_sup.person.pk,
        "member_ids": [w.district_reporter.person.pk]})
    assert district.status_code == 201, district.content
    assert district.json()["office_id"] == w.district_office.pk
    installation = _post(_api(w.installation_sup), "/task-forces", {
        "name": "全域专班", "leader_id": w.other_sup.person.pk})
    assert installation.status_code == 201 and installation.json()["office_id"] is None

    def names(user: Any) -> set[str]:
        return {row["name"] for row in _api(user).get("/api/v1/task-forces").json()}

    assert names(w.district_sup) == {"district专班", "滨海新区招商专班"}
    assert names(w.city_sup) == {"city专班", "district专班", "other专班", "滨海新区招商专班"}
    assert "全域专班" in names(w.installation_sup)
    # a reporter: the task force they sit on (and those owning their unit's tasks), not every one
    assert names(w.district_reporter) == {"滨海新区招商专班"}
    assert _api(w.district_sup).get(f"/api/v1/task-forces/{installation.json()['id']}").status_code == 404


def test_an_office_staffs_its_task_forces_from_its_jurisdiction() -> None:
    """A leader or member from outside the office's jurisdiction is refused with a clear message
    and nothing is written, through the API and the page (issue 10)."""
    w = build_office_world()
    before = office_fingerprint()
    response = _post(_api(w.district_sup), "/task-forces", {"name": "越界专班", "leader_id": w.other_sup.person.pk})
    assert response.status_code == 400
    assert "本机构辖区" in response.json()["message"] and "other_sup" in response.json()["message"]
    plan = w.plans["district"]
    response = _api(w.district_sup).patch(
        f"/api/v1/task-forces/{plan.task_force.pk}", content_type="application/json",
        data=json.dumps({"version": plan.task_force.version, "member_ids": [w.other_sup.person.pk]}))
    assert response.status_code == 400 and "本机构辖区" in response.json()["message"]
    page = _api(w.district_sup).post("/ledger/taskforces/", {"name": "越界专班", "leader": w.other_sup.person.pk})
    assert page.status_code == 200  # the form offers only the jurisdiction's people
    assert office_fingerprint() == before


def test_a_task_force_takes_only_tasks_its_office_sees() -> None:
    """Tasks added must be tasks the supervisor sees (the city's task falling to its bureau is
    one); a task is not taken over from another office's task force (issue 10)."""
    from luoshi.core.errors import DomainError
    from luoshi.ledger.models import TaskForceTask
    from luoshi.ledger.services import taskforce_tasks_add

    w = build_office_world()
    district, city, other = w.plans["district"], w.plans["city"], w.plans["other"]
    before = office_fingerprint()
    assert _post(_api(w.district_sup), f"/task-forces/{district.task_force.pk}/tasks",
                 {"task_ids": [other.task.pk]}).status_code == 404
    with pytest.raises(DomainError) as refused:
        taskforce_tasks_add(user=w.district_sup, task_force=district.task_force, tasks=[other.task])
    assert "可以查看" in str(refused.value.message)
    assert office_fingerprint() == before

    assert _post(_api(w.city_sup), f"/task-forces/{city.task_force.pk}/tasks",
                 {"task_ids": [city.task.pk]}).status_code == 200
    before = office_fingerprint()
    taken = _post(_api(w.district_sup), f"/task-forces/{district.task_force.pk}/tasks",
                  {"task_ids": [city.task.pk], "move": True})
    assert taken.status_code == 400 and "其他督查机构的专班" in taken.json()["message"]
    assert office_fingerprint() == before
    assert TaskForceTask.objects.get(task=city.task).task_force == city.task_force


# --- assessments: each office ranks its own jurisdiction ------------------------------------------

def _period() -> str:
    return f"{timezone.localdate():%Y}"


def _compute_all(w: OfficeWorld) -> None:
    for user in (w.installation_sup, w.city_sup, w.district_sup, w.other_sup):
        response = _post(_api(user), f"/oversight/assessments/{_period()}/compute")
        assert response.status_code == 200, response.content


def test_an_office_computes_the_ranking_of_its_jurisdiction_over_the_tasks_it_sees() -> None:
    """An office-bound supervisor scores the units of its jurisdiction only, over the tasks it
    sees (its bureau leads the city's task too), stored under its office (issue 10)."""
    from luoshi.oversight.models import UnitScore

    w = build_office_world()
    response = _post(_api(w.district_sup), f"/oversight/assessments/{_period()}/compute")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["unit_id"], r["office_id"], r["rank"]) for r in rows] == [(w.district_unit.pk, w.district_office.pk, 1)]
    score = UnitScore.objects.get()
    assert (score.office, score.unit, score.task_count) == (w.district_office, w.district_unit, 2)


def test_offices_keep_their_own_rankings_of_one_period() -> None:
    """One office computing a period neither overwrites nor deletes another office's rows, nor
    the installation's ranking (issue 10)."""
    from django.db.models import Count

    from luoshi.oversight.models import UnitScore

    w = build_office_world()
    _compute_all(w)
    counts = dict(UnitScore.objects.order_by().values_list("office_id").annotate(n=Count("id")))
    assert counts == {None: 3, w.city_office.pk: 2, w.district_office.pk: 1, w.other_office.pk: 1}
    city_ranks = sorted(rank or 0 for rank in UnitScore.objects.filter(office=w.city_office)
                        .values_list("rank", flat=True))
    assert city_ranks in ([1, 2], [1, 1])
    district_rows = list(UnitScore.objects.filter(office=w.district_office).values_list("pk", "total", "computed_at"))
    for user in (w.city_sup, w.installation_sup, w.other_sup):
        assert _post(_api(user), f"/oversight/assessments/{_period()}/compute").status_code == 200
    assert list(UnitScore.objects.filter(office=w.district_office)
                .values_list("pk", "total", "computed_at")) == district_rows
    assert UnitScore.objects.count() == 7


def test_an_office_reads_its_own_ranking_and_opens_its_units_only() -> None:
    """The ranking an office's people read is its own; a unit outside its jurisdiction is not
    found, on the API and the pages; the installation reads the installation's (issue 10)."""
    w = build_office_world()
    _compute_all(w)
    period = _period()

    def ranking(user: Any) -> set[tuple[int, int | None]]:
        rows = _api(user).get(f"/api/v1/oversight/assessments/{period}").json()
        return {(row["unit_id"], row["office_id"]) for row in rows}

    assert ranking(w.district_sup) == {(w.district_unit.pk, w.district_office.pk)}
    assert ranking(w.district_leader) == {(w.district_unit.pk, w.district_office.pk)}
    assert ranking(w.installation_sup) == {(w.district_unit.pk, None), (w.other_unit.pk, None),
                                           (w.national_unit.pk, None)}
    district = _api(w.district_sup)
    trace = district.get(f"/api/v1/oversight/assessments/{period}/units/{w.district_unit.pk}")
    assert trace.status_code == 200
    own = district.get(f"/api/v1/oversight/assessments/{period}").json()[0]
    assert trace.json()["total"] == pytest.approx(own["total"])
    assert district.get(f"/api/v1/oversight/assessments/{period}/units/{w.other_unit.pk}").status_code == 404
    assert _api(w.city_sup).get(f"/api/v1/oversight/assessments/{period}/units/{w.other_unit.pk}").status_code == 200
    assert district.get(f"/oversight/assessment/{period}/units/{w.other_unit.pk}/").status_code == 404
    assert district.get(f"/oversight/assessment/{period}/units/{w.district_unit.pk}/").status_code == 200
    page = district.get(f"/oversight/assessment/?period={period}").content.decode()
    assert w.district_unit.name in page and w.other_unit.name not in page and "辖区内单位的排名" in page


def test_an_office_computes_its_ranking_on_the_page() -> None:
    from luoshi.oversight.models import UnitScore

    w = build_office_world()
    response = _api(w.other_sup).post("/oversight/assessment/", {"period_key": _period()})
    assert response.status_code == 302
    assert set(UnitScore.objects.values_list("office_id", "unit_id")) == {(w.other_office.pk, w.other_unit.pk)}


# --- reporting periods: one for every office -------------------------------------------------------

@pytest.mark.parametrize("who", ["district_sup", "city_sup"])
@pytest.mark.parametrize("action", ["close", "reopen"])
def test_an_office_bound_supervisor_may_not_close_or_reopen_a_period(who: str, action: str) -> None:
    """Closing a period reaches every office: an office's supervisor is refused with a clear
    message (403 on the API; the page shows it in place of the form, a post is 403) and nothing
    changes (issue 10)."""
    from luoshi.ledger.permissions import ACTION_MESSAGES, Action

    w = build_office_world()
    client = _api(getattr(w, who))
    before = office_fingerprint()
    response = _post(client, f"/reports/periods/{_period()}/{action}", {"note": "统一关闭"})
    assert response.status_code == 403
    assert response.json()["message"] == str(ACTION_MESSAGES[Action.PERIOD_MANAGE])
    page = client.get("/reports/periods/")
    assert page.status_code == 200
    assert "不隶属于某一督查机构" in page.content.decode() and 'value="close"' not in page.content.decode()
    # A post is refused as the API refuses it (core.viewutils.attempt): 403, nothing written.
    assert client.post("/reports/periods/", {"key": _period(), "note": "", "action": action}).status_code == 403
    assert office_fingerprint() == before


def test_the_installations_supervisor_closes_a_period_for_every_office() -> None:
    from luoshi.reports.models import ReportingPeriod

    w = build_office_world()
    assert _post(_api(w.installation_sup), f"/reports/periods/{_period()}/close", {"note": "统一关闭"}).status_code == 200
    assert ReportingPeriod.objects.get(key=_period()).closed is True
    response = _api(w.installation_sup).post("/reports/periods/", {"key": _period(), "note": "", "action": "reopen"})
    assert response.status_code == 302 and ReportingPeriod.objects.get(key=_period()).closed is False
    assert _api(w.district_leader).get("/reports/periods/").status_code == 403
