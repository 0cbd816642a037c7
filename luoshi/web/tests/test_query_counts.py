"""Fixed query counts for the pages a province opens most (issue 15, point 2).

Each page is asked with 5 rows of what it lists and again with 50: the number of queries must
be the same (no query per row: select_related, prefetch_related or annotations instead), and
at most the budget pinned here. A new panel or column that queries per row fails this test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.api.models import ApiToken
from luoshi.indicators.models import Indicator
from luoshi.ledger.models import Task
from luoshi.ledger.services import taskforce_create, taskforce_tasks_add
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory
from luoshi.portal.services import task_publication_update
from luoshi.projects.models import KeyProject
from luoshi.reports.choices import ReportStatus
from luoshi.reports.models import Evidence, ProgressReport

pytestmark = pytest.mark.django_db

_serial = count(1)


def login(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def queries(fetch: Callable[[], object]) -> int:
    cache.clear()  # the battle map caches its figures: measure the cold path
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert getattr(response, "status_code", 200) == 200
    return len(captured.captured_queries)


def add_tasks(p: Personas, n: int) -> None:
    """n tasks of unit A with a co-unit, a responsible person and a parent, public half of them."""
    for _ in range(n):
        i = next(_serial)
        task = task_factory(f"推进海河实验室建设第{i}项", code=f"Q-{i:04d}", lead_unit=p.unit_a,
                            co_units=[p.unit_b], parent=p.task_a, category="科技创新",
                            deadline=timezone.localdate() + timedelta(days=i))
        if i % 2:
            task_publication_update(task=task, user=p.supervisor, expected_version=1, is_public=True,
                                    public_explanation="支持海河实验室建设。", applies_to_industries="生物医药")


def add_reports_and_history(p: Personas, n: int) -> None:
    """n reports with evidence and n history rows on task A."""
    task = Task.objects.get(pk=p.task_a.pk)
    for _ in range(n):
        i = next(_serial)
        report = ProgressReport.objects.create(
            task=task, period_key=f"Q{i:04d}", period_start=timezone.localdate(), period_end=timezone.localdate(),
            due_date=timezone.localdate(), status=ReportStatus.ACCEPTED, narrative=f"第{i}次进展",
            percent_done=min(100, i), author=p.reporter_a, unit=p.unit_a, submitted_at=timezone.now())
        Evidence.objects.create(report=report, file=f"evidence/x/{i}.pdf", original_name=f"{i}.pdf", kind="pdf",
                                content_type="application/pdf", size=10, sha256="0" * 64)
        task.progress_note = f"第{i}次说明"
        task.save()


def add_task_forces(p: Personas, n: int) -> None:
    """n task forces, each with a member of unit A and a task of its own and one of unit B."""
    for _ in range(n):
        i = next(_serial)
        force = taskforce_create(user=p.supervisor, name=f"第{i}专班", leader=p.leader.person,
                                 members=[p.reporter_a.person])
        own = task_factory(f"专班任务{i}", code=f"F-{i:04d}", lead_unit=p.unit_a)
        other = task_factory(f"他单位专班任务{i}", code=f"G-{i:04d}", lead_unit=p.unit_b)
        taskforce_tasks_add(user=p.supervisor, task_force=force, tasks=[own, other])


def add_catalogue(p: Personas, n: int) -> None:
    """n key projects and n indicators task A could be linked to; it serves the first of each."""
    for k in range(n):
        i = next(_serial)
        project = KeyProject.objects.create(year=2024, code=f"K-{i:04d}", name=f"重点项目{i}")
        indicator = Indicator.objects.create(name=f"指标{i}", unit="%")
        if k == 0:
            project.tasks.add(p.task_a)
            indicator.tasks.add(p.task_a)


def api_client(user: object) -> Client:
    _token, raw = ApiToken.issue(user=user, name="查询计数")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


# page → (who asks: a persona, "api:" + persona for a bearer token, "" for the public; the URL
# ("{task}" is task A's id); its query; how the page grows; the queries it makes today: raise
# only with a reason). Counted with the session and user lookups of a signed-in request.
Grow = Callable[[Personas, int], None]
PAGES: dict[str, tuple[str, str, dict[str, str], Grow, int]] = {
    # the filter form reads the units and, for its office filter, the offices: one query each;
    # the rows come with their lead unit joined and nothing more (no co-units: the page shows none)
    "ledger list, supervisor": ("supervisor", "/ledger/", {}, add_tasks, 7),
    "ledger list, reporter": ("reporter_a", "/ledger/", {}, add_tasks, 7),
    "ledger list, filtered": ("supervisor", "/ledger/", {"category": "科技创新"}, add_tasks, 7),
    "API task list, supervisor": ("api:supervisor", "/api/v1/tasks", {}, add_tasks, 4),
    "API task list, reporter": ("api:reporter_a", "/api/v1/tasks", {}, add_tasks, 4),
    "task detail (children)": ("supervisor", "/ledger/tasks/{task}/", {}, add_tasks, 23),
    "task detail (reports, history)": ("supervisor", "/ledger/tasks/{task}/", {}, add_reports_and_history, 23),
    # a reporter's visibility is asked once, when the task is read (ledger.permissions.can_view_task)
    "task detail, reporter": ("reporter_a", "/ledger/tasks/{task}/", {}, add_reports_and_history, 21),
    # serving key projects and indicators: their panels (targets, observations, milestones,
    # investment, batches) and the history of the links; the rest of the catalogue, which it
    # could be linked to, comes by search and is not read
    "task detail (projects, indicators)": ("supervisor", "/ledger/tasks/{task}/", {}, add_catalogue, 32),
    "public search": ("", "/public/measures/", {"q": "海河实验室"}, add_tasks, 2),
    "public finder": ("", "/public/finder/", {"industry": "生物医药"}, add_tasks, 4),
    "public search, API": ("", "/api/v1/public/measures", {"q": "海河 实验室", "industry": "生物医药"}, add_tasks, 1),
    "battle-map data, cold": ("supervisor", "/briefings/dashboard/data.json", {}, add_tasks, 18),
    # one query per level below the top tasks, whatever lies beneath them; then the rows drawn
    "coverage, supervisor": ("supervisor", "/briefings/coverage/", {}, add_tasks, 10),
    # the visible task ids of every task force come in one prefetch, never one query per row
    "API task forces, reporter": ("api:reporter_a", "/api/v1/task-forces", {}, add_task_forces, 4),
    "task forces page, reporter": ("reporter_a", "/ledger/taskforces/", {}, add_task_forces, 4),
}


def client_as(personas: Personas, who: str) -> Client:
    if not who:
        return Client()
    if who.startswith("api:"):
        return api_client(getattr(personas, who.removeprefix("api:")))
    return login(getattr(personas, who))


@pytest.mark.parametrize("page", list(PAGES))
def test_a_page_makes_the_same_queries_for_5_rows_as_for_50(personas: Personas, page: str) -> None:
    who, url, params, grow, budget = PAGES[page]
    client = client_as(personas, who)
    url = url.format(task=personas.task_a.pk)
    grow(personas, 5)
    if who.startswith("api:"):
        client.get(url, params)  # a token's last use is written once a minute: not in what is counted
    few = queries(lambda: client.get(url, params))
    grow(personas, 45)
    many = queries(lambda: client.get(url, params))
    assert few == many, f"{page}: {few} queries with 5 rows, {many} with 50"
    assert many <= budget, f"{page}: {many} queries, budget {budget}"


def test_following_the_ledgers_next_links_costs_what_page_one_costs(personas: Personas) -> None:
    """Deep pages come by cursor (keyset on code), never OFFSET, for the same queries as page 1."""
    add_tasks(personas, 60)
    client = login(personas.supervisor)
    client.get("/ledger/")  # the session is cached from here on
    url = "/ledger/"
    seen: list[str] = []
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counts.append(len(captured.captured_queries))
        assert not any(" OFFSET " in q["sql"].upper() for q in captured.captured_queries)
        page = response.context["page"]
        seen += [t.code for t in page]
        if not page.has_next:
            break
        url = f"/ledger/?cursor={page.next_cursor}&page={page.next_number}"
    assert seen == sorted(Task.objects.values_list("code", flat=True)) and len(set(counts)) == 1


def test_the_api_task_list_pages_by_cursor(personas: Personas) -> None:
    add_tasks(personas, 30)
    client = api_client(personas.supervisor)
    body = client.get("/api/v1/tasks", {"page_size": 20}).json()
    assert body["count"] == 33 and body["count_capped"] is False and body["previous_cursor"] is None
    second = client.get("/api/v1/tasks", {"page_size": 20, "cursor": body["next_cursor"]}).json()
    assert len(second["results"]) == 13 and second["next_cursor"] is None
    back = client.get("/api/v1/tasks", {"page_size": 20, "cursor": second["previous_cursor"]}).json()
    assert [r["code"] for r in back["results"]] == [r["code"] for r in body["results"]]
    bad = client.get("/api/v1/tasks", {"cursor": "not-a-cursor"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_cursor"


def test_with_a_shared_cache_the_ledger_reads_its_rows_and_count_only(personas: Personas, shared_cache: None) -> None:
    """With Redis, the reader (ledger.backends) and the filter bar (core.formrenderer.fields_drawn)
    are kept between requests: what is left is the page's count and its rows."""
    add_tasks(personas, 5)
    client = login(personas.supervisor)
    client.get("/ledger/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/ledger/")
    assert response.status_code == 200 and 'name="unit"' in response.content.decode()
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in captured.captured_queries]
    assert '"ledger_unit"' not in tables, tables
    assert len(captured.captured_queries) <= 3, tables  # the session, the count, the rows


def test_a_reporters_task_page_asks_their_view_of_the_task_not_in_every_panel(personas: Personas) -> None:
    """The page reads the task through the reporter's view (lead unit, or co-unit: a semi-join on
    the co-units); the rows of its panels are the task's, asked of the task once
    (ledger.permissions.of_task_visible_to), not joined again with every task the reporter sees.
    The view stays in the task's read, its co-units and the list of its children: 8 → 3."""
    client = login(personas.reporter_a)
    add_reports_and_history(personas, 3)
    url = f"/ledger/tasks/{personas.task_a.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert sum("ledger_task_co_units" in q["sql"] for q in captured.captured_queries) == 3
    reports = list(ProgressReport.objects.filter(task=personas.task_a).values_list("period_key", flat=True))
    assert len(reports) == 3 and all(f">{key}</a>" in page for key in reports)  # the panels keep their rows


def test_with_a_shared_cache_a_task_page_reads_the_catalogues_facts_once(personas: Personas,
                                                                         shared_cache: None) -> None:
    """The year indicators open on, the projects' data month and whether anything is left to link
    are facts of the whole catalogue: kept until a write to it renews its token (core.kept)."""
    from luoshi.core.kept import renew
    from luoshi.indicators.constants import FIGURES_TOKEN as INDICATOR_FIGURES
    from luoshi.projects.constants import FIGURES_TOKEN as PROJECT_FIGURES

    add_catalogue(personas, 3)
    client = login(personas.supervisor)
    url = f"/ledger/tasks/{personas.task_a.pk}/"
    client.get(url)

    def counted() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    kept = counted()
    renew(INDICATOR_FIGURES, PROJECT_FIGURES)
    # the indicators' default year and count of active ones, the projects' data month and count
    assert counted() == kept + 4
    assert counted() == kept
