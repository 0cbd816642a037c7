"""Briefings: written from the data, edited by staff, rendered as Word and PDF with charts."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument

from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Briefing, Job
from luoshi.briefings.services import briefing_generate, briefing_number_warnings, briefing_update
from luoshi.briefings.tests.conftest import Ledger
from luoshi.briefings.tests.office import converted_pdf_text, pdf_text
from luoshi.core.errors import Conflict, DomainError, PermissionDenied
from luoshi.ledger.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def generate(ledger: Ledger, **kwargs: Any) -> Briefing:
    kwargs.setdefault("period", "2024")
    kwargs.setdefault("scope", {})
    return briefing_generate(user=ledger.personas.supervisor, **kwargs)


def body(briefing: Briefing) -> str:
    return "\n".join(f"{s['heading']}\n{s['body']}" for s in briefing.sections)


def test_the_text_is_written_from_the_numbers(ledger: Ledger) -> None:
    briefing = generate(ledger)
    text = body(briefing)
    assert "纳入台账的9项重点任务中，已完成2项" in text
    assert "项重点任务取得阶段性进展" in text
    assert "“建成海河实验室中试基地”（区科技局）" in text and "用地手续尚在办理" in text
    assert "“新增3家全国重点实验室”（区科技局）：新增3家全国重点实验室投入运行。" in text
    assert briefing.figures["counts"]["total"] == 9
    assert briefing.figure_source == "live" and briefing.files_current


def test_a_scope_narrows_the_numbers_and_names_the_briefing(ledger: Ledger) -> None:
    briefing = generate(ledger, scope={"unit": ledger.personas.unit_b.pk})
    assert briefing.figures["counts"]["total"] == 3
    assert briefing.title.startswith("滨海新区生态环境局")


def test_numbers_come_from_the_months_snapshot_when_there_is_one(ledger: Ledger) -> None:
    from datetime import date

    from luoshi.oversight.services.evaluation import snapshot_take

    snapshot, _ = snapshot_take(key="2024-09", kind="monthly", as_of=date(2024, 9, 30))
    briefing = generate(ledger, period="2024-09")
    assert briefing.figure_source == "snapshot" and briefing.snapshot_period == "2024-09"
    assert briefing.figures["counts"]["total"] == snapshot.task_count
    assert briefing.figures["counts"]["staged"] == snapshot.staged_progress


def test_the_word_file_carries_text_tables_and_charts(ledger: Ledger) -> None:
    briefing = generate(ledger)
    document = WordDocument(briefing.docx_file.open("rb"))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert briefing.title in paragraphs and "一、总体进展" in paragraphs
    assert len(document.inline_shapes) >= 2  # the category and status charts
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert {"科技创新", "建成海河实验室中试基地"} <= cells


def test_the_pdf_carries_the_same_figures(ledger: Ledger) -> None:
    briefing = generate(ledger)
    text = pdf_text(briefing.pdf_file.open("rb").read())
    assert "9项重点任务" in text and "已完成2项" in text


def test_the_word_file_opens_in_libreoffice_with_its_figures(ledger: Ledger) -> None:
    briefing = generate(ledger)
    text = converted_pdf_text(briefing.docx_file.open("rb").read(), ".docx")
    for expected in ["纳入台账的9项重点任务中，已完成2项", "建成海河实验室中试基地", "分领域任务情况"]:
        assert expected in text


def test_staff_edit_the_text_but_not_the_figures(ledger: Ledger) -> None:
    briefing = generate(ledger)
    sections = [dict(s) for s in briefing.sections]
    # 12345 cannot be a figure nor a part of the frozen figures' timestamp (year, month, day,
    # hour, minute, second), so the warning does not depend on the time the test runs.
    sections[0]["body"] = "经核实，9项任务中已完成2项，另有12345项正在协调。"
    updated, job = briefing_update(briefing=briefing, user=ledger.personas.supervisor, expected_version=1,
                                   sections=sections, title="2024年工作简报（修改稿）")
    assert updated.version == 2 and updated.figures == briefing.figures
    assert not updated.files_current and job is not None
    assert briefing_number_warnings(updated) == ["12345"]
    jobs_run_pending()
    updated.refresh_from_db()
    assert updated.files_current
    assert "另有12345项正在协调" in pdf_text(updated.pdf_file.open("rb").read())
    assert updated.history.count() == 2


def test_a_stale_edit_is_refused(ledger: Ledger) -> None:
    briefing = generate(ledger)
    briefing_update(briefing=briefing, user=ledger.personas.supervisor, expected_version=1, title="甲", render=False)
    with pytest.raises(Conflict):
        briefing_update(briefing=briefing, user=ledger.personas.supervisor, expected_version=1, title="乙")


def test_a_section_needs_a_heading(ledger: Ledger) -> None:
    briefing = generate(ledger)
    with pytest.raises(DomainError):
        briefing_update(briefing=briefing, user=ledger.personas.supervisor, expected_version=1,
                        sections=[{"heading": " ", "body": "x"}])


def test_leaders_read_but_do_not_write_briefings(ledger: Ledger) -> None:
    briefing = generate(ledger)
    with pytest.raises(PermissionDenied):
        briefing_generate(user=ledger.personas.leader, period="2024", scope={})
    with pytest.raises(PermissionDenied):
        briefing_update(briefing=briefing, user=ledger.personas.leader, expected_version=1, title="x")


def test_a_reporters_briefing_counts_only_their_units_tasks(ledger: Ledger) -> None:
    briefing = briefing_generate(user=ledger.personas.reporter_b, period="2024", scope={})
    assert briefing.figures["counts"]["total"] == 3


def test_generating_from_the_page_shows_progress_then_the_briefing(ledger: Ledger, client: Client) -> None:
    assert client.login(username="sup", password=PASSWORD)
    response = client.post(reverse("briefings:generate"), {"period": "2024-Q4", "level": "district"})
    job = Job.objects.get()
    assert response["Location"] == reverse("briefings:job", args=[job.pk])
    assert "job-progress" in client.get(response["Location"]).content.decode()
    jobs_run_pending()
    done = client.get(reverse("briefings:job_progress", args=[job.pk]), headers={"HX-Request": "true"})
    briefing = Briefing.objects.get()
    assert done["HX-Redirect"] == briefing.get_absolute_url()
    page = client.get(briefing.get_absolute_url()).content.decode()
    assert "download-docx" in page and "2024年第四季度" in briefing.title
    docx = client.get(reverse("briefings:download", args=[briefing.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")


def test_editing_on_the_page_saves_text_and_renders_again(ledger: Ledger, client: Client) -> None:
    briefing = generate(ledger)
    assert client.login(username="sup", password=PASSWORD)
    data: dict[str, Any] = {"title": "新标题", "version": 1, "status": "issued"}
    for i, s in enumerate(briefing.sections):
        data.update({f"key_{i}": s["key"], f"heading_{i}": s["heading"], f"body_{i}": s["body"]})
    data["body_0"] = "改写后的总体情况。"
    response = client.post(reverse("briefings:edit", args=[briefing.pk]), data)
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.title == "新标题" and briefing.sections[0]["body"] == "改写后的总体情况。"
    assert briefing.status == "issued"
    stale = client.post(reverse("briefings:edit", args=[briefing.pk]), data)
    assert "已被他人修改" in stale.content.decode()


def test_the_briefing_pages_hide_other_reporters_briefings(ledger: Ledger, client: Client) -> None:
    briefing = briefing_generate(user=ledger.personas.reporter_b, period="2024", scope={})
    assert client.login(username="rep_a", password=PASSWORD)
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert client.get(reverse("briefings:download", args=[briefing.pk, "pdf"])).status_code == 404


def test_the_briefing_list_renders_with_few_queries(ledger: Ledger, client: Client,
                                                    django_assert_max_num_queries: Any) -> None:
    for _ in range(3):
        generate(ledger)
    assert client.login(username="sup", password=PASSWORD)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("briefings:list")).content.decode()
    assert html.count("重点任务落实情况工作简报") >= 3


def test_chart_png_renders_without_external_binaries() -> None:
    from luoshi.briefings.exports.charts import BarChartSpec, Series, bar_chart_png

    png = bar_chart_png(BarChartSpec("测试", ["甲", "乙"], [Series("任务数", [3, 5])]))
    assert png.startswith(b"\x89PNG")


def test_io_roundtrip_of_docx_bytes(ledger: Ledger) -> None:
    briefing = generate(ledger)
    assert WordDocument(io.BytesIO(briefing.docx_file.open("rb").read())).paragraphs


def test_the_snapshot_counts_equal_the_live_counts_of_the_same_day(ledger: Ledger) -> None:
    """Issue 10: a parent is recorded in a snapshot with its rolled-up light and status, so the
    briefing's counts read from the month's snapshot equal the live ones of that day."""
    from django.utils import timezone

    from luoshi.briefings.selectors import briefing_figures
    from luoshi.oversight.services.evaluation import evaluation_run, snapshot_take

    today = timezone.localdate()
    period = f"{today:%Y-%m}"
    evaluation_run(as_of=today)
    live = briefing_figures(user=ledger.personas.supervisor, period=period, scope={})
    snapshot_take(key=period, kind="monthly", as_of=today)
    recorded = briefing_figures(user=ledger.personas.supervisor, period=period, scope={})
    assert (live["source"], recorded["source"]) == ("live", "snapshot")
    assert recorded["counts"] == live["counts"]
    # The national task is recorded with the light of the late district task beneath it, not its own.
    from luoshi.ledger.models import Task
    from luoshi.oversight.models import TaskSnapshot

    national = Task.objects.get(pk=ledger.national.pk)
    row = TaskSnapshot.objects.get(snapshot__key=period, task=national)
    assert row.light == national.effective_light == "red" != national.light


def test_a_briefing_scoped_to_a_task_force_the_author_cannot_see_is_refused(ledger: Ledger) -> None:
    """Its name would head the briefing: a reporter may scope one to the task forces of their
    work, not to another unit's (the same rule as the battle map's filter)."""
    from luoshi.ledger.services import taskforce_create, taskforce_tasks_add

    p = ledger.personas
    theirs = taskforce_create(user=p.supervisor, name="生态环境专班", leader=p.leader.person)
    taskforce_tasks_add(user=p.supervisor, task_force=theirs, tasks=[p.task_b])
    hidden = taskforce_create(user=p.supervisor, name="海河实验室攻坚专班", leader=p.leader.person)
    before = Briefing.objects.count()
    with pytest.raises(DomainError, match="工作专班不存在"):
        briefing_generate(user=p.reporter_b, period="2024-10", scope={"task_force": hidden.pk})
    assert Briefing.objects.count() == before
    briefing = briefing_generate(user=p.reporter_b, period="2024-10", scope={"task_force": theirs.pk})
    assert theirs.name in briefing.title
    client = Client()
    assert client.login(username="rep_b", password=PASSWORD)
    refused = client.post("/api/v1/briefings/briefings", {"period": "2024-10", "task_force": hidden.pk},
                          content_type="application/json")
    assert refused.status_code == 400 and "工作专班不存在" in refused.json()["message"]
