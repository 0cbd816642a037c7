"""Project services: batches from extraction, the list, monthly investment, milestones, task links."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.documents.models import Document, ExtractedItem
from luoshi.ledger.tests.factories import Personas
from luoshi.projects.models import KeyProject, ProjectInvestment
from luoshi.projects.services import (
    batch_confirm_from_item,
    batch_save,
    investment_record,
    milestone_set,
    pipeline_for,
    programme_for,
    project_create,
    project_task_link,
    project_update,
)
from luoshi.projects.tests.factories import TODAY, batch_factory, project_factory

pytestmark = pytest.mark.django_db

QUOTES = {
    "under_construction": "加快总投资7391.6亿元的诺和诺德扩建、大聚合物电池快充产线等583个项目建设",
    "new_start": "推动总投资2515.5亿元的三峡南港海上风电、海特飞机基地三期等212个项目开工",
    "completion": "抓好总投资1236亿元的海工装备二期、隐山冷链物流基地等197个项目竣工",
}


@pytest.mark.parametrize(("pipeline", "quote"), list(QUOTES.items()))
def test_the_last_pipeline_word_names_the_pipeline(pipeline: str, quote: str) -> None:
    assert pipeline_for(quote) == pipeline


def test_pipeline_words_elsewhere_do_not_mislead() -> None:
    assert pipeline_for("推动开工建设的项目竣工") == "completion"
    assert pipeline_for("六个领域69个重点项目") == "other"


def test_the_programme_comes_from_the_section_titles() -> None:
    path = ["2024年重点工作", "坚持产业焕新、“三量”发展,深入实施现代化产业聚集区建设工程"]
    assert programme_for(path) == "现代化产业聚集区建设工程"
    assert programme_for([]) == ""


def test_a_confirmed_batch_keeps_its_promise_in_wan_yuan_and_its_span(personas: Personas) -> None:
    text = "2024年重点工作。" + QUOTES["new_start"] + "。"
    document = Document.objects.create(title="报告", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    quote = QUOTES["new_start"]
    start = text.index(quote)
    item = ExtractedItem.objects.create(
        document=document, kind="project", indicator="开工项目", value=212, unit="个", period="2024", quote=quote,
        start=start, end=start + len(quote), investment=251550000000,
        section_path=["2024年重点工作", "坚持产业焕新、“三量”发展,深入实施现代化产业聚集区建设工程"])
    batch = batch_confirm_from_item(item=item, user=personas.supervisor)
    assert batch is not None
    assert (batch.pipeline, batch.year, batch.promised_count) == ("new_start", 2024, 212)
    assert batch.promised_investment == Decimal("25155000.00")
    assert batch.programme == "现代化产业聚集区建设工程"
    assert batch.source_quote == quote
    again = batch_confirm_from_item(item=item, user=personas.supervisor)
    assert again is not None and again.pk == batch.pk
    with pytest.raises(PermissionDenied):
        batch_confirm_from_item(item=item, user=personas.reporter_a)


def test_a_project_joins_its_pipelines_batch_and_moves_with_its_pipeline(personas: Personas) -> None:
    starts = batch_factory("new_start")
    building = batch_factory("under_construction")
    project = project_create(user=personas.supervisor, year=2024, code="BH-1", name="海工装备二期",
                             pipeline="new_start", total_investment="260000", planned_investment=50000)
    assert project.batch == starts and project.total_investment == Decimal("260000.00")
    moved = project_update(project=project, user=personas.supervisor, pipeline="under_construction")
    assert moved.batch == building
    with pytest.raises(DomainError):
        project_create(user=personas.supervisor, year=2024, code="BH-1", name="重复")
    with pytest.raises(PermissionDenied):
        project_update(project=project, user=personas.reporter_a, name="改名")


def test_the_plan_cannot_exceed_the_total(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        project_create(user=personas.supervisor, year=2024, code="X", name="甲", total_investment=100,
                       planned_investment=120)


def test_the_lead_units_reporter_records_investment_and_corrections_keep_history(personas: Personas) -> None:
    project = project_factory(lead_unit=personas.unit_a, total=100000)
    investment_record(project=project, year=2024, month=3, amount=1.2, unit="亿元", user=personas.reporter_a,
                      today=TODAY)
    investment_record(project=project, year=2024, month=3, amount=11000, user=personas.reporter_a, today=TODAY)
    record = ProjectInvestment.objects.get()
    assert record.amount == Decimal("11000.00")
    assert [h.amount for h in record.history.order_by("history_id")] == [Decimal("12000.00"), Decimal("11000.00")]
    with pytest.raises(PermissionDenied):
        investment_record(project=project, year=2024, month=4, amount=1, user=personas.reporter_b, today=TODAY)
    with pytest.raises(PermissionDenied):
        investment_record(project=project, year=2024, month=4, amount=1, user=personas.leader, today=TODAY)


@pytest.mark.parametrize(("month", "amount", "unit", "word"), [
    (12, 1, "万元", "尚未开始"), (13, 1, "万元", "1到12"), (3, -5, "万元", "负数"), (3, 5, "人", "无法换算"),
    (3, 2, "亿元", "不能大于总投资"), (3, "许多", "万元", "应为数字"),
])
def test_bad_investment_is_refused(personas: Personas, month: int, amount: object, unit: str, word: str) -> None:
    project = project_factory()
    with pytest.raises(DomainError) as caught:
        investment_record(project=project, year=2024, month=month, amount=amount,  # type: ignore[arg-type]
                          unit=unit, user=personas.supervisor, today=TODAY)
    assert word in str(caught.value.message)


def test_a_reporter_sets_actual_dates_but_not_plans(personas: Personas) -> None:
    project = project_factory(lead_unit=personas.unit_a)
    milestone_set(project=project, kind="start", user=personas.supervisor, planned_date=date(2024, 3, 1))
    done = milestone_set(project=project, kind="start", user=personas.reporter_a, actual_date=date(2024, 3, 10),
                         note="已开工", today=TODAY)
    assert (done.planned_date, done.actual_date, done.note) == (date(2024, 3, 1), date(2024, 3, 10), "已开工")
    with pytest.raises(PermissionDenied):
        milestone_set(project=project, kind="start", user=personas.reporter_a, planned_date=date(2024, 4, 1))
    with pytest.raises(DomainError):
        milestone_set(project=project, kind="completion", user=personas.supervisor, actual_date=date(2025, 1, 1),
                      today=TODAY)
    with pytest.raises(DomainError):
        milestone_set(project=project, kind="groundbreaking", user=personas.supervisor, actual_date=TODAY)
    with pytest.raises(ValidationError):
        milestone_set(project=project, kind="operation", user=personas.supervisor, planned_date=None)


def test_batches_are_maintained_by_oversight(personas: Personas) -> None:
    batch = batch_save(user=personas.supervisor, name="在建项目", pipeline="under_construction", year=2024,
                       promised_count=583, promised_investment="73916000")
    assert batch.promised_investment == Decimal("73916000.00")
    with pytest.raises(PermissionDenied):
        batch_save(user=personas.reporter_a, batch=batch, promised_count=1)
    with pytest.raises(DomainError):
        batch_save(user=personas.supervisor, batch=batch, source_item=None)


def test_only_oversight_links_tasks(personas: Personas) -> None:
    project = project_factory()
    with pytest.raises(PermissionDenied):
        project_task_link(project=project, task=personas.task_a, user=personas.reporter_a)
    project_task_link(project=project, task=personas.task_a, user=personas.supervisor)
    assert list(personas.task_a.key_projects.all()) == [KeyProject.objects.get()]


def test_the_verb_after_the_quoted_span_names_the_pipeline(personas: Personas) -> None:
    """Extraction may end the quote at 项目; the verb that follows (开工) still decides the pipeline."""
    text = "推动总投资2515.5亿元的三峡南港海上风电等212个项目开工;抓好其他工作。"
    document = Document.objects.create(title="报告", text=text, content_hash=hashlib.sha256(text.encode()).hexdigest())
    quote = "推动总投资2515.5亿元的三峡南港海上风电等212个项目"
    item = ExtractedItem.objects.create(document=document, kind="project", indicator="项目", value=212, unit="个",
                                        period="2024", quote=quote, start=0, end=len(quote), investment=2.5155e11)
    batch = batch_confirm_from_item(item=item, user=personas.supervisor)
    assert batch is not None and batch.pipeline == "new_start"
