"""The evaluation run as a background job, so the page that starts it shows its progress.

The job record and its runner are the installation's one job framework (`luoshi.briefings.jobs`);
this module is its handler for the evaluation, beside the service it calls.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.ledger.permissions import Action, require
from luoshi.oversight.services import evaluation_run


def evaluation_run_enqueue(*, user: Any) -> Any:
    """Queue "evaluate now" for `user` (refused at once without the permission); returns the job."""
    from luoshi.briefings.choices import JobKind
    from luoshi.briefings.jobs import job_enqueue

    require(user, Action.EVALUATION_RUN)
    return job_enqueue(kind=JobKind.EVALUATION_RUN, user=user, params={})


def evaluation_run_job(job: Any, progress: Any) -> Any:
    """Job handler: the run for the job's creator, with their permission and scope at run time."""
    from luoshi.briefings.jobs import JobOutcome, job_creator_allowed

    user = job_creator_allowed(job, Action.EVALUATION_RUN)
    changed = evaluation_run(user=user, progress=progress)
    return JobOutcome(result={"lights_changed": changed, "url": reverse("oversight:home")},
                      message=_("已完成评估,%(n)s 项任务的评估状态发生变化。") % {"n": changed})
