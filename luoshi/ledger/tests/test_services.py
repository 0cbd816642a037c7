import pytest

from luoshi.core.errors import Conflict, PermissionDenied
from luoshi.ledger.models import Task
from luoshi.ledger.services import task_create, task_update, unit_match
from luoshi.ledger.tests.factories import Personas, unit_factory

pytestmark = pytest.mark.django_db


def test_task_codes_run_within_year_and_level() -> None:
    first = task_create(title="甲", level="district", year=2024)
    second = task_create(title="乙", level="district", year=2024)
    city = task_create(title="丙", level="city", year=2024)
    assert (first.code, second.code, city.code) == ("2024-D-0001", "2024-D-0002", "2024-C-0001")


def test_a_stale_edit_is_told_of_the_conflict_and_changes_nothing(personas: Personas) -> None:
    task = personas.task_a
    task_update(task=task, user=personas.supervisor, expected_version=1, title="第一位督查员的修改")
    with pytest.raises(Conflict):
        task_update(task=task, user=personas.supervisor, expected_version=1, title="第二位督查员的修改")
    task.refresh_from_db()
    assert task.title == "第一位督查员的修改"
    assert task.version == 2


def test_a_reporter_cannot_edit_another_units_task(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        task_update(task=personas.task_b, user=personas.reporter_a, title="越权修改")
    assert Task.objects.get(pk=personas.task_b.pk).title == "实施7个片区合流制改造"


def test_a_reporter_may_edit_a_task_where_their_unit_co_operates(personas: Personas) -> None:
    updated = task_update(task=personas.task_shared, user=personas.reporter_a, progress_note="已完成选址")
    assert updated.progress_note == "已完成选址"


def test_unit_match_finds_aliases_and_longest_names() -> None:
    city = unit_factory("天津市发展和改革委员会", level="city", short_name="市发改委")
    assert unit_match("市发改委") == city
    assert unit_match("天津市发展和改革委员会") == city
    assert unit_match("不存在的单位") is None
