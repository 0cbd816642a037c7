"""The ledger's filterset: its unit filters list units cheaply, and still check what is chosen."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from luoshi.core.formrenderer import fields_drawn
from luoshi.ledger.filtersets import TaskFilterSet
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.tests.factories import task_factory, unit_factory

pytestmark = pytest.mark.django_db


def test_the_unit_filters_list_each_unit_by_its_page_name() -> None:
    short = unit_factory("天津市科学技术局", short_name="市科技局")
    plain = unit_factory("天津市生态环境局")
    office = unit_factory("天津市发展和改革委员会", is_office=True)
    html = str(TaskFilterSet(data={}, queryset=Task.objects.all()).form)
    assert f'<option value="{short.pk}">市科技局</option>' in html
    assert f'<option value="{plain.pk}">天津市生态环境局</option>' in html
    office_select = html[html.index('name="office"'):]
    assert f'<option value="{office.pk}">' in office_select
    assert f'<option value="{plain.pk}">' not in office_select


def test_a_chosen_unit_filters_and_is_shown_selected() -> None:
    unit, other = unit_factory(), unit_factory()
    mine, _theirs = task_factory(lead_unit=unit), task_factory(lead_unit=other)
    filterset = TaskFilterSet(data={"unit": str(unit.pk)}, queryset=Task.objects.all())
    assert list(filterset.qs) == [mine]
    assert f'<option value="{unit.pk}" selected>' in str(filterset.form)


def test_an_office_that_is_not_an_office_is_refused() -> None:
    unit = unit_factory()
    filterset = TaskFilterSet(data={"office": str(unit.pk)}, queryset=Task.objects.all())
    assert not filterset.is_valid()
    assert "office" in filterset.errors


def test_a_unit_filter_finds_the_tasks_it_leads_and_shares_once_each() -> None:
    """Led or shared as a co-unit, each task once, whatever its other co-units."""
    unit, other, third = unit_factory(), unit_factory(), unit_factory()
    led = task_factory(lead_unit=unit, co_units=[other, third])
    shared = task_factory(lead_unit=other, co_units=[unit, third])
    task_factory(lead_unit=other, co_units=[third])
    filterset = TaskFilterSet(data={"unit": str(unit.pk)}, queryset=Task.objects.all())
    assert sorted(t.pk for t in filterset.qs) == sorted([led.pk, shared.pk])
    assert filterset.qs.count() == 2


def test_a_unit_renamed_added_or_removed_shows_in_the_next_form() -> None:
    # The drawn <select> is kept between requests (core.formrenderer.RememberedSelect): keyed by
    # the options read on each request, so it never shows the units as they were.
    unit = unit_factory("天津市商务局")
    first = str(TaskFilterSet(data={}, queryset=Task.objects.all()).form)
    assert str(TaskFilterSet(data={}, queryset=Task.objects.all()).form) == first
    unit.name = "天津市商务和投资促进局"
    unit.save()
    added = unit_factory("天津市数据局")
    html = str(TaskFilterSet(data={}, queryset=Task.objects.all()).form)
    assert "天津市商务和投资促进局" in html and "天津市商务局<" not in html and f'value="{added.pk}"' in html
    added.delete()
    assert f'value="{added.pk}"' not in str(TaskFilterSet(data={}, queryset=Task.objects.all()).form)


def _bar(data: dict[str, str] | None = None) -> str:
    """The ledger's filter bar as its page draws it."""
    return str(fields_drawn(TaskFilterSet(data=data or {}, queryset=Task.objects.all()).form))


def _bar_by_template(data: dict[str, str] | None = None) -> str:
    form = TaskFilterSet(data=data or {}, queryset=Task.objects.all()).form
    return Template("{% for field in form %}<label>{{ field.label }}{{ field }}</label>{% endfor %}").render(
        Context({"form": form}))


@pytest.mark.parametrize("data", [None, {"level": "city", "q": '"><script>x</script>'}, {"unit": "unit"},
                                  {"deadline_from": "2026-13-45", "office": "-1"}])
def test_the_filter_bar_is_drawn_as_the_templates_draw_it_kept_or_not(shared_cache: None, settings: Any,
                                                                      data: dict[str, str] | None) -> None:
    unit_factory("天津市商务局", short_name='商务"局<')
    unit_factory("滨海新区发展和改革委员会", is_office=True)
    if data and data.get("unit") == "unit":
        data = {"unit": str(Unit.objects.order_by("pk").first().pk)}  # type: ignore[union-attr]
    kept, again = _bar(data), _bar(data)
    settings.SHARED_CACHE_SECONDS = 0
    assert kept == again == _bar(data) == _bar_by_template(data)
    assert "<script>" not in kept


def test_with_a_shared_cache_the_filter_bar_reads_no_units_until_the_tree_changes(
        shared_cache: None, django_assert_num_queries: Any) -> None:
    unit = unit_factory("天津市商务局")
    first = _bar()
    with django_assert_num_queries(0):
        assert _bar() == first
    unit.name = "天津市商务和投资促进局"
    unit.save()  # renews the unit tree's token
    renamed = _bar()
    assert "天津市商务和投资促进局" in renamed and "天津市商务局<" not in renamed
    added = unit_factory("天津市数据局", is_office=True)
    assert renamed.count(f'value="{added.pk}"') == 0 and _bar().count(f'value="{added.pk}"') == 2
    added.delete()
    assert f'value="{added.pk}"' not in _bar()
    # Another choice, another language: drawn for what they are.
    assert f'<option value="{unit.pk}" selected>' in _bar({"unit": str(unit.pk)})
    with translation.override("en"):
        english = _bar()
    assert "Keyword" in english and "关键词" not in english and "关键词" in _bar()


def test_without_a_shared_cache_the_filter_bar_reads_its_units_each_time(
        settings: Any, django_assert_num_queries: Any) -> None:
    settings.SHARED_CACHE_SECONDS = 0
    unit_factory("天津市商务局")
    _bar()
    with django_assert_num_queries(2):  # the units, the offices
        _bar()
