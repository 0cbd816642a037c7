"""The coverage tree's lines written in Python (`{% coverage_rows rows %}`) are what the template
loop drew."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from luoshi.briefings import selectors
from luoshi.briefings.selectors import coverage
from luoshi.briefings.tests.conftest import Ledger
from luoshi.ledger.choices import TaskLevel
from luoshi.ledger.services import rollups_refresh_all
from luoshi.ledger.tests.factories import PASSWORD, task_factory, unit_factory

pytestmark = pytest.mark.django_db

# The loop the coverage page's template held before its lines were written in Python.
TEMPLATE_LOOP = """{% load i18n %}
  {% for row in rows %}{% if row.more is not None %}<li class="more" style="margin-left:{{ row.indent }}rem"><a href="{{ row.url }}">{% blocktranslate with n=row.more %}…其余 {{ n }} 项下级任务{% endblocktranslate %}</a></li>{% else %}<li class="{% if row.gap %}gap{% endif %}" data-task="{{ row.code }}" style="margin-left:{{ row.indent }}rem">
  <span class="badge">{{ row.badge }}</span>
  <a href="{{ row.url }}">{{ row.label }}</a>
  <span class="muted small">{{ row.unit }} · {{ row.progress }}</span>
  {% if row.gap %}<span class="badge light-yellow">{% translate "尚无下级举措" %}</span>{% endif %}
  {% if row.breakdown %}<div class="small breakdown">{% translate "下级" %}:{% for b in row.breakdown.levels %}<a href="{{ b.url }}">{{ b.label }} {{ b.n }}</a>{% if not forloop.last %} · {% endif %}{% endfor %}
    | {% for b in row.breakdown.units %}<a href="{{ b.url }}">{{ b.label }} {{ b.n }}</a>{% if not forloop.last %}、{% endif %}{% endfor %}</div>{% endif %}
  </li>{% endif %}{% empty %}<li class="muted">{% translate "没有符合条件的任务。" %}</li>{% endfor %}
"""
TAG = """{% load coverage_rows %}
  {% coverage_rows rows %}
"""


def _varied_rows(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The rows of a tree with every case a line draws: gaps, a breakdown by several levels and
    units, a "more beneath" line, hostile and long titles and unit names, a rolled-up progress."""
    hostile = unit_factory('<b>"港"&航</b>', short_name="")
    for n in range(4):
        task_factory(f"<script>alert({n})</script> 智慧港口" + "很长的标题" * (20 if n == 0 else 1),
                     level=TaskLevel.DISTRICT, parent=ledger.city_gap, lead_unit=hostile if n % 2 else None)
    rollups_refresh_all()
    monkeypatch.setattr(selectors, "COVERAGE_ROWS_PER_ROOT", 7)  # the tree is cut: a "more" line
    rows = coverage(user=ledger.personas.supervisor, filters={})["rows"]
    assert any(row.get("more") for row in rows) and any(row.get("breakdown") for row in rows)
    # A count past a thousand, as a national task may have beneath it.
    return [*rows, {"more": 12345, "url": "/x?a=1&b=<2>", "indent": "1.25"}]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_lines_are_what_the_template_loop_drew(ledger: Ledger, monkeypatch: pytest.MonkeyPatch,
                                                   language: str) -> None:
    rows = _varied_rows(ledger, monkeypatch)
    with translation.override(language):
        for case in (rows, []):
            by_template = Template(TEMPLATE_LOOP).render(Context({"rows": case}))
            by_tag = Template(TAG).render(Context({"rows": case}))
            assert by_tag == by_template
    drawn = Template(TAG).render(Context({"rows": rows}))
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn and "&lt;b&gt;&quot;港&quot;" in drawn
    assert drawn.count("<li") == len(rows) and "12345" in drawn


def test_the_coverage_page_draws_the_lines(ledger: Ledger, client: Client) -> None:
    rollups_refresh_all()
    assert client.login(username="sup", password=PASSWORD)
    html = client.get(reverse("briefings:coverage")).content.decode()
    assert f'data-task="{ledger.national.code}"' in html and "尚无下级举措" in html
    assert ledger.zone.title in html
