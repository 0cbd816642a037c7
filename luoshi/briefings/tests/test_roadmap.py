"""The roadmap (路线图) in briefings and the timeline page's office filter (issue 10, item 7)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument
from PIL import Image

from luoshi.briefings.exports.briefing_content import briefing_charts, roadmap_spec
from luoshi.briefings.exports.charts import (
    LIGHT_COLORS,
    OVERDUE_COLOR,
    TODAY_COLOR,
    RoadmapBar,
    RoadmapSpec,
    roadmap_png,
)
from luoshi.briefings.selectors import drill_task_list
from luoshi.briefings.services import briefing_generate
from luoshi.briefings.tests.conftest import Ledger
from luoshi.briefings.tests.office import pdf_text
from luoshi.briefings.timeline import ROADMAP_LIMIT, roadmap_caption, roadmap_figure, timeline
from luoshi.core.clock import business_today
from luoshi.ledger.choices import TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.tests.offices_world import build_office_world
from luoshi.reports.models import Milestone

pytestmark = pytest.mark.django_db

CATEGORY = "路线图测试"


def _figure(personas: Personas, today: date) -> dict[str, Any]:
    _f, rows = drill_task_list(user=personas.supervisor, filters={"category_is": CATEGORY})
    return roadmap_figure(rows=rows, scope={"category_is": CATEGORY}, today=today)


def _bars(figure: dict[str, Any]) -> list[dict[str, Any]]:
    return [bar for group in figure["groups"] for bar in group["bars"]]


@pytest.fixture
def many(personas: Personas) -> dict[str, Task]:
    """A heading due in five months over 30 measures due day by day, one overdue measure, a closed
    one long past and one due beyond the horizon: 32 candidates, 34 dated tasks."""
    today = business_today()
    heading = task_factory("总体推进", level=TaskLevel.CITY, category=CATEGORY, deadline=today + timedelta(days=150),
                           light=TrafficLight.GREEN)
    tasks = {"heading": heading}
    for n in range(1, 31):
        tasks[f"m{n}"] = task_factory(f"举措{n:02d}", parent=heading, category=CATEGORY,
                                      deadline=today + timedelta(days=n), light=TrafficLight.GREEN)
    tasks["late"] = task_factory("逾期举措", parent=heading, category=CATEGORY, deadline=today - timedelta(days=5),
                                 status=TaskStatus.IN_PROGRESS, light=TrafficLight.RED)
    tasks["closed"] = task_factory("早已完成", parent=heading, category=CATEGORY, deadline=today - timedelta(days=90),
                                   status=TaskStatus.COMPLETED, light=TrafficLight.DONE)
    tasks["far"] = task_factory("远期举措", parent=heading, category=CATEGORY, deadline=today + timedelta(days=400))
    return tasks


def test_the_figure_is_bounded_and_puts_the_top_of_the_scope_and_the_overdue_first(
        personas: Personas, many: dict[str, Task]) -> None:
    figure = _figure(personas, business_today())
    titles = [bar["title"] for bar in _bars(figure)]
    assert figure["shown"] == len(titles) == ROADMAP_LIMIT
    assert figure["candidates"] == 32 and figure["dated"] == 34
    assert "总体推进" in titles and "逾期举措" in titles  # the heading and the overdue one come first
    assert [t for t in titles if t.startswith("举措")] == [f"举措{n:02d}" for n in range(1, 24)]
    assert "早已完成" not in titles and "远期举措" not in titles
    # Drawn by deadline: the overdue bar first, the heading (due last) at the end.
    assert titles[0] == "逾期举措" and titles[-1] == "总体推进"
    assert figure["url"] == reverse("briefings:timeline") + "?category_is=" + "%E8%B7%AF%E7%BA%BF%E5%9B%BE%E6%B5%8B%E8%AF%95"


def test_bars_take_the_battle_maps_colours_including_unreported_and_overdue(
        personas: Personas, many: dict[str, Task]) -> None:
    Task.objects.filter(pk=many["m1"].pk).update(light=TrafficLight.UNREPORTED)
    # A parent shows its roll-up: the heading's own light is green, the tasks beneath it unreported.
    Task.objects.filter(pk=many["heading"].pk).update(rollup_light=TrafficLight.UNREPORTED)
    figure = _figure(personas, business_today())
    bars = {bar["title"]: bar for bar in _bars(figure)}
    assert bars["举措01"]["css"] == "light-unreported" and bars["总体推进"]["light"] == TrafficLight.UNREPORTED
    assert bars["逾期举措"]["css"] == "overdue" and bars["举措02"]["css"] == "light-green"
    spec = roadmap_spec(figure)
    drawn = {bar.label: bar for _name, group in spec.groups for bar in group}
    assert drawn["举措01"].color == LIGHT_COLORS["unreported"] == "#8e24aa" and not drawn["举措01"].hatched
    assert drawn["逾期举措"].color == OVERDUE_COLOR and drawn["逾期举措"].hatched
    assert drawn["举措02"].color == LIGHT_COLORS["green"]
    assert "未报送" in [name for name, _c, _h in spec.legend] and "已逾期" in [name for name, _c, _h in spec.legend]


def test_todays_line_sits_between_the_overdue_and_the_coming_bars(personas: Personas, many: dict[str, Task]) -> None:
    today = business_today()
    Milestone.objects.create(task=many["heading"], title="中期评估", due_date=today + timedelta(days=60))
    figure = _figure(personas, today)
    first, last = date.fromisoformat(figure["first"]), date.fromisoformat(figure["last"])
    assert first.day == 1 and last.day == 1 and first <= today < last
    assert figure["today_left"] == pytest.approx(100 * (today - first).days / (last - first).days, abs=0.01)
    bars = {bar["title"]: bar for bar in _bars(figure)}
    late, soon = bars["逾期举措"], bars["举措10"]
    assert late["left"] + late["width"] <= figure["today_left"] < soon["left"] + soon["width"] <= 100
    (milestone,) = bars["总体推进"]["milestones"]
    assert figure["today_left"] < milestone["left"] < 100 and not milestone["late"]
    assert [m["left"] for m in figure["months"]] == sorted(m["left"] for m in figure["months"])


def test_the_png_draws_the_bar_in_its_colour_and_todays_line() -> None:
    spec = RoadmapSpec(title="路线图", groups=[("甲", [RoadmapBar("任务", 0, 50, LIGHT_COLORS["unreported"])])],
                       ticks=[(0.0, "2024-01"), (50.0, "2024-07")], today_left=75.0, today_label="今天")
    image = Image.open(io.BytesIO(roadmap_png(spec))).convert("RGB")
    left, right = 470, image.width - 30  # the label column and the right margin of roadmap_png

    def x(percent: float) -> int:
        return round(left + (right - left) * percent / 100)

    row_middle = 120 + 34 + 17  # below the axis, the group's heading row, then the bar's row
    assert image.getpixel((x(25), row_middle)) == (0x8E, 0x24, 0xAA)
    assert image.getpixel((x(75), row_middle)) == tuple(int(TODAY_COLOR[i:i + 2], 16) for i in (1, 3, 5))
    assert image.getpixel((x(90), row_middle)) == (255, 255, 255)


def test_the_word_and_pdf_files_carry_the_roadmap_and_its_caption(ledger: Ledger) -> None:
    briefing = briefing_generate(user=ledger.personas.supervisor, period=str(business_today().year), scope={})
    figure = briefing.figures["roadmap"]
    titles = [bar["title"] for bar in _bars(figure)]
    assert "建成海河实验室中试基地" in titles and "建设国家级创新平台" in titles
    caption = roadmap_caption(figure)
    assert f"{figure['shown']} 项" in caption and f"共 {figure['candidates']} 项" in caption
    charts = briefing_charts(briefing.figures)
    assert any(isinstance(c, RoadmapSpec) for c in charts)
    assert not any(c.title.startswith("时间表:") for c in charts)  # the quarterly chart gave way
    document = WordDocument(briefing.docx_file.open("rb"))
    assert len(document.inline_shapes) == len(charts)
    assert caption in [p.text for p in document.paragraphs]
    text = pdf_text(briefing.pdf_file.open("rb").read())
    assert caption.replace(" ", "") in text


def test_the_briefing_page_draws_the_roadmap_with_bars_opening_their_tasks(ledger: Ledger, client: Client) -> None:
    briefing = briefing_generate(user=ledger.personas.supervisor, period=str(business_today().year), scope={})
    client.force_login(ledger.personas.supervisor)
    html = client.get(briefing.get_absolute_url()).content.decode()
    assert 'id="briefing-roadmap"' in html and "未报送" in html
    assert f'href="{ledger.district_late.get_absolute_url()}"' in html and 'class="bar overdue"' in html
    assert f'href="{reverse("briefings:timeline")}"' in html  # the rest on the full page


def test_an_old_briefing_keeps_its_quarterly_timetable(ledger: Ledger) -> None:
    figures = {"timetable": [{"label": "2024Q1", "due": 2, "completed": 1}]}
    (chart,) = briefing_charts(figures)
    assert chart.title.startswith("时间表")


def test_the_timeline_legend_shows_unreported_and_its_bars_take_the_colour(ledger: Ledger, client: Client) -> None:
    Task.objects.filter(pk=ledger.city.pk).update(light=TrafficLight.UNREPORTED)
    client.force_login(ledger.personas.supervisor)
    html = client.get(reverse("briefings:timeline")).content.decode()
    assert 'class="swatch light-unreported"></span>未报送' in html
    assert 'class="bar light-unreported"' in html


def test_the_office_filter_narrows_the_bars_and_refuses_an_office_out_of_sight(client: Client) -> None:
    world = build_office_world()
    everything = timeline(user=world.city_sup, filters={})
    district = timeline(user=world.city_sup, filters={"office": str(world.district_office.pk)})
    codes = {bar.code for _c, bars in district["groups"] for bar in bars}
    assert codes == {world.plans["district"].task.code} and everything["shown"] > district["shown"]
    assert (world.district_office.pk, world.district_office.short_name or world.district_office.name) in \
        district["offices"]
    # Another district's office is not the district supervisor's to pick: refused, their own tasks shown.
    mine = timeline(user=world.district_sup, filters={})
    refused = timeline(user=world.district_sup, filters={"office": str(world.other_office.pk)})
    assert refused["refused"] and refused["shown"] == mine["shown"] > 0
    assert world.other_office.pk not in [pk for pk, _n in refused["offices"]]
    client.force_login(world.district_sup)
    for value in (str(world.other_office.pk), "abc", "999999"):
        response = client.get(reverse("briefings:timeline"), {"office": value})
        assert response.status_code == 200
        assert 'id="timeline-refused"' in response.content.decode()
