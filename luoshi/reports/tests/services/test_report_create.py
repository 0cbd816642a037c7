"""report_create: periods, idempotency, evidence checks — and nothing written on refusal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pytest_django.fixtures import Settings

from luoshi.core import periods
from luoshi.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from luoshi.core.tests.storage import stored_names
from luoshi.core.tests.zipbombs import bomb, xlsx_skeleton
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.reports.choices import ReportStatus
from luoshi.reports.models import Evidence, ProgressReport
from luoshi.reports.services import period_close, period_reopen, report_create, report_submit
from luoshi.reports.services.reports import (
    MSG_NEEDS_PROGRESS,
    MSG_PERIOD_CLOSED,
    MSG_PERIOD_FUTURE,
)
from luoshi.reports.tests.files import PDF, office_bytes, pdf, upload

pytestmark = pytest.mark.django_db


def stored_files(media_root: Path) -> list[str]:
    """Files kept anywhere: in the configured storage, or (wrongly) under MEDIA_ROOT by path."""
    on_disk = [str(p) for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    return on_disk + stored_names()


def current_key(frequency: str = "monthly") -> str:
    return periods.period_containing(timezone.localdate(), frequency).key


def test_it_saves_a_draft_that_only_its_author_sees(personas: Personas) -> None:
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="已完成选址。", percent_done=10,
                           period_key=current_key())
    assert (report.status, report.revision, report.unit, report.author) == (
        ReportStatus.DRAFT, 1, personas.unit_a, personas.reporter_a)
    assert report.submitted_at is None


def test_a_double_click_with_the_same_key_makes_one_report(personas: Personas) -> None:
    kwargs = {"user": personas.reporter_a, "task": personas.task_a, "narrative": "进展", "percent_done": 20,
              "submit": True, "idempotency_key": "click-1", "files": [pdf()]}
    first = report_create(**kwargs)  # type: ignore[arg-type]
    second = report_create(**kwargs | {"files": [pdf()]})  # type: ignore[arg-type]
    assert first.pk == second.pk
    assert ProgressReport.objects.count() == 1
    assert Evidence.objects.count() == 1


def test_a_key_reused_for_another_task_is_a_conflict(personas: Personas) -> None:
    report_create(user=personas.reporter_a, task=personas.task_a, narrative="甲", percent_done=5, idempotency_key="k")
    with pytest.raises(Conflict):
        report_create(user=personas.reporter_a, task=task_factory("另一任务", lead_unit=personas.unit_a),
                      narrative="乙", percent_done=5, idempotency_key="k")
    assert ProgressReport.objects.count() == 1


def test_a_second_report_for_the_same_period_is_refused(personas: Personas) -> None:
    report_create(user=personas.reporter_a, task=personas.task_a, narrative="甲", percent_done=5,
                  period_key=current_key())
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="乙", percent_done=6,
                      period_key=current_key())
    assert error.value.code == "already_reported"


def test_a_report_for_a_period_a_supervisor_closed_is_refused_and_writes_nothing(
        personas: Personas, media_root: Path) -> None:
    key = current_key()
    period_close(user=personas.supervisor, key=key)
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5,
                      period_key=key, files=[pdf()], submit=True)
    assert str(error.value.message) == str(MSG_PERIOD_CLOSED % {"key": key})
    assert ProgressReport.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_period_long_past_closes_by_itself_and_a_supervisor_can_reopen_it(personas: Personas) -> None:
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="补报", percent_done=5,
                      period_key="2020-01")
    assert error.value.code == "period_closed"
    period_reopen(user=personas.supervisor, key="2020-01")
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="补报", percent_done=5,
                           period_key="2020-01", submit=True)
    assert report.is_late


def test_a_future_period_is_refused(personas: Personas) -> None:
    future = periods.period_next(periods.period_containing(timezone.localdate() + timedelta(days=40), "monthly")).key
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="x", percent_done=5, period_key=future)
    assert str(error.value.message) == str(MSG_PERIOD_FUTURE % {"key": future})


@pytest.mark.parametrize("key", ["2024-Q3", "2024", "2024-13", "本月"])
def test_a_period_of_another_frequency_or_malformed_is_refused(personas: Personas, key: str) -> None:
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="x", percent_done=5, period_key=key)
    assert error.value.code in {"wrong_frequency", "bad_period"}


@pytest.mark.parametrize(("name", "content"), [
    ("恶意.exe", b"MZ\x90\x00"), ("伪装.pdf", b"<html><script></script></html>"),
    ("宏.docx", office_bytes("docx", macros=True)),
])
def test_a_forbidden_file_writes_nothing(personas: Personas, media_root: Path, name: str, content: bytes) -> None:
    with pytest.raises(DomainError):
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5,
                      files=[pdf(), upload(name, content)], submit=True)
    assert ProgressReport.objects.count() == 0
    assert Evidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_zip_bomb_as_evidence_writes_nothing(personas: Personas, media_root: Path) -> None:
    """A .xlsx declaring 200 MB of zeros is refused from its zip directory (issue 13)."""
    data = bomb(xlsx_skeleton(), part="xl/worksheets/sheet1.xml")
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5,
                      files=[pdf(), upload("台账.xlsx", data)], submit=True)
    assert error.value.code == "evidence_archive"
    assert ProgressReport.objects.count() == 0 and Evidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_file_over_the_configured_limit_writes_nothing(personas: Personas, media_root: Path,
                                                         settings: Settings) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "MAX_EVIDENCE_BYTES": 100}
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5,
                      files=[upload("大.pdf", PDF + b"0" * 200)])
    assert error.value.code == "evidence_too_large"
    assert ProgressReport.objects.count() == 0
    assert stored_files(media_root) == []


def test_files_are_stored_under_generated_names_through_the_storage_api(personas: Personas,
                                                                        media_root: Path) -> None:
    """Evidence goes to the configured storage (here in memory), never to a path (issue 15, point 6)."""
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5,
                           files=[upload("../../etc/立项批复.pdf", PDF)])
    evidence = report.evidence.get()
    assert evidence.original_name == "立项批复.pdf"  # the upload handler already dropped the path
    name = evidence.file.name
    assert name.startswith("evidence/") and ".." not in name and "立项" not in name and name.endswith(".pdf")
    assert stored_names() == [name] and not media_root.exists()
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == PDF


def test_submitting_needs_percent_or_a_milestone(personas: Personas) -> None:
    with pytest.raises(DomainError) as error:
        report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", submit=True)
    assert str(error.value.message) == str(MSG_NEEDS_PROGRESS)
    draft = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展")
    with pytest.raises(DomainError):
        report_submit(user=personas.reporter_a, report=draft)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_a_reporter_of_another_unit_does_not_see_the_task(personas: Personas) -> None:
    with pytest.raises(NotFound):
        report_create(user=personas.reporter_b, task=personas.task_a, narrative="越权", percent_done=5)


def test_supervisors_and_leaders_do_not_write_reports(personas: Personas) -> None:
    for user in (personas.supervisor, personas.leader, personas.admin):
        with pytest.raises(PermissionDenied):
            report_create(user=user, task=personas.task_a, narrative="代报", percent_done=5)
    assert ProgressReport.objects.count() == 0


def test_a_double_submit_of_a_draft_is_harmless(personas: Personas) -> None:
    draft = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=5)
    first = report_submit(user=personas.reporter_a, report=draft)
    second = report_submit(user=personas.reporter_a, report=draft)
    assert first.submitted_at == second.submitted_at
