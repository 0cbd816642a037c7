"""Importing a plan from the ingest page as a background job.

Reading the file is checked on the page; the rest (extraction, matching a revision to its
previous version, suggesting parents among thousands of higher-level tasks) takes seconds for a
province's plan, so it runs on the queue and the uploader watches its progress, then lands on
the review page. The upload waits in the installation's file storage (shared by every
application server) until the job has read it, and is removed then, whatever the outcome.

`POST /api/v1/documents` queues the same job (202 with the job); its result carries what the
synchronous answer did (document id, created, item and measure counts) for a client polling it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.errors import DomainError
from luoshi.core.kept_uploads import KeptUploads
from luoshi.documents.models import Document
from luoshi.documents.services import document_ingest, document_readable
from luoshi.ledger.offices import office_for_new_plan
from luoshi.ledger.permissions import MSG_DOCUMENT_OF_OTHER_OFFICE, Action, can, require
from luoshi.ledger.services import document_links_prepare, unit_directory

# Where uploaded plans wait for their job (a day at most: the job runs within seconds).
KEPT = KeptUploads("ingest", timedelta(hours=24))


def document_ingest_enqueue(*, user: Any, data: bytes, filename: str, source_url: str = "") -> Any:
    """Check that `data` can be read (DocumentReadError at once, nothing stored), keep it in the
    file storage and queue its import for `user`; returns the job.

    A file another office already imported is refused at once too (DomainError
    ``document_of_other_office``, nothing stored): the job would only find the same. The job
    checks again when it runs, for an import that lands in between.
    """
    from luoshi.briefings.choices import JobKind
    from luoshi.briefings.jobs import job_enqueue

    require(user, Action.DRAFT_REVIEW)
    digest = document_readable(data, filename)
    existing = Document.objects.filter(content_hash=digest).first()
    if existing is not None and not can(user, Action.DRAFT_REVIEW, existing):
        raise DomainError(MSG_DOCUMENT_OF_OTHER_OFFICE, code="document_of_other_office")
    # The stored name is ours; the uploader's name travels in the job's parameters and is what
    # the document records.
    name, sha256 = KEPT.keep(data, suffix=PurePath(filename).suffix.lower())
    return job_enqueue(kind=JobKind.DOCUMENT_INGEST, user=user,
                       params={"upload": name, "sha256": sha256, "filename": filename[:255],
                               "source_url": source_url[:500]})


def document_ingest_job(job: Any, progress: Any) -> Any:
    """Job handler: import the stored upload for the job's creator, with their office and
    permission at run time; the upload is removed afterwards."""
    from luoshi.briefings.jobs import JobOutcome, job_creator_allowed

    name = str(job.params.get("upload", ""))
    try:
        user = job_creator_allowed(job, Action.DRAFT_REVIEW)
        data = KEPT.read(name, str(job.params.get("sha256", "")))
        if data is None:
            raise DomainError(_("待导入的文件已不存在,请重新上传。"), code="upload_gone")
        progress(10, _("正在识别文件结构与量化条目…"))
        result = document_ingest(data=data, filename=str(job.params.get("filename") or "upload"),
                                 source_url=str(job.params.get("source_url") or ""),
                                 unit_directory=unit_directory(), user=user, office=office_for_new_plan(user))
        if not result.created and not can(user, Action.DRAFT_REVIEW, result.document):
            raise DomainError(MSG_DOCUMENT_OF_OTHER_OFFICE, code="document_of_other_office")
        if result.created:
            progress(60, _("正在比对上一版本并推荐上级任务…"))
            document_links_prepare(result.document, user)
            message = _("已导入“%(title)s”:%(items)d 个量化条目,%(measures)d 条待审举措。") % {
                "title": result.document.title, "items": result.item_count, "measures": result.measure_count}
        else:
            message = _("该文件内容已导入过,未重复导入。")
    finally:
        KEPT.remove(name)
    # A repeat points to the document imported before (created false), as the API's 200 did.
    return JobOutcome(result={"url": reverse("ledger:review", args=[result.document.pk]),
                              "document_id": result.document.pk, "created": result.created,
                              "item_count": result.item_count, "measure_count": result.measure_count},
                      message=message)
