"""Co-units report their part to the lead unit's report (issue 12, point 3)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.tests.factories import Personas, unit_factory, user_factory
from luoshi.reports.choices import ContributionStatus, ReportStatus
from luoshi.reports.models import Contribution
from luoshi.reports.selectors import task_contributions
from luoshi.reports.services import contribution_save, report_create, report_default_period
from luoshi.reports.services.contributions import MSG_ALREADY_SUBMITTED
from luoshi.reports.tests.files import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_c(personas: Personas) -> Unit:
    """A second co-unit of task_shared (lead: unit B; co-units: A and C)."""
    unit = unit_factory("滨海新区交通运输局", short_name="区交通局")
    personas.task_shared.co_units.add(unit)
    return unit


def period_of(task: Task) -> str:
    return report_default_period(task=task).key


def states(user: object, task: Task) -> dict[str, str]:
    return {row.unit.short_name: (row.contribution.status if row.contribution else "none")
            for row in task_contributions(user=user, task=task, period_key=period_of(task))}


def test_a_co_units_draft_never_blocks_the_lead_unit(personas: Personas) -> None:
    """A co-unit's private draft occupied the period, so the lead unit could not report (issue 12)."""
    key = period_of(personas.task_shared)
    draft = contribution_save(user=personas.reporter_a, task=personas.task_shared, text="完成岸电设备招标。")
    report = report_create(user=personas.reporter_b, task=personas.task_shared, narrative="码头主体开工。",
                           percent_done=30, submit=True)
    assert draft.period_key == report.period_key == key and report.status == ReportStatus.SUBMITTED


def test_a_co_unit_contributes_instead_of_writing_the_report(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        report_create(user=personas.reporter_a, task=personas.task_shared, narrative="协办单位的报告", percent_done=5)
    with pytest.raises(PermissionDenied):  # and the lead unit reports, it does not contribute
        contribution_save(user=personas.reporter_b, task=personas.task_shared, text="牵头单位")


def test_a_draft_is_its_authors_alone(personas: Personas, unit_c: Unit) -> None:
    contribution_save(user=personas.reporter_a, task=personas.task_shared, text="草稿")
    assert states(personas.reporter_a, personas.task_shared) == {"区科技局": "draft", "区交通局": "none"}
    for reader in (personas.reporter_b, personas.supervisor, personas.leader):
        assert states(reader, personas.task_shared) == {"区科技局": "none", "区交通局": "none"}
    colleague = user_factory("rep_a2", role=Role.REPORTER, unit=personas.unit_a, name="填报员甲二")
    with pytest.raises(PermissionDenied):
        contribution_save(user=colleague, task=personas.task_shared, text="改别人的草稿")


def test_the_lead_unit_and_supervisors_see_who_has_and_has_not_contributed(personas: Personas, unit_c: Unit) -> None:
    contribution_save(user=personas.reporter_a, task=personas.task_shared, text="完成岸电设备招标。", percent_done=60,
                      file=pdf(), submit=True)
    for reader in (personas.reporter_b, personas.supervisor, personas.leader, personas.reporter_a):
        assert states(reader, personas.task_shared) == {"区科技局": "submitted", "区交通局": "none"}
    saved = Contribution.objects.get()
    assert (saved.unit, saved.percent_done, saved.evidence_kind) == (personas.unit_a, 60, "pdf")


def test_a_submitted_contribution_is_final(personas: Personas) -> None:
    contribution_save(user=personas.reporter_a, task=personas.task_shared, text="一", submit=True)
    with pytest.raises(DomainError) as error:
        contribution_save(user=personas.reporter_a, task=personas.task_shared, text="二")
    assert error.value.message == MSG_ALREADY_SUBMITTED % {"key": period_of(personas.task_shared)}
    assert Contribution.objects.get().text == "一"


@pytest.mark.parametrize(("text", "percent", "code"), [("  ", None, "needs_text"), ("有内容", 120, None)])
def test_bad_input_is_refused_clearly(personas: Personas, text: str, percent: int | None, code: str | None) -> None:
    with pytest.raises(DomainError) as error:
        contribution_save(user=personas.reporter_a, task=personas.task_shared, text=text, percent_done=percent)
    assert error.value.message and (code is None or error.value.code == code)
    assert not Contribution.objects.exists()


def test_the_report_and_task_pages_show_the_contributions(personas: Personas, unit_c: Unit, client: Client) -> None:
    client.force_login(personas.reporter_a)
    page = client.get(reverse("reports:contribution_edit", args=[personas.task_shared.pk]))
    assert page.status_code == 200
    response = client.post(reverse("reports:contribution_edit", args=[personas.task_shared.pk]), {
        "period_key": period_of(personas.task_shared), "text": "完成岸电设备招标。", "percent_done": "60",
        "action": "submit", "file": pdf()})
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.SUBMITTED
    report = report_create(user=personas.reporter_b, task=personas.task_shared, narrative="码头主体开工。",
                           percent_done=30, submit=True)
    for reader in (personas.reporter_b, personas.supervisor):
        client.force_login(reader)
        for url in (report.get_absolute_url(), personas.task_shared.get_absolute_url()):
            content = client.get(url).content.decode()
            assert f'id="contributions-{report.period_key}"' in content and "完成岸电设备招标。" in content
            section = content.split(f'id="contributions-{report.period_key}"')[1].split("</table>")[0]
            assert section.count('class="contributed"') == 1 and section.count('class="missing"') == 1
            assert "区交通局" in section
        download = client.get(reverse("reports:contribution_evidence", args=[contribution.pk]))
        assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_a_unit_that_is_not_on_the_task_cannot_read_the_evidence(personas: Personas, client: Client) -> None:
    contribution = contribution_save(user=personas.reporter_a, task=personas.task_shared, text="有材料", file=pdf(),
                                     submit=True)
    outsider_unit = unit_factory("滨海新区文化和旅游局", short_name="区文旅局")
    client.force_login(user_factory("rep_c", role=Role.REPORTER, unit=outsider_unit, name="填报员丙"))
    assert client.get(reverse("reports:contribution_evidence", args=[contribution.pk])).status_code == 404


def test_the_api_takes_a_contribution_and_lists_who_has_contributed(personas: Personas, unit_c: Unit,
                                                                    client: Client) -> None:
    url = f"/api/v1/reports/tasks/{personas.task_shared.pk}/contributions"
    client.force_login(personas.reporter_b)  # the lead unit does not contribute
    assert client.post(url, {"text": "牵头"}, content_type="application/json").status_code == 403
    client.force_login(personas.reporter_a)
    response = client.post(url, {"text": "完成岸电设备招标。", "percent_done": 60, "submit": True},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    key = response.json()["period_key"]
    client.force_login(personas.supervisor)
    rows = client.get(url, {"period_key": key}).json()
    assert {r["unit_name"]: (r["contribution"] or {}).get("status") for r in rows} == {
        "滨海新区科学技术局": "submitted", "滨海新区交通运输局": None}
    client.force_login(personas.reporter_a)
    bad = client.post(url, {"text": "  "}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["message"] == "请填写协办情况。"
