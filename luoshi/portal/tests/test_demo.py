"""The demo's outputs load once and are not duplicated by a second `make run`."""

from __future__ import annotations

import pytest

from luoshi.briefings.models import Briefing
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas
from luoshi.portal.selectors import measure_search
from luoshi.web.demo.outputs import demo_outputs_load

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_measures_and_writes_a_briefing_once(personas: Personas) -> None:
    assert demo_outputs_load(user=personas.supervisor) == {"published": 3, "briefings": 1}
    assert Task.objects.filter(is_public=True).count() == 3
    assert "计划在2024年12月31日前完成" in Task.objects.get(pk=personas.task_a.pk).public_explanation
    assert [t.title for t in measure_search(q="海河")] == ["建设海河实验室"]
    assert demo_outputs_load(user=personas.supervisor) == {"published": 0, "briefings": 0}
    assert Briefing.objects.count() == 1
