"""Tasks of the queue that belong to briefings: run a background job (exports, briefings).

The consumer (`luoshi worker`) imports every app's ``tasks`` module; a request never runs these
itself, it only enqueues them (see `luoshi.briefings.jobs.job_enqueue`).
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from luoshi.briefings.jobs import job_run_by_id


@db_task(retries=0)
def run_job(job_id: int) -> None:
    """Run job ``job_id``; a message delivered twice finds the job claimed and does nothing."""
    job_run_by_id(job_id)
