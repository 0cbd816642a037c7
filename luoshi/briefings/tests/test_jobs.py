"""The background job runner: queue, claim once, progress, result, failure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from luoshi.briefings import jobs
from luoshi.briefings.choices import JobKind, JobStatus
from luoshi.briefings.models import Job
from luoshi.core.errors import DomainError, NotFound
from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db


def queue_export(personas: Personas, **filters: str) -> Job:
    return jobs.job_enqueue(kind=JobKind.LEDGER_EXPORT, params={"filters": filters}, user=personas.supervisor,
                            start=False)


def test_a_queued_job_is_claimed_once(personas: Personas) -> None:
    job = queue_export(personas)
    claimed = jobs.job_claim_next(runner="first")
    assert claimed is not None and claimed.pk == job.pk
    assert claimed.status == JobStatus.RUNNING and claimed.claimed_by == "first"
    assert jobs.job_claim_next(runner="second") is None


def test_running_a_job_stores_its_file_and_result(personas: Personas) -> None:
    job = queue_export(personas)
    done = jobs.job_run_next()
    assert done is not None and done.pk == job.pk
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 100
    assert job.result == {"rows": 3}
    assert job.result_name.endswith(".xlsx") and job.result_file.size > 0


def test_a_handler_error_fails_the_job_with_a_readable_message(personas: Personas) -> None:
    job = jobs.job_enqueue(kind=JobKind.BRIEFING_GENERATE, params={"period": "2024-99", "scope": {}},
                           user=personas.supervisor, start=False)
    jobs.jobs_run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "期别格式不正确" in job.message


def test_a_job_speaks_the_language_of_the_request_that_queued_it(personas: Personas) -> None:
    """A worker has no request: the job runs in its creator's language, and the worker's own
    language (Chinese, the default) is left as it was."""
    from django.utils import translation

    with translation.override("en"):
        english = jobs.job_enqueue(kind=JobKind.BRIEFING_GENERATE, params={"period": "2024-99", "scope": {}},
                                   user=personas.supervisor, start=False)
        english_export = queue_export(personas)
    chinese = jobs.job_enqueue(kind=JobKind.BRIEFING_GENERATE, params={"period": "2024-99", "scope": {}},
                               user=personas.supervisor, start=False)
    assert (english.language, chinese.language) == ("en", "zh-hans")
    jobs.jobs_run_pending()
    for job in (english, chinese, english_export):
        job.refresh_from_db()
    assert english.status == JobStatus.FAILED and "期别" not in english.message and english.message.isascii()
    assert "期别格式不正确" in chinese.message
    assert english_export.message == "Completed" and english_export.result_name.isascii()
    assert translation.get_language() == "zh-hans"


def test_an_unexpected_error_fails_the_job_without_leaking_the_exception(personas: Personas) -> None:
    job = jobs.job_enqueue(kind=JobKind.BRIEFING_RENDER, params={"briefing_id": "not-a-number"},
                           user=personas.supervisor, start=False)
    jobs.jobs_run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == str(jobs.MSG_FAILED)


def test_an_unknown_kind_is_refused(personas: Personas) -> None:
    with pytest.raises(DomainError):
        jobs.job_enqueue(kind="format_disk", params={}, user=personas.supervisor)


def test_other_peoples_jobs_do_not_exist_for_you(personas: Personas) -> None:
    job = queue_export(personas)
    assert jobs.job_for_user(pk=job.pk, user=personas.supervisor) == job
    with pytest.raises(NotFound):
        jobs.job_for_user(pk=job.pk, user=personas.reporter_a)


def test_a_job_whose_runner_died_is_failed_after_the_heartbeat_stops(personas: Personas) -> None:
    queue_export(personas)
    claimed = jobs.job_claim_next()
    assert claimed is not None
    assert jobs.jobs_fail_stale() == 0
    assert jobs.jobs_fail_stale(now=timezone.now() + jobs.STALE_AFTER + timedelta(minutes=1)) == 1
    claimed.refresh_from_db()
    assert claimed.status == JobStatus.FAILED


def test_progress_is_written_for_the_polling_page(personas: Personas) -> None:
    job = queue_export(personas)
    progress = jobs._progress_writer(job)
    progress(42, "写入中")
    job.refresh_from_db()
    assert (job.progress, job.message) == (42, "写入中")


def test_the_worker_command_drains_the_queue(personas: Personas) -> None:
    from django.core.management import call_command

    queue_export(personas)
    queue_export(personas, level="city")
    call_command("worker", "--once")
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}


@pytest.mark.django_db(transaction=True)
def test_an_enqueued_job_reaches_the_queue_after_commit_and_a_worker_runs_it(
        personas: Personas, tmp_path: Path) -> None:
    """The request only writes the job and, once committed, hands its id to the queue; a worker
    process takes it from the queue's real storage (a SQLite file here) and runs it (issue #15)."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    saved = HUEY.immediate, HUEY.storage
    HUEY.immediate = False
    HUEY.storage = SqliteStorage(name="luoshi-test", filename=str(tmp_path / "queue.sqlite3"))
    try:
        job = jobs.job_enqueue(kind=JobKind.LEDGER_EXPORT, params={"filters": {}}, user=personas.supervisor)
        assert HUEY.pending_count() == 1
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED  # nothing ran in the request
        message = HUEY.dequeue()
        assert message is not None
        HUEY.execute(message)
        job.refresh_from_db()
        assert job.status == JobStatus.DONE and job.result == {"rows": 3}
        HUEY.execute(message)  # delivered twice: the job is claimed already, nothing runs again
        job.refresh_from_db()
        assert job.status == JobStatus.DONE
    finally:
        HUEY.storage = saved[1]
        HUEY.immediate = saved[0]


@pytest.mark.django_db(transaction=True)
def test_in_tests_the_queue_runs_the_job_at_commit(personas: Personas) -> None:
    job = jobs.job_enqueue(kind=JobKind.LEDGER_EXPORT, params={"filters": {}}, user=personas.supervisor)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_the_tick_is_scheduled_on_the_queue_once_an_hour() -> None:
    from datetime import datetime

    from django.conf import settings
    from huey.contrib.djhuey import HUEY

    from luoshi.oversight import tasks

    minute = int(settings.LUOSHI["TICK_MINUTE"])

    def due_at(at: datetime) -> set[str]:
        return {task.name for task in HUEY.read_periodic(at)}

    assert tasks.scheduled_tick.task_class.__name__ in {name.rsplit(".", 1)[-1] for name in due_at(
        datetime(2024, 10, 8, 9, minute))}
    assert not any("scheduled_tick" in name for name in due_at(datetime(2024, 10, 8, 9, (minute + 1) % 60)))
