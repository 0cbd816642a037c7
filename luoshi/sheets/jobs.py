"""Committing a spreadsheet import as a background job.

A large workbook's commit (validated again under lock, then written in one transaction) takes
seconds, which held an application worker for as long. The commit page and the API now check
what they can at once (permission, the token, the file unchanged: refused there, nothing queued)
and queue this job; it runs the flow's commit in its creator's name, with their permission of that
moment, and lands where the commit used to (the flow's done page, with the same message).

The kept workbook stays in the storage under imports/ (see sheets.pending) until the job has run,
and is removed then whatever the outcome: a refused commit asks for a new upload, as before.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.ledger.permissions import require
from luoshi.sheets.pending import ImportRefused, pending_read, pending_remove
from luoshi.sheets.views import ImportFlow, commit_message, flow_for_kind


def sheet_import_enqueue(*, user: Any, flow: ImportFlow, token: str, sha256: str, filename: str,
                         options: dict[str, Any]) -> Any:
    """Queue the commit of the kept workbook `token` (content `sha256`) through `flow` for `user`
    (refused at once without the flow's permission); returns the job."""
    from luoshi.briefings.choices import JobKind
    from luoshi.briefings.jobs import job_enqueue

    require(user, flow.action)
    return job_enqueue(kind=JobKind.SHEET_IMPORT, user=user, params={
        "flow": flow.kind, "token": token, "sha256": sha256, "filename": filename[:200],
        "again_url": reverse(flow.url("import")),  # the job page's way back when the commit fails
        "options": {k: v for k, v in options.items() if isinstance(v, (int, str, type(None)))},
    })


def sheet_import_job(job: Any, progress: Any) -> Any:
    """Job handler: commit the kept workbook through its flow as the job's creator, all or
    nothing. A workbook with problems or a concurrent change fails the job with the message the
    commit page showed (ImportRefused, Conflict) and writes nothing."""
    from luoshi.briefings.jobs import JobOutcome, job_creator_allowed

    token = str(job.params.get("token", ""))
    try:
        flow = flow_for_kind(str(job.params.get("flow", "")))
        user = job_creator_allowed(job, flow.action)
        filename = str(job.params.get("filename", ""))
        options = dict(job.params.get("options") or {})
        progress(5, _("正在读取文件…"))
        data = pending_read(token, str(job.params.get("sha256", "")))
        # Validating first, outside the commit's transaction, lets the progress say so (writes
        # inside the transaction are not seen until it ends) and refuses a workbook with problems
        # without taking the commit's locks; the commit validates again under them.
        progress(15, _("正在校验数据…"))
        preview = flow.run(data, user, filename, False, options)
        if preview.problems:
            raise ImportRefused(preview)
        progress(50, _("正在写入数据…"))
        preview = flow.run(data, user, filename, True, options)
    finally:
        pending_remove(token)
    return JobOutcome(result={"url": flow.done_url(preview), "created": preview.created,
                              "updated": preview.updated, "unchanged": preview.unchanged},
                      message=commit_message(preview))
