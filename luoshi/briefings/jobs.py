"""The job runner: queue, claim, run and report progress of background work.

A request calls `job_enqueue`; the work is then done by `job_run_next`, called either by the
`luoshi worker` command (several processes, production) or, when
settings.LUOSHI["INLINE_JOBS"] is true (the default, so `make run` needs one process), by a
background thread that the enqueuing request starts after its transaction commits. Tests call
`job_run_next` (or `job_run`) directly.

Claiming is safe with several runners on both databases: PostgreSQL locks the oldest queued row
with SELECT … FOR UPDATE SKIP LOCKED; SQLite has no row locks, so a runner picks a candidate and
claims it with a conditional UPDATE (… WHERE status = 'queued'), which only one runner can win.
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
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from luoshi.briefings.choices import JobKind, JobStatus
from luoshi.briefings.models import Job
from luoshi.core.errors import DomainError, NotFound

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
}

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


Progress = Callable[[int, str], None]
Handler = Callable[[Job, Progress], JobOutcome]


def _runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def job_enqueue(*, kind: str, params: dict[str, Any], user: Any, start: bool = True) -> Job:
    """Queue a job for `user`; with INLINE_JOBS a background thread starts after commit.

    Raises DomainError for an unknown kind.
    """
    if kind not in HANDLERS:
        raise DomainError(MSG_UNKNOWN_KIND, code="unknown_job_kind")
    job = Job.objects.create(
        kind=kind, params=params, created_by=user if getattr(user, "is_authenticated", False) else None,
        message=_gettext("排队中,即将开始…"),
    )
    if start and settings.LUOSHI.get("INLINE_JOBS", True):
        transaction.on_commit(inline_runner_start)
    return job


def job_for_user(*, pk: int, user: Any) -> Job:
    """The job if `user` started it; NotFound otherwise (other people's jobs do not exist for them)."""
    job = Job.objects.filter(pk=pk, created_by_id=getattr(user, "pk", None)).first() if user else None
    if job is None:
        raise NotFound(MSG_JOB_NOT_FOUND)
    return job


def job_claim_next(*, runner: str | None = None) -> Job | None:
    """Claim the oldest queued job for this runner, or None when the queue is empty."""
    runner = runner or _runner_name()
    now = timezone.now()
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = (Job.objects.select_for_update(skip_locked=True)
                   .filter(status=JobStatus.QUEUED).order_by("created_at", "pk").first())
            if job is None:
                return None
            Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now,
                                                 claimed_by=runner[:100])
        job.refresh_from_db()
        return job
    for _attempt in range(10):
        candidate = (Job.objects.filter(status=JobStatus.QUEUED).order_by("created_at", "pk")
                     .values_list("pk", flat=True).first())
        if candidate is None:
            return None
        won = Job.objects.filter(pk=candidate, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, claimed_by=runner[:100])
        if won:
            return Job.objects.get(pk=candidate)
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
    """Run a claimed job to the end, storing its outcome; never raises for the handler's errors."""
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
    job.message = _gettext("已完成")
    job.save(update_fields=["result_file", "result_name", "result", "status", "progress", "finished_at", "message"])
    return job


def _job_fail(job: Job, message: str) -> None:
    job.status, job.message, job.finished_at = JobStatus.FAILED, message[:300], timezone.now()
    Job.objects.filter(pk=job.pk).update(status=job.status, message=job.message, finished_at=job.finished_at)


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


_inline_lock = threading.Lock()
_inline_thread: threading.Thread | None = None


def _inline_loop() -> None:
    global _inline_thread
    try:
        while True:
            jobs_run_pending()
            # Decide to stop under the lock, after a last look at the queue: a job committed
            # before this look is seen here, one committed after it finds no thread and starts one.
            with _inline_lock:
                if not Job.objects.filter(status=JobStatus.QUEUED).exists():
                    _inline_thread = None
                    return
    except Exception:  # a broken database must not kill the web process; the job stays queued
        logger.exception("inline job runner stopped")
        with _inline_lock:
            _inline_thread = None
    finally:
        close_old_connections()
        connection.close()


def inline_runner_start() -> None:
    """Start one background thread in this process to drain the queue (no-op if one runs)."""
    global _inline_thread
    with _inline_lock:
        if _inline_thread is not None:
            return
        _inline_thread = threading.Thread(target=_inline_loop, name="luoshi-inline-jobs", daemon=True)
        _inline_thread.start()
