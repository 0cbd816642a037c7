"""A filter form's class made once per filterset class (core.filtersets)."""

from __future__ import annotations

from typing import Any

import django_filters
import pytest

from luoshi.core.filtersets import FilterSet
from luoshi.ledger.filtersets import TaskFilterSet
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.tests.factories import task_factory, unit_factory

pytestmark = pytest.mark.django_db


def test_filtersets_of_one_class_share_a_form_class_and_nothing_else() -> None:
    unit = unit_factory("区科技局")
    task_factory("建设实验室", code="F-1", level="city", status="in_progress", lead_unit=unit)
    task_factory("引育人才", code="F-2", level="district", status="in_progress")
    task_factory("建设中试基地", code="F-3", level="city", status="completed")
    first = TaskFilterSet(data={"level": "city"}, queryset=Task.objects.all())
    second = TaskFilterSet(data={"status": "in_progress", "unit": str(unit.pk)}, queryset=Task.objects.all())
    assert type(first.form) is type(second.form)
    assert first.form.fields["level"] is not second.form.fields["level"]
    assert sorted(first.qs.values_list("code", flat=True)) == ["F-1", "F-3"]
    assert list(second.qs.values_list("code", flat=True)) == ["F-1"]
    # What one form was given or found wrong stays with it.
    wrong = TaskFilterSet(data={"level": "planet"}, queryset=Task.objects.all())
    assert not wrong.is_valid() and "level" in wrong.errors
    assert TaskFilterSet(data={}, queryset=Task.objects.all()).is_valid()
    assert first.form.cleaned_data["level"] == "city" and not second.form.cleaned_data["level"]


def test_a_filterset_whose_options_depend_on_the_request_makes_its_form_each_time() -> None:
    seen: list[Any] = []

    def units_of(request: Any) -> Any:
        seen.append(request)
        return Unit.objects.filter(name=request)

    class ByRequest(FilterSet):
        unit = django_filters.ModelChoiceFilter(queryset=units_of, field_name="lead_unit")

        class Meta:
            model = Task
            fields = ["unit"]

    unit_factory("区科技局")
    other = unit_factory("区商务局")
    one, two = (ByRequest(data={"unit": str(other.pk)}, queryset=Task.objects.all(), request=name)
                for name in ("区科技局", "区商务局"))
    assert type(one.form) is not type(two.form)
    assert not one.is_valid() and two.is_valid()  # each form's options are its request's
    assert seen == ["区科技局", "区商务局"]
