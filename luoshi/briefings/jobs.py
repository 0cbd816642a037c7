"""Background jobs: the record people watch (progress, result file, owner) and how it is run.

A request calls `job_enqueue`, which writes a `Job` row and, once the transaction commits, hands
its id to the task queue (Huey, see `luoshi.briefings.tasks` and settings.HUEY): a `luoshi worker`
process takes it from the queue and calls `job_run_by_id`. The `Job` row stays the record of
truth for the progress bar and the result; the queue only carries "run job N".

Claiming is a conditional UPDATE (… WHERE status = 'queued'), which only one runner can win on
either database, so a message delivered twice runs its job once. `jobs_run_pending` runs what is
queued in the calling process (`luoshi worker --once`, tests).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from luoshi.briefings.choices import JobKind, JobStatus
from luoshi.briefings.models import Job
from luoshi.core.errors import DomainError, NotFound, PermissionDenied

logger = logging.getLogger("luoshi.jobs")

MSG_UNKNOWN_KIND = _("未知的后台任务类型。")
MSG_JOB_NOT_FOUND = _("后台任务不存在或无权查看。")
MSG_FAILED = _("生成失败,请稍后重试或联系管理员。")
MSG_RUNNER_LOST = _("执行进程已中断,请重新发起。")

# kind → dotted path of the handler; imported when first run, so this module stays light.
HANDLERS: dict[str, str] = {
    JobKind.LEDGER_EXPORT: "luoshi.briefings.exports.ledger_xlsx.ledger_export_job",
    JobKind.BRIEFING_GENERATE: "luoshi.briefings.services.briefing_generate_job",
    JobKind.BRIEFING_RENDER: "luoshi.briefings.services.briefing_render_job",
    JobKind.EVALUATION_RUN: "luoshi.oversight.jobs.evaluation_run_job",
    JobKind.DOCUMENT_INGEST: "luoshi.ledger.jobs.document_ingest_job",
    JobKind.SHEET_IMPORT: "luoshi.sheets.jobs.sheet_import_job",
}
# Kinds whose page moves on to the result by itself once done (the new briefing, the imported
# plan's review page, a spreadsheet import's done page); the others stay to show what was done.
OPEN_RESULT_WHEN_DONE = frozenset({JobKind.BRIEFING_GENERATE, JobKind.DOCUMENT_INGEST, JobKind.SHEET_IMPORT})
# Of those, the kinds whose message goes along to the result's page (the import's "导入完成…",
# which the commit showed there when it ran in the request).
MESSAGE_ON_RESULT = frozenset({JobKind.SHEET_IMPORT})

# A progress write at most this often (seconds), so a tight loop does not hammer the database.
PROGRESS_MIN_INTERVAL = 0.5
# A running job with no heartbeat for this long lost its runner.
STALE_AFTER = timedelta(minutes=10)


@dataclass
class JobOutcome:
    """What a handler returns: an optional file and a small JSON-able result."""

    content: bytes | None = None
    filename: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    message: str = ""  # what the finished job says; "已完成" when empty


Progress = Callable[[int, str], None]
Handler = Callable[[Job, Progress], JobOutcome]


def _runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def job_enqueue(*, kind: str, params: dict[str, Any], user: Any, start: bool = True) -> Job:
    """Queue a job for `user`; after commit its id goes to the task queue (unless ``start`` is
    false: the job then waits for `jobs_run_pending`).

    Raises DomainError for an unknown kind.
    """
    if kind not in HANDLERS:
        raise DomainError(MSG_UNKNOWN_KIND, code="unknown_job_kind")
    job = Job.objects.create(
        kind=kind, params=params, created_by=user if getattr(user, "is_authenticated", False) else None,
        message=_gettext("排队中,即将开始…"), language=translation.get_language() or "",
    )
    if start:
        job_id = job.pk
        transaction.on_commit(lambda: _dispatch(job_id))
    return job


def _dispatch(job_id: int) -> None:
    # Imported here: the task module imports this one, and the queue is configured by settings.
    from luoshi.briefings.tasks import run_job

    run_job(job_id)


def job_creator(job: Job) -> Any:
    """Who started `job`, read afresh when it runs (their permissions and scope of that moment);
    None when nobody did or they are gone. Every handler runs in that person's name."""
    if job.created_by_id is None:
        return None
    return get_user_model().objects.filter(pk=job.created_by_id).first()


def job_creator_allowed(job: Job, action: Any) -> Any:
    """`job_creator`, who must still be allowed `action` (a permission of `ledger.permissions`):
    the handler of a job that writes runs in their name only then, else PermissionDenied with
    that action's message (they left, or lost the right while the job waited)."""
    from luoshi.ledger.permissions import ACTION_MESSAGES, can

    user = job_creator(job)
    if user is None or not can(user, action):
        raise PermissionDenied(ACTION_MESSAGES[action])
    return user


def job_for_user(*, pk: int, user: Any) -> Job:
    """The job if `user` started it; NotFound otherwise (other people's jobs do not exist for them)."""
    job = Job.objects.filter(pk=pk, created_by_id=getattr(user, "pk", None)).first() if user else None
    if job is None:
        raise NotFound(MSG_JOB_NOT_FOUND)
    return job


def job_claim(job_id: int, *, runner: str | None = None) -> Job | None:
    """Claim job ``job_id`` if it is still queued; None if another runner has it or it is gone."""
    now = timezone.now()
    won = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, claimed_by=(runner or _runner_name())[:100])
    return Job.objects.get(pk=job_id) if won else None


def job_claim_next(*, runner: str | None = None) -> Job | None:
    """Claim the oldest queued job for this runner, or None when the queue is empty."""
    for candidate in (Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "pk")
                      .values_list("pk", flat=True)[:10]):
        job = job_claim(candidate, runner=runner)
        if job is not None:
            return job
    return None


def _progress_writer(job: Job) -> Progress:
    last = [0.0]

    def progress(percent: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_MIN_INTERVAL and percent < 100:
            return
        last[0] = now
        percent = max(0, min(99, int(percent)))  # 100 only when the result is stored
        job.progress, job.message = percent, str(message)[:300]
        Job.objects.filter(pk=job.pk).update(progress=percent, message=job.message, heartbeat_at=timezone.now())

    return progress


def job_run(job: Job) -> Job:
    """Run a claimed job to the end, storing its outcome; never raises for the handler's errors.

    It runs in the language of the request that queued it (a worker has no request of its own),
    so a user working in English reads the job's progress, outcome and errors in English."""
    with translation.override(job.language or settings.LANGUAGE_CODE):
        return _job_run(job)


def _job_run(job: Job) -> Job:
    handler: Handler = import_string(HANDLERS[job.kind])
    try:
        outcome = handler(job, _progress_writer(job))
    except DomainError as exc:
        _job_fail(job, str(exc.message))
        return job
    except Exception:
        logger.exception("job failed", extra={"job_id": job.pk, "kind": job.kind})
        _job_fail(job, str(MSG_FAILED))
        return job
    job.refresh_from_db()
    if outcome.content is not None:
        job.result_file.save(outcome.filename or f"job-{job.pk}", ContentFile(outcome.content), save=False)
        job.result_name = outcome.filename[:200]
    job.result = outcome.result
    job.status, job.progress, job.finished_at = JobStatus.DONE, 100, timezone.now()
    job.message = (outcome.message or _gettext("已完成"))[:300]
    job.save(update_fields=["result_file", "result_name", "result", "status", "progress", "finished_at", "message"])
    return job


def _job_fail(job: Job, message: str) -> None:
    job.status, job.message, job.finished_at = JobStatus.FAILED, message[:300], timezone.now()
    Job.objects.filter(pk=job.pk).update(status=job.status, message=job.message, finished_at=job.finished_at)


def job_run_by_id(job_id: int) -> Job | None:
    """Claim and run job ``job_id`` (what the queue's worker does); None if it was not queued."""
    job = job_claim(job_id)
    return job_run(job) if job is not None else None


def job_run_next(*, runner: str | None = None) -> Job | None:
    """Claim and run one job; None when there was nothing to do."""
    job = job_claim_next(runner=runner)
    if job is None:
        return None
    return job_run(job)


def jobs_run_pending(*, limit: int | None = None) -> int:
    """Run queued jobs until the queue is empty (or `limit` jobs ran); returns how many ran."""
    count = 0
    while limit is None or count < limit:
        if job_run_next() is None:
            break
        count += 1
    return count


def jobs_fail_stale(*, now: Any = None) -> int:
    """Mark running jobs whose runner stopped sending heartbeats as failed; returns how many."""
    now = now or timezone.now()
    return Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER).update(
        status=JobStatus.FAILED, message=str(MSG_RUNNER_LOST), finished_at=now)
