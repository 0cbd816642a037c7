"""Reports endpoints under /api/v1/reports: reports, evidence, periods, milestones, the inbox.

Each endpoint parses input, calls one service or selector and returns; refusals come back as
{code, message} with 403 (role), 404 (not visible), 409 (conflict) or 400 (a rule).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from luoshi.api.pagination import paginate
from luoshi.core.errors import NotFound
from luoshi.core.periods import REPORT_FREQUENCY_WORDS
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import (
    MSG_TASK_NOT_FOUND,
    Action,
    by_task_visible_to,
    require,
    task_get_visible,
)
from luoshi.reports import selectors, services
from luoshi.reports.api.schemas import (
    AcceptIn,
    ContributionIn,
    ContributionOut,
    ContributionStatusOut,
    CountOut,
    EvidenceOut,
    MilestoneIn,
    MilestoneOut,
    MilestoneUpdateIn,
    NotificationOut,
    PeriodDecisionIn,
    PeriodOut,
    ReadIn,
    ReportIn,
    ReportOut,
    ReportPage,
    ReportUpdateIn,
    ResubmitIn,
    ReturnIn,
)
from luoshi.reports.models import Milestone
from luoshi.reports.services.periods import PeriodInfo
from luoshi.reports.views import evidence_file_response

router = Router()

MSG_EVIDENCE_NOT_FOUND = _("证明材料不存在或无权查看。")
MSG_MILESTONE_NOT_FOUND = _("里程碑不存在或无权查看。")


def _report(request: HttpRequest, report_id: int) -> Any:
    return selectors.report_get_visible(request.user, report_id)


def _fresh(request: HttpRequest, report: Any) -> Any:
    return selectors.report_get_visible(request.user, report.pk)


def _idempotency_key(request: HttpRequest) -> str:
    return request.headers.get("Idempotency-Key", "").strip()


class ReportFilters(Schema):
    task: int | None = None
    status: str | None = None
    period: str | None = None
    unit: int | None = None
    page: int = 1
    page_size: int = 50


@router.get("/", response=ReportPage, summary="进展报告列表(本人可见范围)")
def report_list(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    task = Task.objects.filter(pk=filters.task).first() if filters.task else None
    rows = selectors.report_list(user=request.user, task=task, status=filters.status, period_key=filters.period,
                                 unit_id=filters.unit).prefetch_related("evidence", "milestones")
    if filters.task and task is None:
        rows = rows.none()
    return paginate(rows, filters.page, filters.page_size)


@router.post("/", response={201: ReportOut, 200: ReportOut}, summary="填报进展(草稿或直接提交;支持 Idempotency-Key)")
def report_create(request: HttpRequest, payload: ReportIn) -> Any:
    task = Task.objects.filter(pk=payload.task_id).first()
    if task is None:
        raise NotFound(MSG_TASK_NOT_FOUND)
    key = _idempotency_key(request)
    existed = bool(key) and selectors.report_list(user=request.user).filter(
        author_id=request.user.pk, idempotency_key=key).exists()
    report = services.report_create(
        user=request.user, task=task, period_key=payload.period_key, narrative=payload.narrative,
        percent_done=payload.percent_done, measured_value=payload.measured_value,
        measured_note=payload.measured_note, milestone_ids=payload.milestone_ids, submit=payload.submit,
        idempotency_key=key,
    )
    return Status(200 if existed else 201, _fresh(request, report))


@router.get("/{int:report_id}", response=ReportOut, summary="进展报告详情")
def report_get(request: HttpRequest, report_id: int) -> Any:
    return _report(request, report_id)


@router.patch("/{int:report_id}", response=ReportOut, summary="修改草稿(仅起草人)")
def report_patch(request: HttpRequest, report_id: int, payload: ReportUpdateIn) -> Any:
    report = _report(request, report_id)
    changes = payload.dict(exclude_unset=True)
    updated = services.report_update(user=request.user, report=report, **changes)
    return _fresh(request, updated)


@router.delete("/{int:report_id}", response={204: None}, summary="删除草稿(仅起草人)")
def report_delete(request: HttpRequest, report_id: int) -> Any:
    services.report_discard(user=request.user, report=_report(request, report_id))
    return Status(204, None)


@router.post("/{int:report_id}/submit", response=ReportOut, summary="提交草稿")
def report_submit(request: HttpRequest, report_id: int) -> Any:
    return _fresh(request, services.report_submit(user=request.user, report=_report(request, report_id)))


@router.post("/{int:report_id}/accept", response=ReportOut, summary="采纳报告(督查)")
def report_accept(request: HttpRequest, report_id: int, payload: AcceptIn) -> Any:
    report = _report(request, report_id)
    return _fresh(request, services.report_accept(user=request.user, report=report, comment=payload.comment,
                                                  grade=payload.grade))


@router.post("/{int:report_id}/return", response=ReportOut, summary="退回报告(督查,须填写意见)")
def report_return(request: HttpRequest, report_id: int, payload: ReturnIn) -> Any:
    report = _report(request, report_id)
    return _fresh(request, services.report_return(user=request.user, report=report, comment=payload.comment))


@router.post("/{int:report_id}/resubmit", response={201: ReportOut, 200: ReportOut},
             summary="重报被退回的报告(生成新版本;支持 Idempotency-Key)")
def report_resubmit(request: HttpRequest, report_id: int, payload: ResubmitIn) -> Any:
    report = _report(request, report_id)
    key = _idempotency_key(request)
    existed = bool(key) and selectors.report_list(user=request.user).filter(
        author_id=request.user.pk, idempotency_key=key).exists()
    data = payload.dict(exclude_unset=True)
    new = services.report_resubmit(user=request.user, report=report, idempotency_key=key, **data)
    return Status(200 if existed else 201, _fresh(request, new))


@router.post("/{int:report_id}/evidence", response={201: list[EvidenceOut]},
             summary="上传证明材料(草稿;PDF/DOCX/XLSX/JPG/PNG,校验类型、内容与大小)")
def evidence_upload(request: HttpRequest, report_id: int, files: list[UploadedFile] = File(...)) -> Any:  # noqa: B008
    report = _report(request, report_id)
    return Status(201, services.evidence_add(user=request.user, report=report, files=files))


@router.delete("/evidence/{int:evidence_id}", response={204: None}, summary="删除证明材料(草稿)")
def evidence_delete(request: HttpRequest, evidence_id: int) -> Any:
    evidence = selectors.evidence_for_download(user=request.user, pk=evidence_id)
    if evidence is None:
        raise NotFound(MSG_EVIDENCE_NOT_FOUND)
    services.evidence_remove(user=request.user, evidence=evidence)
    return Status(204, None)


@router.get("/evidence/{int:evidence_id}/download", summary="下载证明材料(校验查看权限)",
            response={200: None}, openapi_extra={"responses": {200: {"description": "the file"}}})
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_for_download(user=request.user, pk=evidence_id)
    if evidence is None:
        raise NotFound(MSG_EVIDENCE_NOT_FOUND)
    return evidence_file_response(evidence)


def _period_out(info: PeriodInfo) -> dict[str, Any]:
    p = info.period
    return {"key": p.key, "frequency": REPORT_FREQUENCY_WORDS[p.frequency], "start": p.start, "end": p.end, "due_date": info.due_date,
            "close_date": info.close_date, "state": info.state, "decided": info.decided}


@router.get("/periods/{key}", response=PeriodOut, summary="填报期状态(报送时限按工作日计算)")
def period_get(request: HttpRequest, key: str) -> Any:
    return _period_out(services.period_info(services.period_parse(key)))


@router.post("/periods/{key}/close", response=PeriodOut, summary="关闭填报期(督查)")
def period_close(request: HttpRequest, key: str, payload: PeriodDecisionIn) -> Any:
    services.period_close(user=request.user, key=key, note=payload.note)
    return _period_out(services.period_info(services.period_parse(key)))


@router.post("/periods/{key}/reopen", response=PeriodOut, summary="重新开放填报期(督查)")
def period_reopen(request: HttpRequest, key: str, payload: PeriodDecisionIn) -> Any:
    services.period_reopen(user=request.user, key=key, note=payload.note)
    return _period_out(services.period_info(services.period_parse(key)))


def _task(request: HttpRequest, task_id: int) -> Task:
    return task_get_visible(request.user, task_id)


@router.get("/tasks/{int:task_id}/milestones", response=list[MilestoneOut], summary="任务的里程碑")
def milestone_list(request: HttpRequest, task_id: int) -> Any:
    return selectors.task_milestones(user=request.user, task=_task(request, task_id))


@router.post("/tasks/{int:task_id}/milestones", response={201: MilestoneOut}, summary="添加里程碑(督查)")
def milestone_create(request: HttpRequest, task_id: int, payload: MilestoneIn) -> Any:
    task = _task(request, task_id)
    milestone = services.milestone_create(user=request.user, task=task, title=payload.title,
                                          due_date=payload.due_date)
    return Status(201, milestone)


def _milestone(request: HttpRequest, milestone_id: int) -> Milestone:
    found = by_task_visible_to(request.user, Milestone.objects.all()).filter(pk=milestone_id).first()
    if found is None:
        raise NotFound(MSG_MILESTONE_NOT_FOUND)
    return found


@router.patch("/milestones/{int:milestone_id}", response=MilestoneOut, summary="修改里程碑(督查)")
def milestone_update(request: HttpRequest, milestone_id: int, payload: MilestoneUpdateIn) -> Any:
    return services.milestone_update(user=request.user, milestone=_milestone(request, milestone_id),
                                     **payload.dict(exclude_unset=True))


@router.delete("/milestones/{int:milestone_id}", response={204: None}, summary="删除里程碑(督查)")
def milestone_delete(request: HttpRequest, milestone_id: int) -> Any:
    services.milestone_delete(user=request.user, milestone=_milestone(request, milestone_id))
    return Status(204, None)


@router.get("/inbox", response=list[NotificationOut], summary="本人的站内消息")
def inbox(request: HttpRequest, unread_only: bool = False, limit: int = 50) -> Any:
    require(request.user, Action.INBOX_VIEW)
    return list(selectors.inbox(user=request.user, unread_only=unread_only)[: max(1, min(limit, 500))])


@router.post("/inbox/read", response=CountOut, summary="标为已读(不传 ids 则全部)")
def inbox_read(request: HttpRequest, payload: ReadIn) -> Any:
    return {"count": services.notifications_mark_read(user=request.user, ids=payload.ids)}



@router.get("/tasks/{int:task_id}/contributions", response=list[ContributionStatusOut],
            summary="协办单位报送情况(每个协办单位:已报送的协办情况,或空)")
def contribution_list(request: HttpRequest, task_id: int, period_key: str | None = None) -> Any:
    task = _task(request, task_id)
    key = period_key or services.report_default_period(task=task).key
    return [{"unit_id": row.unit.pk, "unit_name": row.unit.name, "contribution": row.contribution}
            for row in selectors.task_contributions(user=request.user, task=task, period_key=key)]


@router.post("/tasks/{int:task_id}/contributions", response=ContributionOut,
             summary="报送协办情况(协办单位填报员;草稿或直接报送)")
def contribution_save(request: HttpRequest, task_id: int, payload: ContributionIn) -> Any:
    return services.contribution_save(user=request.user, task=_task(request, task_id), text=payload.text,
                                      period_key=payload.period_key, percent_done=payload.percent_done,
                                      submit=payload.submit)
