"""Coverage against what a plan announced, the children below a task by level and unit, roll-up figures."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.briefings import rules
from luoshi.briefings.selectors import (
    briefing_figures,
    coverage,
    dashboard_data,
    drill_task_list,
    plan_coverage,
)
from luoshi.briefings.tests.conftest import Ledger
from luoshi.documents.choices import ItemKind
from luoshi.documents.models import Document, ExtractedItem
from luoshi.ledger.choices import TaskKind, TaskLevel
from luoshi.ledger.services import rollups_refresh_all
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory

pytestmark = pytest.mark.django_db

TEXT = ("在制定我市具体落实举措过程中,提出259项具体落实举措。其中,围绕产业创新提出101项举措,围绕港航功能提出49项举措,"
        "围绕金融创新提出25项举措,围绕改革开放提出33项举措,围绕宜居城市提出51项举措。")


@pytest.mark.parametrize(("before", "headings", "level"), [
    ("研究制定了滨海新区层面", [], "district"),
    ("在制定我市具体落实举措过程中,我们认真研究,逐项对标对表,提出", [], "city"),
    ("中央区域办根据政策措施工作要点,为推动在国家部委层面的工作落实,将政策措施细化为", [], "national"),
    ("目前,已初步梳理", ["在《若干政策措施》中,天津港保税区有哪些具体落实举措?"], "zone"),
    ("目前已梳理", [], None),
])
def test_the_level_of_a_count_is_read_from_its_words(before: str, headings: list[str], level: str | None) -> None:
    assert rules.count_level(before, headings) == level


def _plan(personas: Personas) -> Document:
    document = Document.objects.create(title="天津市落实举措", text=TEXT)
    start = TEXT.index("259")
    ExtractedItem.objects.create(
        document=document, kind=ItemKind.COUNT, indicator="提出具体落实举措", value=259, unit="项",
        quote="提出259项具体落实举措", start=start, end=start + 3,
        parts={"产业创新": 101, "港航功能": 49, "金融创新": 25, "改革开放": 33, "宜居城市": 51}, parts_consistent=True)
    national = task_factory("培育壮大战略性新兴产业", level=TaskLevel.NATIONAL)
    # A heading of the plan, as confirming its draft makes it (Task.kind heading).
    area = task_factory("围绕产业创新提出101项举措", level=TaskLevel.CITY, category="产业创新", parent=national,
                        source_document=document, kind=TaskKind.HEADING)
    task_factory("加强京津冀三省市商业航天产业链协同", level=TaskLevel.CITY, category="产业创新", parent=area,
                 source_document=document, lead_unit=personas.unit_a)
    task_factory("推动制定中关村新一轮先行先试政策复制方案及清单", level=TaskLevel.CITY, category="产业创新",
                 parent=area, source_document=document, lead_unit=personas.unit_b)
    task_factory("推进兴港高速等港口集疏运物流通道项目建设", level=TaskLevel.CITY, category="港航功能",
                 source_document=document)
    task_factory("未归类的举措", level=TaskLevel.CITY, category="其他", source_document=document,
                 parent=national)
    task_factory("推动商业航天企业集聚", level=TaskLevel.CITY, category="航天", parent=area, source_document=document)
    return document


def test_registered_and_linked_against_the_announced_total_and_parts(personas: Personas) -> None:
    document = _plan(personas)
    (plan,) = plan_coverage(user=personas.supervisor)
    assert plan["document"] == document
    (count,) = plan["counts"]
    # the heading 产业创新 is not a measure; two measures under it and one outside any part are linked
    assert (count["level"], count["announced"], count["registered"], count["linked"]) == ("city", 259, 5, 4)
    parts = {p["name"]: (p["registered"], p["announced"], p["linked"]) for p in count["parts"]}
    # a measure under the 产业创新 heading counts in that part whatever its own category
    assert parts["产业创新"] == (3, 101, 3) and parts["港航功能"] == (1, 49, 0) and parts["宜居城市"] == (0, 51, 0)
    assert any("已登记的分项合计 4 项,与公布总数 259 项不符" in w for w in count["warnings"])
    assert any("有 1 项已登记任务的类别不属于任何公布的分项" in w for w in count["warnings"])
    # every number opens its tasks
    _f, registered = drill_task_list(user=personas.supervisor, filters=_query(count["url"]))
    assert registered.count() == 5
    _f, linked = drill_task_list(user=personas.supervisor, filters=_query(count["parts"][0]["linked_url"]))
    assert {t.title for t in linked} == {"加强京津冀三省市商业航天产业链协同", "推动制定中关村新一轮先行先试政策复制方案及清单",
                                         "推动商业航天企业集聚"}


def _query(url: str) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(url).query))


def test_a_top_task_shows_what_lies_below_by_level_and_unit(ledger: Ledger) -> None:
    (root,) = coverage(user=ledger.personas.supervisor, filters={})["trees"]
    levels = {b["label"]: b["n"] for b in root.breakdown["levels"]}
    assert levels == {"市级层面": 2, "区级层面": 2, "功能区/单位层面": 1}
    units = {b["label"]: b["n"] for b in root.breakdown["units"]}
    assert units[str(ledger.personas.unit_a)] == 4
    _f, below = drill_task_list(user=ledger.personas.supervisor, filters=_query(root.breakdown["levels"][1]["url"]))
    assert {t.title for t in below} == {"新增3家全国重点实验室", "建成海河实验室中试基地"}


def test_the_gaps_are_filtered_by_the_unit_that_should_refine_them(ledger: Ledger) -> None:
    rollups_refresh_all()  # the children counted on each task, as the services keep them (factories do not)
    user = ledger.personas.supervisor
    result = coverage(user=user, filters={"root": "city", "gaps": "1", "lead_unit": str(ledger.personas.unit_b.pk)})
    assert [n.task["title"] for n in result["trees"]] == ["推进港口智慧化改造"]
    assert coverage(user=user, filters={"root": "city", "gaps": "1",
                                        "lead_unit": str(ledger.personas.unit_a.pk)})["trees"] == []


def test_the_battle_map_and_briefings_count_a_parent_by_its_rollup(ledger: Ledger) -> None:
    user = ledger.personas.supervisor
    before = dashboard_data(user=user, filters={"level": "national"}, use_cache=False)
    assert {k["key"]: k["value"] for k in before["kpis"]}["red"] == 0
    rollups_refresh_all()
    after = dashboard_data(user=user, filters={"level": "national"}, use_cache=False)
    kpis = {k["key"]: k["value"] for k in after["kpis"]}
    # the national task (green by its own report) has a city task whose district task is late: red
    assert kpis["red"] == 1 and kpis["staged"] == 1
    _f, red = drill_task_list(user=user, filters={"level": "national", "light": "red"})
    assert [t.title for t in red] == ["支持滨海新区高质量发展"]
    figures = briefing_figures(user=user, period="2024-09", scope={"level": "national"})
    assert figures["counts"]["red"] == 1


def test_the_coverage_page_shows_the_plans(personas: Personas, client: Client) -> None:
    _plan(personas)
    assert client.login(username="sup", password=PASSWORD)
    html = client.get(reverse("briefings:coverage")).content.decode()
    assert "已登记 <a class=\"registered\"" in html and "公布 259" in html and "产业创新" in html


def test_a_large_tree_shows_its_first_tasks_and_a_line_that_opens_the_rest(ledger: Ledger, monkeypatch: Any) -> None:
    from luoshi.briefings import selectors

    monkeypatch.setattr(selectors, "COVERAGE_ROWS_PER_ROOT", 2)
    rows = coverage(user=ledger.personas.supervisor, filters={})["rows"]
    assert [r["depth"] for r in rows[:3]] == [0, 1, 2]
    (more,) = [r for r in rows if "more" in r]
    assert more["more"] == 3  # five tasks beneath the national task, two shown
    _f, beneath = drill_task_list(user=ledger.personas.supervisor, filters=_query(more["url"]))
    assert beneath.count() == 5


def test_a_breakdown_names_the_units_with_most_tasks_below_only() -> None:
    """A national task has a hundred units beneath it: the breakdown names the busiest few, most
    tasks first (the rest is one drill-down away), and counts every level in full."""
    from luoshi.briefings.selectors import BREAKDOWN_UNITS, CoverageNode, _subtree_breakdown

    def task(pk: int, unit: int) -> dict[str, object]:
        return {"pk": pk, "level": "district", "lead_unit_id": unit}

    children = [CoverageNode(task(100 + i, unit), []) for i, unit in enumerate(
        [u for u in range(1, 13) for _ in range(u)])]  # unit u leads u tasks
    names: dict[int | None, str] = {u: f"单位{u:02d}" for u in range(1, 13)}
    breakdown = _subtree_breakdown(CoverageNode({"pk": 1, "level": "city"}, children), names)
    assert [(b["label"], b["n"]) for b in breakdown["units"]] == [
        (f"单位{u:02d}", u) for u in range(12, 12 - BREAKDOWN_UNITS, -1)]
    assert breakdown["levels"][0]["n"] == len(children) == 78
