"""The ledger's rows written in Python (`{% ledger_rows page %}`) are what the template loop drew."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from luoshi.ledger.choices import TaskKind, TaskLevel, TaskStatus, TrafficLight
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory, unit_factory
from luoshi.ledger.views.tasks import ledger_page_rows

pytestmark = pytest.mark.django_db

# The loop the ledger's template held before its rows were written in Python.
TEMPLATE_LOOP = """{% load i18n %}
  {% for task in page %}
    <tr>
      <td class="small">{{ task.code }}</td>
      <td>{% if task.kind == "heading" %}<span class="badge task-heading">{% translate "分项标题" %}</span> {% endif %}<a href="{{ task.get_absolute_url }}" class="task-link">{{ task.title|truncatechars:90 }}</a>{% if task.target_value is not None %} <span class="badge">{{ task.target_value.normalize }}{{ task.target_unit }}</span>{% endif %}</td>
      <td class="small">{{ task.get_level_display }}</td>
      <td class="small">{{ task.category|truncatechars:24 }}</td>
      <td class="small">{{ task.lead_unit|default:"—" }}</td>
      <td class="small">{{ task.deadline|date:"Y-m-d"|default:"—" }}</td>
      <td class="small">{{ task.get_status_display }} {% if task.light and task.light != "none" %}<span class="badge light-{{ task.light }}">{{ task.get_light_display }}</span>{% endif %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="7" class="muted">{% translate "没有符合条件的任务。" %}</td></tr>
  {% endfor %}
"""
TAG = """{% load ledger_rows %}
  {% ledger_rows page %}
"""


def _varied_tasks() -> list[Task]:
    """Tasks with every case a row draws: a heading, targets whole, fractional, large and none, a
    lead unit with a short name and none, no deadline, long, hostile and decomposed texts, each light."""
    short = unit_factory("天津市商务局", short_name='商务"局<')
    plain = unit_factory("滨海新区发展和改革委员会")
    cases: list[dict[str, Any]] = [
        dict(kind=TaskKind.HEADING, title="一、科技创新", lead_unit=None, deadline=None),
        dict(title="新增研发机构" * 20, target_value=Decimal("5"), target_unit="家", lead_unit=short,
             light=TrafficLight.GREEN, deadline=date(2026, 12, 31)),
        dict(title='<script>alert("x")</script> & 标题', target_value=Decimal("12.50"), target_unit="%",
             lead_unit=plain, light=TrafficLight.RED, status=TaskStatus.IN_PROGRESS, category="<b>类</b>" * 10),
        dict(title="万亿级", target_value=Decimal("1000000.000"), target_unit="亿元", light=TrafficLight.YELLOW,
             level=TaskLevel.CITY, status=TaskStatus.COMPLETED, deadline=date(2027, 1, 5)),
        dict(title="恰好九十个字" * 15, target_value=Decimal("0.05"), target_unit="", light=TrafficLight.NONE,
             category=""),
        # Combining accents: truncation counts them as nothing and gives the text composed (NFC).
        dict(title="Cafe\u0301 改造", category="Re\u0301sume\u0301" * 4, target_value=Decimal("-3.0"), target_unit="‰"),
    ]
    for fields in cases:
        task_factory(**fields)
    return list(ledger_page_rows(Task.objects.all()).order_by("code"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_rows_are_what_the_template_loop_drew(language: str) -> None:
    tasks = _varied_tasks()
    with translation.override(language):
        drawn = {page: (Template(TEMPLATE_LOOP).render(Context({"page": rows})), Template(TAG).render(Context({"page": rows})))
                 for page, rows in (("tasks", tasks), ("none", []))}
    for by_template, by_tag in drawn.values():
        assert by_tag == by_template
    rows = drawn["tasks"][1]
    assert "<script>" not in rows and "&lt;script&gt;" in rows and rows.count("<tr>") == 6 and "Café" in rows


def test_the_ledger_page_shows_the_rows(personas: Personas) -> None:
    _varied_tasks()
    client = Client()
    client.force_login(personas.supervisor)
    body = client.get("/ledger/").content.decode()
    assert body.count('class="task-link"') == Task.objects.count()
    assert "&lt;script&gt;alert" in body and "<script>alert" not in body
    assert '<span class="badge">5家</span>' in body and '<span class="badge light-red">' in body
