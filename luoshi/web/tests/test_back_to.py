"""A form's `next` (where to go back to) is followed only to a page of this site
(core.viewutils.next_or): never to another site, however the address is disguised."""

from __future__ import annotations

import pytest
from django.test import Client

from luoshi.indicators.models import Indicator
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.tests.factories import project_factory

pytestmark = pytest.mark.django_db

ELSEWHERE = ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example/", "\\\\elsewhere.example",
             "javascript:alert(1)", "http://testserver.elsewhere.example/"]


@pytest.mark.parametrize("form", ["project link", "indicator link", "indicator link, task not found",
                                  "messages read"])
def test_a_form_goes_back_only_to_a_page_of_this_site(personas: Personas, form: str) -> None:
    project = project_factory(code="BACK")
    indicator = Indicator.objects.create(name="城镇新增就业", unit="万人")
    task = personas.task_a
    url, data, who = {
        "project link": ("/projects/link-task/", {"project": str(project.pk), "task": task.code}, personas.supervisor),
        "indicator link": ("/indicators/link-task/", {"indicator": str(indicator.pk), "task": task.code},
                           personas.supervisor),
        "indicator link, task not found": (f"/indicators/{indicator.pk}/tasks/", {"task": "无此任务"},
                                           personas.supervisor),
        "messages read": ("/reports/messages/read/", {}, personas.reporter_a),
    }[form]
    client = Client()
    client.force_login(who)
    for elsewhere in ELSEWHERE:
        location = client.post(url, data | {"next": elsewhere})["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (elsewhere, location)
    here = f"/ledger/tasks/{task.pk}/"
    assert client.post(url, data | {"next": here})["Location"] == here
