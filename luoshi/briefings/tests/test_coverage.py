"""The decomposition view: each higher-level task with the measures that implement it, and the gaps."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.briefings.selectors import coverage, drill_task_list
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rolled_up(ledger: Ledger) -> None:
    """The fixture's tasks are made by factories, beside the services that keep the stored roll-up
    (children counted on each task) current: refresh it as the evaluation run does."""
    from luoshi.ledger.services import rollups_refresh_all

    rollups_refresh_all()


def test_the_tree_runs_from_national_to_zone(ledger: Ledger) -> None:
    result = coverage(user=ledger.personas.supervisor, filters={})
    assert result["root"] == "national"
    (root,) = result["trees"]
    assert root.task["title"] == "支持滨海新区高质量发展"
    cities = {c.task["title"]: c for c in root.children}
    assert set(cities) == {"建设国家级创新平台", "推进港口智慧化改造"}
    assert cities["推进港口智慧化改造"].is_gap
    districts = {d.task["title"]: d for d in cities["建设国家级创新平台"].children}
    assert [z.task["title"] for z in districts["新增3家全国重点实验室"].children] == ["保税区配套建设中试车间"]
    assert districts["建成海河实验室中试基地"].is_gap


def test_stats_count_gaps_per_level_and_drill_down(ledger: Ledger) -> None:
    user = ledger.personas.supervisor
    stats = {s["level"]: s for s in coverage(user=user, filters={})["stats"]}
    assert (stats["national"]["total"], stats["national"]["covered"], stats["national"]["gaps"]) == (1, 1, 0)
    assert (stats["city"]["covered"], stats["city"]["gaps"]) == (1, 1)
    # personas' three district tasks have no parent and no measure below
    assert stats["district"]["gaps"] == 4 and stats["district"]["unlinked"] == 3
    assert stats["zone"]["gaps"] is None
    _f, gaps = drill_task_list(user=user, filters={"level": "city", "has_children": "false"})
    assert [t.title for t in gaps] == ["推进港口智慧化改造"]
    _f, unlinked = drill_task_list(user=user, filters={"level": "district", "linked": "false"})
    assert unlinked.count() == 3


def test_a_supervisors_figures_come_from_the_tally_and_equal_a_count_of_every_task(ledger: Ledger) -> None:
    """Every task, headings included (a heading refined below, another linked to nothing): the
    figures per level read from the tally are those counted on the tasks, level by level."""
    from django.db.models import Count, Q

    from luoshi.ledger.choices import TaskKind, TaskLevel
    from luoshi.ledger.models import Task
    from luoshi.ledger.services import rollups_refresh_all
    from luoshi.ledger.tests.factories import task_factory

    heading = task_factory(kind=TaskKind.HEADING, level=TaskLevel.CITY, title="产业创新")
    task_factory(level=TaskLevel.DISTRICT, parent=heading)
    task_factory(kind=TaskKind.HEADING, level=TaskLevel.DISTRICT, title="空标题")
    rollups_refresh_all()
    counted = {r["level"]: r for r in Task.objects.values("level").annotate(
        total=Count("id"), unlinked=Count("id", filter=Q(parent__isnull=True)),
        covered=Count("id", filter=Q(children_count__gt=0))).order_by()}
    stats = {s["level"]: s for s in coverage(user=ledger.personas.supervisor, filters={})["stats"]}
    for level, figures in counted.items():
        assert stats[level]["total"] == figures["total"], level
        if level != "national":
            assert stats[level]["unlinked"] == figures["unlinked"], level
        if level != "zone":
            assert stats[level]["covered"] == figures["covered"], level
    assert stats["city"]["covered"] >= 1 and stats["district"]["total"] == counted["district"]["total"]


def test_gaps_only_shows_top_tasks_without_measures(ledger: Ledger) -> None:
    result = coverage(user=ledger.personas.supervisor, filters={"root": "city", "gaps": "1"})
    assert [n.task["title"] for n in result["trees"]] == ["推进港口智慧化改造"]


def test_a_reporter_sees_coverage_within_their_units_tasks(ledger: Ledger) -> None:
    result = coverage(user=ledger.personas.reporter_b, filters={})
    titles = {n.task["title"] for n in result["trees"]}
    assert "支持滨海新区高质量发展" not in titles


def test_the_coverage_page_renders_with_few_queries(ledger: Ledger, client: Client,
                                                    django_assert_max_num_queries: Any) -> None:
    assert client.login(username="sup", password=PASSWORD)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("briefings:coverage")).content.decode()
    assert "尚无下级举措" in html and "保税区配套建设中试车间" in html


def test_a_task_under_a_heading_of_its_level_is_drawn_once_inside_the_heading(ledger: Ledger) -> None:
    """The measures under a heading of their own plan and level (产业创新 above its measures) are
    not top tasks beside their heading; a reader who cannot see the heading still finds them."""
    from luoshi.ledger.choices import TaskKind, TaskLevel
    from luoshi.ledger.services import rollups_refresh_all
    from luoshi.ledger.tests.factories import task_factory

    p = ledger.personas
    heading = task_factory("围绕产业创新提出101项举措", level=TaskLevel.CITY, kind=TaskKind.HEADING, lead_unit=p.unit_b)
    measure = task_factory("推进产业创新平台建设", level=TaskLevel.CITY, parent=heading, lead_unit=p.unit_a)
    rollups_refresh_all()
    result = coverage(user=p.supervisor, filters={"root": "city"})
    tops = [n.task["title"] for n in result["trees"]]
    assert heading.title in tops and measure.title not in tops
    (tree,) = [n for n in result["trees"] if n.task["pk"] == heading.pk]
    assert [c.task["title"] for c in tree.children] == [measure.title]
    # reporter_a sees the measure (its unit leads it) but not the heading (another unit's): a top task
    seen = [n.task["title"] for n in coverage(user=p.reporter_a, filters={"root": "city"})["trees"]]
    assert measure.title in seen and heading.title not in seen


def test_the_top_tasks_come_ten_a_page_counted_with_their_rows(ledger: Ledger, client: Client) -> None:
    from luoshi.ledger.choices import TaskLevel
    from luoshi.ledger.tests.factories import task_factory

    for n in range(11):
        task_factory(f"国家任务{n:02d}", code=f"N-{n:02d}", level=TaskLevel.NATIONAL)
    sup = ledger.personas.supervisor
    first, second = (coverage(user=sup, filters={}, page=page) for page in ("1", "2"))
    assert (first["page"].count, first["page"].num_pages, first["page"].has_next) == (12, 2, True)
    assert len(first["trees"]) == 10 and len(second["trees"]) == 2 and not second["page"].has_next
    shown = [t.task["code"] for t in first["trees"] + second["trees"]]
    assert shown == sorted(shown) and len(set(shown)) == 12
    # A page that is not a number is the first; one past the end is empty, and says how many there are.
    assert [t.task["pk"] for t in coverage(user=sup, filters={}, page="x")["trees"]] == [
        t.task["pk"] for t in first["trees"]]
    beyond = coverage(user=sup, filters={}, page="9")
    assert beyond["trees"] == [] and beyond["page"].count == 12
    assert client.login(username="sup", password=PASSWORD)
    html = client.get(reverse("briefings:coverage"), {"page": "2"}).content.decode()
    assert "第 2 / 2 页" in html and 'id="previous-page"' in html
    for hostile in ("-1", "9" * 500, "1; DROP TABLE ledger_task", "２"):
        response = client.get(reverse("briefings:coverage"), {"page": hostile})
        assert response.status_code == 200, hostile
    # A control character is refused before the page, with a message (core.middleware).
    refused = client.get(reverse("briefings:coverage"), {"page": "1\x00"})
    assert refused.status_code == 400 and "控制字符" in refused.content.decode()
