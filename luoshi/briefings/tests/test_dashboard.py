"""The battle map's data: every number drills down to exactly the tasks behind it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.briefings.filtersets import NONE_VALUE
from luoshi.briefings.selectors import dashboard_cache_key, dashboard_data, dashboard_json, drill_task_list
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def drill_count(user: Any, data: dict[str, Any], extra: dict[str, Any]) -> int:
    _filterset, rows = drill_task_list(user=user, filters={**data["filters"], **extra})
    return rows.count()


def test_the_kpis_count_the_ledger(ledger: Ledger) -> None:
    data = dashboard_data(user=ledger.personas.supervisor)
    kpis = {k["key"]: k["value"] for k in data["kpis"]}
    assert kpis["total"] == 9
    assert kpis["completed"] == 2
    assert kpis["overdue"] == 3          # task_a and task_b (deadlines in 2024) and the late district task
    assert kpis["red"] == 1 and kpis["yellow"] == 1


def test_every_number_drills_down_to_the_same_count_of_tasks(ledger: Ledger) -> None:
    user = ledger.personas.supervisor
    data = dashboard_data(user=user)
    for kpi in data["kpis"]:
        assert drill_count(user, data, kpi["filters"]) == kpi["value"], kpi
    for key in ["by_category", "by_programme", "by_level", "by_unit"]:
        rows = data[key] if key in data else dashboard_data(user=user, dimension=key)[key]
        for row in rows:
            assert drill_count(user, data, row["filters"]) == row["total"], (key, row)
            for light, n in row["lights"].items():
                assert drill_count(user, data, {**row["filters"], "light": light}) == n, (key, row, light)
    for row in data["unit_ranking"]["rows"]:
        assert drill_count(user, data, row["filters"]) == row["total"]
    for row in data["by_status"]:
        assert drill_count(user, data, row["filters"]) == row["value"]


def test_drill_down_under_dashboard_filters_keeps_them(ledger: Ledger) -> None:
    user = ledger.personas.supervisor
    data = dashboard_data(user=user, filters={"unit": str(ledger.personas.unit_a.pk), "level": "district"})
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == 4  # unit A leads three, co-operates on one
    by_unit = dashboard_data(user=user, filters=data["filters"], dimension="by_unit")["by_unit"]
    assert by_unit
    for row in by_unit:
        assert drill_count(user, data, row["filters"]) == row["total"]


def test_tasks_without_category_or_unit_drill_down_too(ledger: Ledger) -> None:
    user = ledger.personas.supervisor
    data = dashboard_data(user=user)
    no_unit = next(r for r in dashboard_data(user=user, dimension="by_unit")["by_unit"] if r["key"] == NONE_VALUE)
    assert no_unit["total"] == 1  # the national task has no lead unit
    assert drill_count(user, data, no_unit["filters"]) == 1
    no_document = dashboard_data(user=user, dimension="by_programme")["by_programme"]
    assert [(r["key"], r["total"]) for r in no_document] == [(NONE_VALUE, 9)]
    assert drill_count(user, data, no_document[0]["filters"]) == 9


def test_an_unknown_dimension_is_an_error(ledger: Ledger) -> None:
    assert "errors" in dashboard_data(user=ledger.personas.supervisor, dimension="by_mood")


def test_a_reporter_sees_the_battle_map_of_their_unit_only(ledger: Ledger) -> None:
    data = dashboard_data(user=ledger.personas.reporter_b)
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == 3
    assert [r["title"] for r in data["overdue"]] == ["实施7个片区合流制改造"]


def test_overdue_and_at_risk_lists_link_to_the_tasks(ledger: Ledger) -> None:
    data = dashboard_data(user=ledger.personas.supervisor)
    assert [r["title"] for r in data["overdue"]] == ["实施7个片区合流制改造", "建设海河实验室", "建成海河实验室中试基地"]
    assert [r["title"] for r in data["at_risk"]] == ["建成海河实验室中试基地", "建设国家级创新平台"]  # red first
    assert data["task_url"].replace("{id}", str(ledger.city.pk)) == ledger.city.get_absolute_url()


def test_the_timeline_counts_deadlines_per_task_force(ledger: Ledger) -> None:
    from luoshi.ledger.models import Person, TaskForce, TaskForceTask

    leader = Person.objects.get(user=ledger.personas.leader)
    force = TaskForce.objects.create(name="科技创新专班", leader=leader)
    TaskForceTask.objects.create(task_force=force, task=ledger.city)
    data = dashboard_data(user=ledger.personas.supervisor)
    groups = {g["name"]: g for g in data["timeline"]["groups"]}
    assert "科技创新专班" in groups
    assert ledger.city.deadline is not None
    month = ledger.city.deadline.strftime("%Y-%m")
    assert groups["科技创新专班"]["months"][month]["due"] == 1
    assert drill_count(ledger.personas.supervisor, data, groups["科技创新专班"]["filters"]) == 1


def test_the_unit_ranking_uses_assessment_scores_when_there_are_some(ledger: Ledger) -> None:
    from luoshi.oversight.models import UnitScore

    UnitScore.objects.create(period_key="2024-09", unit=ledger.personas.unit_b, total=92.5, rank=1, task_count=3)
    UnitScore.objects.create(period_key="2024-09", unit=ledger.personas.unit_a, total=80.0, rank=2, task_count=6)
    ranking = dashboard_data(user=ledger.personas.supervisor)["unit_ranking"]
    assert ranking["kind"] == "assessment"
    assert [(r["name"], r["score"], r["rank"]) for r in ranking["rows"]] == [("区生态环境局", 92.5, 1),
                                                                             ("区科技局", 80.0, 2)]


def test_a_period_reads_lights_from_that_months_snapshot(ledger: Ledger) -> None:
    from luoshi.oversight.services.evaluation import snapshot_take

    snapshot, _created = snapshot_take(key="2024-09", kind="monthly", as_of=date(2024, 9, 30))
    user = ledger.personas.supervisor
    data = dashboard_data(user=user, filters={"period": "2024-09"})
    assert data["source"] == "snapshot" and data["snapshot"] == "2024-09"
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == snapshot.task_count
    for kpi in data["kpis"]:
        assert drill_count(user, data, kpi["filters"]) == kpi["value"], kpi
    for key in ["by_category", "by_unit", "by_level"]:
        rows = data[key] if key in data else dashboard_data(user=user, filters={"period": "2024-09"},
                                                            dimension=key)[key]
        for row in rows:
            assert drill_count(user, data, row["filters"]) == row["total"]
            for light, n in row["lights"].items():
                assert drill_count(user, data, {**row["filters"], data["light_filter"]: light}) == n
    assert data["trend"]["periods"] == ["2024-09"]


@pytest.mark.parametrize("who", ["supervisor", "reporter_a"])
def test_the_staged_progress_figure_drills_down_whichever_snapshot_closes_the_period(ledger: Ledger,
                                                                                      who: str) -> None:
    """The figure comes from the trend when the trend ends at the period's snapshot, else it is
    counted: the latest month, an earlier one, a quarter, and a month with no snapshot of its own
    (live figures, while the trend still ends at an earlier month)."""
    from luoshi.oversight.services.evaluation import snapshot_take

    snapshot_take(key="2024-08", kind="monthly", as_of=date(2024, 8, 31))
    snapshot_take(key="2024-09", kind="monthly", as_of=date(2024, 9, 30))
    user = getattr(ledger.personas, who)
    for period in ["", "2024-08", "2024-09", "2024-Q3", "2024-11"]:
        data = dashboard_data(user=user, filters={"period": period} if period else {})
        staged = next(k for k in data["kpis"] if k["key"] == "staged")
        assert drill_count(user, data, staged["filters"]) == staged["value"], period
        if period in {"", "2024-09", "2024-Q3"}:
            assert data["trend"]["staged"][-1] == staged["value"], period


def test_bad_filters_give_errors_not_numbers(ledger: Ledger) -> None:
    data = dashboard_data(user=ledger.personas.supervisor, filters={"level": "galaxy"})
    assert "errors" in data and "kpis" not in data


def test_the_data_endpoint_is_cached_per_visibility_and_filters(ledger: Ledger, client: Client,
                                                                 django_assert_max_num_queries: Any,
                                                                 django_assert_num_queries: Any) -> None:
    assert client.login(username="sup", password=PASSWORD)
    url = reverse("briefings:dashboard_data")
    with django_assert_max_num_queries(30):
        first = client.get(url)
    assert first.status_code == 200
    # The user with their person record, in one query: the numbers come from the cache, and the
    # body is served as it was stored. The session comes from the cache too where it is shared
    # (Redis); without it, from the database (config.settings.session_engine): one query more.
    from django.conf import settings

    cached_sessions = settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    with django_assert_num_queries(1 if cached_sessions else 2):
        second = client.get(url)
    assert second.status_code == 200 and second["Content-Type"] == "application/json"
    assert second.content == first.content
    assert json.loads(first.content)["kpis"] == json.loads(second.content)["kpis"]
    client.logout()
    assert client.login(username="rep_b", password=PASSWORD)
    assert {k["key"]: k["value"] for k in json.loads(client.get(url).content)["kpis"]}["total"] == 3


def test_dashboard_queries_do_not_grow_with_the_number_of_tasks(ledger: Ledger,
                                                                django_assert_max_num_queries: Any) -> None:
    from luoshi.ledger.tests.factories import task_factory, unit_factory

    for n in range(40):
        task_factory(f"批量任务{n}", lead_unit=unit_factory(), category=f"类别{n % 7}", status="in_progress",
                     progress_percent=n % 100)
    with django_assert_max_num_queries(24):
        data = dashboard_data(user=ledger.personas.supervisor, use_cache=False)
    assert {k["key"]: k["value"] for k in data["kpis"]}["total"] == 49


def test_the_dashboard_page_and_drill_list_render(ledger: Ledger, client: Client,
                                                  django_assert_max_num_queries: Any) -> None:
    assert client.login(username="lead", password=PASSWORD)
    assert client.get(reverse("briefings:dashboard")).status_code == 200
    with django_assert_max_num_queries(12):
        page = client.get(reverse("briefings:tasks") + "?" + urlencode({"category_is": "科技创新", "light": "red"}))
    html = page.content.decode()
    assert "建成海河实验室中试基地" in html and "建设国家级创新平台" not in html
    assert 'id="export-xlsx"' in html


def test_anonymous_visitors_get_no_numbers(client: Client) -> None:
    response = client.get(reverse("briefings:dashboard_data"))
    assert response.status_code == 302


def test_the_office_filter_counts_that_offices_tasks_and_its_numbers_drill_down(ledger: Ledger) -> None:
    """Issue 10: the battle map's filters gain the office; every number still opens its tasks."""
    from luoshi.briefings.forms import DashboardFilterForm
    from luoshi.ledger.models import Task, Unit

    office = Unit.objects.create(name="某区人民政府办公室", short_name="某区政府办", level="district", is_office=True)
    owned = list(Task.objects.order_by("code")[:3])
    Task.objects.filter(pk__in=[t.pk for t in owned]).update(office=office)
    user = ledger.personas.supervisor  # installation-wide: may look at any office
    data = dashboard_data(user=user, filters={"office": str(office.pk)})
    kpis = {k["key"]: k["value"] for k in data["kpis"]}
    assert kpis["total"] == 3
    for kpi in data["kpis"]:
        assert drill_count(user, data, kpi["filters"]) == kpi["value"], kpi
    assert DashboardFilterForm({"office": office.pk}).is_valid()
    assert "office" in DashboardFilterForm().fields


def test_a_reporter_is_offered_only_the_task_forces_they_may_see(ledger: Ledger, client: Client) -> None:
    """The battle map's and the timetable's task force filters, and the words of a drill-down
    filter, name a task force only to those who may see it (ledger.permissions.taskforces_visible_to)."""
    from luoshi.ledger.services import taskforce_create, taskforce_tasks_add

    p = ledger.personas
    theirs = taskforce_create(user=p.supervisor, name="生态环境专班", leader=p.leader.person)
    taskforce_tasks_add(user=p.supervisor, task_force=theirs, tasks=[p.task_b])
    hidden = taskforce_create(user=p.supervisor, name="海河实验室攻坚专班", leader=p.leader.person)
    assert client.login(username="rep_b", password=PASSWORD)
    for url in (reverse("briefings:dashboard"), reverse("briefings:timeline")):
        page = client.get(url).content.decode()
        assert theirs.name in page and hidden.name not in page
    drill = client.get(reverse("briefings:tasks"), {"task_force": hidden.pk}).content.decode()
    assert hidden.name not in drill
    client.logout()
    assert client.login(username="sup", password=PASSWORD)
    assert hidden.name in client.get(reverse("briefings:dashboard")).content.decode()


def test_the_cache_key_follows_scope_filters_day_and_language(ledger: Ledger, settings: Any) -> None:
    """Issue 15: the key is made from the inputs of the visibility rule, not its SQL; it must still
    part every scope, filter, day and language the figures depend on."""
    from django.utils import translation

    from luoshi.ledger.choices import Role
    from luoshi.ledger.tests.factories import user_factory

    p = ledger.personas
    a_colleague = user_factory("rep_a_2", role=Role.REPORTER, unit=p.unit_a)

    def key(user: Any, **filters: Any) -> str:
        return dashboard_cache_key(user=user, filters=filters)

    assert key(p.reporter_a) == key(a_colleague)  # one unit, one scope: one cached copy
    assert len({key(p.supervisor), key(p.reporter_a), key(p.reporter_b)}) == 3
    assert key(p.supervisor) == key(p.leader) == key(p.admin)  # installation-wide readers
    assert key(p.supervisor, level="city") != key(p.supervisor) != key(p.supervisor, level="district")
    with translation.override("en"):
        english = key(p.supervisor)
    assert english != key(p.supervisor)
    settings.LUOSHI_BUSINESS_DATE = "2024-10-31"
    day_one = key(p.supervisor)
    settings.LUOSHI_BUSINESS_DATE = "2024-11-01"
    assert key(p.supervisor) != day_one


def test_offices_sharing_a_jurisdiction_share_tasks_but_not_their_ranking(ledger: Ledger) -> None:
    """Two offices of one district government see the same tasks (same visibility key) but each
    reads its own stored ranking: their battle maps are cached apart."""
    from django.contrib.auth.models import User

    from luoshi.ledger.choices import Role, UnitLevel
    from luoshi.ledger.models import Person
    from luoshi.ledger.permissions import task_visibility_key
    from luoshi.ledger.tests.factories import unit_factory, user_factory

    government = unit_factory("某区人民政府", level=UnitLevel.DISTRICT)
    users = []
    for n, name in enumerate(["某区人民政府办公室", "某区发展和改革委员会"]):
        office = unit_factory(name, parent=government, is_office=True)
        user = user_factory(f"office_sup_{n}", role=Role.SUPERVISOR)
        Person.objects.filter(user=user).update(office=office)
        users.append(User.objects.get(pk=user.pk))
    assert task_visibility_key(users[0]) == task_visibility_key(users[1])
    assert dashboard_cache_key(user=users[0], filters={}) != dashboard_cache_key(user=users[1], filters={})


def test_the_cached_figures_expire(ledger: Ledger, settings: Any, client: Client,
                                   django_assert_max_num_queries: Any) -> None:
    """The figures are kept DASHBOARD_CACHE_SECONDS; with 0 they are computed on every request,
    even where another server, configured otherwise, keeps them in the cache they share."""
    import time

    from django.core.cache import cache

    supervisor = ledger.personas.supervisor
    key = dashboard_cache_key(user=supervisor, filters={"__dimension": ""})
    settings.LUOSHI = {**settings.LUOSHI, "DASHBOARD_CACHE_SECONDS": 1}
    body = dashboard_json(user=supervisor)[0]
    assert cache.get(key) == body
    time.sleep(1.1)
    assert cache.get(key) is None
    settings.LUOSHI = {**settings.LUOSHI, "DASHBOARD_CACHE_SECONDS": 0}
    dashboard_json(user=supervisor)
    assert cache.get(key) is None
    cache.set(key, b'{"kept": "elsewhere"}', 60)
    assert dashboard_json(user=supervisor)[0] != b'{"kept": "elsewhere"}'
    assert client.login(username="sup", password=PASSWORD)
    client.get(reverse("briefings:dashboard_data"))
    with django_assert_max_num_queries(30) as computed:
        client.get(reverse("briefings:dashboard_data"))
    assert len(computed.captured_queries) > 5  # computed again, not read from the cache


def test_bad_filters_are_answered_400_with_the_errors(ledger: Ledger, client: Client) -> None:
    assert client.login(username="sup", password=PASSWORD)
    response = client.get(reverse("briefings:dashboard_data") + "?level=galaxy")
    assert response.status_code == 400 and "level" in response.json()["errors"]
    unknown = client.get(reverse("briefings:dashboard_data") + "?dimension=by_mood")
    assert unknown.status_code == 400 and "dimension" in unknown.json()["errors"]


def test_the_province_wide_figures_come_from_the_tally_and_equal_a_count_of_the_tasks(
        ledger: Ledger, django_assert_num_queries: Any) -> None:
    from luoshi.briefings.selectors import DIMENSIONS, _grouped_by
    from luoshi.core.clock import business_today
    from luoshi.ledger.models import Task
    from luoshi.ledger.services import rollups_refresh_all

    rollups_refresh_all()  # parents count with their roll-up, in the tally as in a live count
    today = business_today()
    every = Task.objects.counted()
    # Every counted task: one read of the tally, which holds the deadlines by month the overdue of
    # past months are summed from, and one of this month's overdue tasks.
    with django_assert_num_queries(2):
        tallied = _grouped_by(every, DIMENSIONS, None, today, overdue_by=DIMENSIONS[0])
    # The same tasks under a filter that keeps them all are counted from the tasks themselves.
    counted = _grouped_by(every.filter(pk__gt=0), DIMENSIONS, None, today, overdue_by=DIMENSIONS[0])
    assert {k: dict(v) for k, v in tallied.items()} == {k: dict(v) for k, v in counted.items()}
    assert sum(c["total"] for c in tallied["by_category"].values()) == 9
    assert sum(c["overdue"] for c in tallied["by_category"].values()) == 3


def test_the_province_wide_timeline_comes_from_the_tally_and_equals_a_count_of_the_tasks(
        ledger: Ledger, django_assert_num_queries: Any) -> None:
    """The timeline of every counted task sums the tally's deadlines; the same tasks under a filter
    are counted on the tasks. Both count each task's own status (done when it is completed), and a
    task due today is on the timeline but not overdue."""
    from luoshi.briefings.selectors import _timeline
    from luoshi.core.clock import business_today
    from luoshi.ledger.choices import TaskStatus
    from luoshi.ledger.models import Task
    from luoshi.ledger.services import rollups_refresh_all
    from luoshi.ledger.tests.factories import task_factory

    today = business_today()
    task_factory("今天到期", deadline=today, category="营商环境")
    task_factory("已完成:含冒号的类别", deadline=today, status=TaskStatus.COMPLETED, category="类别:甲")
    # overdue since yesterday (this month's days are counted on the tasks, unless today is the
    # 1st) and since forty days (an earlier month's, summed from the tally)
    task_factory("昨天到期", deadline=today - timedelta(days=1), category="营商环境")
    task_factory("四十天前到期", deadline=today - timedelta(days=40), category="营商环境")
    rollups_refresh_all()
    every = Task.objects.counted()
    with django_assert_num_queries(2):  # whether there are task forces, then the tally
        tallied = _timeline(every, today)
    counted = _timeline(every.filter(pk__gt=0), today)
    assert tallied == counted
    month = tallied["groups"][0]["months"][today.strftime("%Y-%m")]
    expected = every.filter(deadline__year=today.year, deadline__month=today.month)
    assert month == {"due": expected.count(), "completed": expected.filter(status=TaskStatus.COMPLETED).count()}
    assert month["completed"] >= 1
    # The map reads the tally once, with its breakdowns, and hands the timeline what it read.
    from luoshi.briefings.selectors import DIMENSIONS, _read_tally
    read_with_breakdowns = _read_tally(DIMENSIONS[:1])
    with django_assert_num_queries(1):  # whether there are task forces
        assert _timeline(every, today, tallied=read_with_breakdowns) == tallied
    data = dashboard_data(user=ledger.personas.supervisor, use_cache=False)
    assert "今天到期" not in [r["title"] for r in data["overdue"]]
    overdue = {r["name"]: r for r in data["by_category"]}
    live = every.filter(deadline__lt=today).exclude(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED])
    assert sum(r.get("overdue", 0) for r in overdue.values()) == live.count() == data["overdue_total"]


def test_every_task_headings_included_is_counted_from_the_tasks_not_the_tally(ledger: Ledger) -> None:
    # The tally leaves the headings of a plan out: a breakdown of every task, headings included,
    # must count them from the tasks.
    from luoshi.briefings.selectors import DIMENSIONS, _grouped_by
    from luoshi.core.clock import business_today
    from luoshi.ledger.choices import TaskKind
    from luoshi.ledger.models import Task
    from luoshi.ledger.tests.factories import task_factory

    task_factory("一、科技创新", kind=TaskKind.HEADING, category="科技创新")
    every = _grouped_by(Task.objects.all(), DIMENSIONS, None, business_today())
    counted = _grouped_by(Task.objects.counted(), DIMENSIONS, None, business_today())
    assert sum(c["total"] for c in every["by_category"].values()) == 10
    assert sum(c["total"] for c in counted["by_category"].values()) == 9


def test_the_units_names_are_kept_and_a_renamed_unit_is_named_anew_at_once(
        ledger: Ledger, shared_cache: None, django_assert_num_queries: Any) -> None:
    from luoshi.ledger.selectors.tasks import unit_labels

    unit = ledger.personas.unit_a
    labels = unit_labels()
    assert labels[unit.pk] == unit.short_name
    with django_assert_num_queries(0):  # kept while the unit tree stands
        assert unit_labels() == labels

    def ranked_names() -> set[str]:
        data = dashboard_data(user=ledger.personas.supervisor, use_cache=False)
        return {row["name"] for row in data["unit_ranking"]["rows"]}

    assert unit.short_name in ranked_names()
    unit.short_name = "区科技局(更名)"
    unit.save()
    assert unit_labels()[unit.pk] == "区科技局(更名)"
    assert "区科技局(更名)" in ranked_names()
