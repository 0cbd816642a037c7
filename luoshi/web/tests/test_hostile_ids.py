"""An id that is not one, wherever a form or a query string carries one: a clear answer, never a 500.

`str.isdigit()` says yes to "²" and to 5,000 nines, and `int()` refused both: every place that
took an id that way answered 500 (core.bounds.id_or_none is the one check now). Each case is
asked by someone allowed to ask, so that the id is what is tested, not the permission.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from luoshi.indicators.models import Indicator
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.tests.factories import project_factory

pytestmark = pytest.mark.django_db

NOT_IDS = ["9" * 5000, "²", "9" * 19]

# (who, method, URL, the field that carries the id, other fields)
CASES: dict[str, tuple[str, str, str, str, dict[str, str]]] = {
    "project to link from the task page": ("supervisor", "post", "/projects/link-task/", "project", {"task": "{code}"}),
    "task to link to a project": ("supervisor", "post", "/projects/{project}/tasks/", "task", {}),
    "indicator to link from the task page": ("supervisor", "post", "/indicators/link-task/", "indicator",
                                             {"task": "{code}"}),
    "task to link to an indicator": ("supervisor", "post", "/indicators/{indicator}/tasks/", "task", {}),
    "project named by the task page's search": ("supervisor", "post", "/projects/link-task/", "project_ref",
                                                {"task": "{code}"}),
    "indicator named by the task page's search": ("supervisor", "post", "/indicators/link-task/", "indicator_ref",
                                                  {"task": "{code}"}),
    "task of the project search": ("supervisor", "get", "/projects/link-task/search/", "task", {"project_ref": "H"}),
    "task of the indicator search": ("supervisor", "get", "/indicators/link-task/search/", "task",
                                     {"indicator_ref": "就业"}),
    "new parent by id": ("supervisor", "post", "/ledger/tasks/{task}/parent/", "parent_id", {"reason": "调整"}),
    "parent search below a task": ("supervisor", "get", "/ledger/parents/search/", "task", {"q": "海河"}),
    "liaison of a task": ("supervisor", "get", "/ledger/liaison/", "task", {}),
    "tasks ticked for assignment": ("supervisor", "post", "/ledger/assign/", "selected", {"report_frequency": "monthly"}),
    "messages marked read": ("reporter_a", "post", "/reports/messages/read/", "ids", {}),
    "battle map by lead unit": ("supervisor", "get", "/briefings/dashboard/data.json", "lead_unit", {}),
    "battle map by programme": ("supervisor", "get", "/briefings/dashboard/data.json", "programme", {}),
    "drill-down list by lead unit": ("supervisor", "get", "/briefings/tasks/", "lead_unit", {}),
    "coverage by programme": ("supervisor", "get", "/briefings/coverage/", "programme", {}),
    "co-units of a bulk assignment": ("supervisor", "post", "/ledger/assign/", "co_units",
                                      {"selected": "{task}", "report_frequency": "monthly"}),
    "co-units of a task's assignment": ("supervisor", "post", "/ledger/tasks/{task}/assign/", "co_units", {}),
    "hosts of a new proposal": ("supervisor", "post", "/proposals/new/", "hosts", {"title": "建议"}),
    "the ledger export's filters": ("supervisor", "post", "/briefings/export/ledger/", "unit", {"headings": "1"}),
    "where a link form goes back to": ("supervisor", "post", "/indicators/link-task/", "next",
                                       {"indicator": "{indicator}", "task": "无此任务"}),
    "drill-down list by task force": ("supervisor", "get", "/briefings/tasks/", "task_force", {}),
    "battle map under a task": ("supervisor", "get", "/briefings/dashboard/data.json", "under", {}),
    "battle map by task force": ("supervisor", "get", "/briefings/dashboard/data.json", "task_force", {}),
    "ledger by parent": ("supervisor", "get", "/ledger/", "parent", {}),
    "ledger by source document": ("supervisor", "get", "/ledger/", "document", {}),
    "key projects by batch": ("supervisor", "get", "/projects/", "batch", {}),
    "proposals panel by session": ("supervisor", "get", "/briefings/dashboard/proposals.json", "session", {}),
    "proposals by session": ("supervisor", "get", "/proposals/", "session", {}),
    "proposals by unit": ("supervisor", "get", "/proposals/", "unit", {}),
    "proposal figures of units (API)": ("supervisor", "get", "/api/v1/proposals/figures/units", "units", {}),
}


def _client(user: Any) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", NOT_IDS, ids=["5000 digits", "superscript two", "19 digits"])
@pytest.mark.parametrize("case", list(CASES))
def test_an_id_that_is_not_one_is_refused_or_ignored_not_a_crash(personas: Personas, case: str, value: str) -> None:
    who, method, url, field, extra = CASES[case]
    project = project_factory(code="HOSTILE")
    indicator = Indicator.objects.create(name="城镇新增就业", unit="万人")
    names = {"code": personas.task_a.code, "task": str(personas.task_a.pk), "project": str(project.pk),
             "indicator": str(indicator.pk)}
    url = url.format(**names)
    data = {key: text.format(**names) for key, text in extra.items()} | {field: value}
    before = (list(Task.objects.values_list("pk", "parent_id", "version").order_by("pk")),
              list(project.tasks.all()), list(indicator.tasks.all()))
    response = getattr(_client(getattr(personas, who)), method)(url, data)
    assert response.status_code < 500, (case, response.status_code)
    assert response.status_code != 200 or "Traceback" not in response.content.decode()
    after = (list(Task.objects.values_list("pk", "parent_id", "version").order_by("pk")),
             list(project.tasks.all()), list(indicator.tasks.all()))
    assert after == before  # nothing linked, moved or assigned by an id that names nothing


NOT_YEARS = ["0", "-1", "99999", "9" * 19, "9" * 5000, "²"]
# Pages whose figures are of a year (`?year=`) or a period (`?period=`); each reached date
# arithmetic with year 0 or 99999 and answered 500.
YEAR_PAGES = {
    "key projects": "/projects/?year={}",
    "indicators": "/indicators/?year={}",
    "battle map of a period": "/briefings/dashboard/data.json?period={}",
}


@pytest.mark.parametrize("value", NOT_YEARS)
@pytest.mark.parametrize("page", list(YEAR_PAGES))
def test_a_year_that_cannot_be_one_draws_the_default_year_not_a_crash(
        personas: Personas, page: str, value: str) -> None:
    response = _client(personas.supervisor).get(YEAR_PAGES[page].format(value))
    assert response.status_code == 200, (page, value, response.status_code)
    if page != "battle map of a period":  # a page says why it shows the default year
        assert "年份应为 1949 至 2100 之间的整数" in response.content.decode()
