from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from luoshi.ledger.choices import Role, TaskLevel, UnitLevel
from luoshi.ledger.models import Person, Task
from luoshi.ledger.tests.factories import task_factory, unit_factory

pytestmark = pytest.mark.django_db


def test_it_rejects_a_deadline_before_the_start() -> None:
    task = Task(code="X-1", title="t", start_date=date(2024, 5, 1), deadline=date(2024, 4, 1))
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert "deadline" in error.value.message_dict


def test_the_database_also_refuses_a_deadline_before_the_start() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(code="X-2", title="t", start_date=date(2024, 5, 1), deadline=date(2024, 4, 1))


def test_the_database_refuses_progress_over_100() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(code="X-3", title="t", progress_percent=101)


def test_a_task_cannot_be_its_own_ancestor() -> None:
    parent = task_factory(level=TaskLevel.CITY)
    child = task_factory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


def test_a_child_cannot_sit_above_its_parent_level() -> None:
    parent = task_factory(level=TaskLevel.DISTRICT)
    child = Task(code="X-4", title="t", level=TaskLevel.NATIONAL, parent=parent)
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "level" in error.value.message_dict


def test_source_span_must_lie_inside_the_document() -> None:
    from luoshi.documents.models import Document

    document = Document.objects.create(title="d", text="推动建设", content_hash="h" * 64)
    task = Task(code="X-5", title="t", source_document=document, source_start=0, source_end=99)
    with pytest.raises(ValidationError) as error:
        task.full_clean()
    assert "source_end" in error.value.message_dict
    task.source_end = 4
    task.full_clean()
    assert task.source_quote == "推动建设"


def test_a_reporter_must_belong_to_a_unit() -> None:
    with pytest.raises(ValidationError) as error:
        Person(name="p", role=Role.REPORTER).full_clean()
    assert "unit" in error.value.message_dict


def test_unit_names_include_aliases() -> None:
    unit = unit_factory("天津市发展和改革委员会", level=UnitLevel.CITY, short_name="市发改委", aliases="天津市发改委\n")
    assert unit.all_names == ["天津市发展和改革委员会", "市发改委", "天津市发改委"]


def test_every_task_save_is_in_its_history() -> None:
    task = task_factory(title="旧标题")
    task.title = "新标题"
    task.save()
    titles = [record.title for record in task.history.order_by("history_date")]
    assert titles == ["旧标题", "新标题"]


def test_a_choice_label_is_given_in_the_active_language_however_often_it_is_asked() -> None:
    """The labels of get_FOO_display are kept per field (core.models), but translated per call."""
    task = Task(code="X-5", title="t", status="in_progress")
    assert task.get_status_display() == "推进中"
    with translation.override("en"):
        assert task.get_status_display() == "In progress"
    assert task.get_status_display() == "推进中"
    task.status = "not_a_status"  # an unknown value shows as itself, as Django's does
    assert task.get_status_display() == "not_a_status"
