"""Headings of a plan (一、/（一）) are structure, not work: they stay in the tree, the ledger list and
the roll-up, and are left out of the totals of the battle map, briefings, workloads and assessments."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.briefings.selectors import briefing_figures, coverage, dashboard_data, drill_task_list
from luoshi.ledger.choices import TaskKind, TaskStatus
from luoshi.ledger.models import Task
from luoshi.ledger.selectors.workload import unit_workload_rows
from luoshi.ledger.services import rollups_refresh_all
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory
from luoshi.oversight.models import TaskSnapshot
from luoshi.oversight.services import snapshot_take, unit_scores_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def heading(personas: Personas) -> Task:
    """一、科技创新 (led by unit A) above task_a and task_shared; task_b stands alone."""
    heading = task_factory("一、科技创新", kind=TaskKind.HEADING, lead_unit=personas.unit_a, category="科技创新")
    Task.objects.filter(pk__in=[personas.task_a.pk, personas.task_shared.pk]).update(parent=heading)
    Task.objects.filter(pk=personas.task_a.pk).update(status=TaskStatus.IN_PROGRESS, progress_percent=40)
    rollups_refresh_all()
    return heading


def test_a_heading_is_left_out_of_the_battle_maps_and_the_briefings_totals(personas: Personas, heading: Task) -> None:
    kpis = {k["key"]: k["value"] for k in dashboard_data(user=personas.supervisor, use_cache=False)["kpis"]}
    assert kpis["total"] == 3
    today = timezone.localdate()
    figures = briefing_figures(user=personas.supervisor, period=f"{today:%Y-%m}", scope={})
    assert figures["counts"]["total"] == 3
    # the list behind the number agrees; the ledger's own export keeps the heading
    _filters, rows = drill_task_list(user=personas.supervisor)
    assert heading.pk not in set(rows.values_list("pk", flat=True)) and rows.count() == 3
    _filters, everything = drill_task_list(user=personas.supervisor, headings=True)
    assert heading.pk in set(everything.values_list("pk", flat=True))


def test_a_heading_stays_in_the_tree_and_takes_its_figures_from_its_children(personas: Personas,
                                                                           heading: Task) -> None:
    heading.refresh_from_db()
    assert (heading.rollup_progress, heading.children_count) == (20, 2)
    trees = {t.task["pk"]: t for t in coverage(user=personas.supervisor, filters={"root": "district"})["trees"]}
    assert {c.task["pk"] for c in trees[heading.pk].children} == {personas.task_a.pk, personas.task_shared.pk}


def test_a_snapshot_does_not_record_a_heading(personas: Personas, heading: Task) -> None:
    today = timezone.localdate()
    snapshot, _ = snapshot_take(key=f"{today:%Y-%m}", kind="monthly", as_of=today)
    assert snapshot.task_count == 3
    assert not TaskSnapshot.objects.filter(snapshot=snapshot, task=heading).exists()
    recorded = briefing_figures(user=personas.supervisor, period=f"{today:%Y-%m}", scope={})
    assert recorded["source"] == "snapshot" and recorded["counts"]["total"] == 3


def test_a_heading_is_in_no_units_workload_or_score(personas: Personas, heading: Task) -> None:
    rows = {r.pk: r for r in unit_workload_rows(user=personas.supervisor)}
    assert rows[personas.unit_a.pk].lead == 1  # task_a, not the heading it also leads
    scores = {s.unit_id: s for s in unit_scores_compute(period_key=f"{timezone.localdate():%Y-%m}")}
    assert scores[personas.unit_a.pk].task_count == 1


def test_the_task_page_and_the_ledger_list_mark_a_heading(personas: Personas, heading: Task) -> None:
    client = Client()
    client.login(username=personas.supervisor.username, password=PASSWORD)
    page = client.get(heading.get_absolute_url()).content.decode()
    assert "分项标题" in page and "不计入统计总数" in page
    listing = client.get(reverse("ledger:task_list")).content.decode()
    assert listing.count('class="badge task-heading"') == 1


def test_the_api_says_which_tasks_are_headings(personas: Personas, heading: Task) -> None:
    from luoshi.api.models import ApiToken

    _token, raw = ApiToken.issue(user=personas.supervisor, name="市级平台")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    kinds = {row["id"]: row["kind"] for row in client.get("/api/v1/tasks").json()["results"]}
    assert kinds[heading.pk] == "heading" and kinds[personas.task_a.pk] == "measure"
    assert client.get(f"/api/v1/tasks/{heading.pk}").json()["kind"] == "heading"


def test_the_home_pages_figures_are_the_battle_maps(personas: Personas, heading: Task) -> None:
    """The same rule on both pages: headings out, a parent counted by its roll-up (done when its
    children are, lagging when one of them is), whatever its own light and status say."""
    from luoshi.ledger.choices import TrafficLight
    from luoshi.ledger.selectors import home_counts

    Task.objects.filter(pk=heading.pk).update(light=TrafficLight.RED)  # its own, stale: not counted
    Task.objects.filter(pk=personas.task_b.pk).update(light=TrafficLight.UNREPORTED)
    done_parent = task_factory("建设创新平台", lead_unit=personas.unit_a, status=TaskStatus.IN_PROGRESS,
                               light=TrafficLight.GREEN)
    for n in range(2):
        task_factory(f"平台子任务{n}", lead_unit=personas.unit_a, parent=done_parent, status=TaskStatus.COMPLETED,
                     light=TrafficLight.DONE)
    late_parent = task_factory("引进研发机构", lead_unit=personas.unit_a, light=TrafficLight.GREEN)
    task_factory("引进研发机构子任务", lead_unit=personas.unit_a, parent=late_parent, status=TaskStatus.IN_PROGRESS,
                 light=TrafficLight.RED)
    rollups_refresh_all()
    for user in (personas.supervisor, personas.reporter_a):
        kpis = {k["key"]: k["value"] for k in dashboard_data(user=user, use_cache=False)["kpis"]}
        home = home_counts(user=user)
        assert {key: home[key] for key in ("total", "completed", "red", "unreported")} == {
            key: kpis[key] for key in ("total", "completed", "red", "unreported")}
    home = home_counts(user=personas.supervisor)
    # 3 personas' tasks + 2 parents + 3 children; done: the 2 children and their parent; lagging:
    # the child and its parent (not the heading)
    assert (home["total"], home["completed"], home["red"]) == (8, 3, 2)
    client = Client()
    client.force_login(personas.supervisor)
    page = client.get(reverse("web:home"))
    assert page.context["total"] == 8 and page.context["red"] == 2
    # the figure links to the list behind it, which has as many rows
    assert f'href="{reverse("briefings:tasks")}?light=unreported"' in page.content.decode()
    _filters, unreported = drill_task_list(user=personas.supervisor, filters={"light": "unreported"})
    assert unreported.count() == home["unreported"] > 0


def _exported_titles(response: object) -> list[str]:
    import io

    from openpyxl import load_workbook

    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return sorted(str(r[1]) for r in rows[2:])


def test_the_drill_down_lists_export_has_its_rows_and_the_ledgers_keeps_its_headings(personas: Personas,
                                                                                    heading: Task) -> None:
    client = Client()
    client.force_login(personas.supervisor)
    listed = client.get(reverse("briefings:tasks"), {"category_is": "科技创新"})
    on_screen = sorted(t.title for t in listed.context["page"])
    assert heading.title not in on_screen and 'id="export-xlsx"' in listed.content.decode()
    export = client.post(reverse("briefings:ledger_export"), {"category_is": "科技创新"})
    assert _exported_titles(export) == on_screen
    # the ledger list shows its headings, and its export button asks for them
    ledger_page = client.get(reverse("ledger:task_list"), {"category": "科技创新"}).content.decode()
    assert heading.title in ledger_page and 'name="headings" value="1"' in ledger_page
    export = client.post(reverse("briefings:ledger_export"), {"category_is": "科技创新", "headings": "1"})
    assert _exported_titles(export) == sorted([*on_screen, heading.title])


def test_a_background_export_keeps_the_choice_of_headings(personas: Personas, heading: Task) -> None:
    from luoshi.briefings.jobs import jobs_run_pending
    from luoshi.briefings.models import Job
    from luoshi.briefings.services import ledger_export_enqueue

    without = ledger_export_enqueue(user=personas.supervisor, filters={})
    with_headings = ledger_export_enqueue(user=personas.supervisor, filters={}, headings=True)
    jobs_run_pending()
    assert Job.objects.get(pk=without.pk).result["rows"] == 3
    assert Job.objects.get(pk=with_headings.pk).result["rows"] == 4
