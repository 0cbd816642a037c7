"""Oversight endpoints under /api/v1/oversight: evaluation and snapshots, adjustments, notices,
assessment and comments. Thin: parse, call one service or selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema, Status

from luoshi.api.pagination import paginate
from luoshi.briefings.api.schemas import JobOut
from luoshi.core.access import get_visible
from luoshi.core.clock import business_today
from luoshi.core.errors import NotFound
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import Action, require, task_get_visible
from luoshi.oversight import selectors, services
from luoshi.oversight.api.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    CommentIn,
    CommentOut,
    DecisionIn,
    EvaluationOut,
    NoticeIn,
    NoticeOut,
    ReplyIn,
    ScoreOut,
    ScorePartOut,
    ScoreTraceOut,
    SnapshotOut,
    SnapshotRowPage,
)
from luoshi.oversight.choices import REASON_LABELS
from luoshi.oversight.constants import score_parts
from luoshi.oversight.jobs import evaluation_run_enqueue
from luoshi.reports.models import ProgressReport
from luoshi.reports.selectors import MSG_REPORT_NOT_FOUND, report_list

router = Router()

MSG_SNAPSHOT_NOT_FOUND = _("快照不存在。")
MSG_SCORE_NOT_FOUND = _("该单位本期得分不存在或无权查看。")


def _task(request: HttpRequest, task_id: int) -> Task:
    return task_get_visible(request.user, task_id)


def _key(request: HttpRequest) -> str:
    return request.headers.get("Idempotency-Key", "").strip()


# --- evaluation and snapshots -----------------------------------------------------------------

@router.post("/evaluate", response={202: JobOut}, summary="立即评估全部任务(督查;后台任务)")
def evaluate(request: HttpRequest) -> Any:
    """Refused at once (403) without the right; otherwise the run is queued (`oversight.jobs`, as
    from the page) and its job's `result` holds `lights_changed` when done. Poll
    `GET /api/v1/briefings/jobs/{id}`."""
    return Status(202, evaluation_run_enqueue(user=request.user))


@router.get("/tasks/{int:task_id}/evaluation", response=EvaluationOut, summary="任务的评估结果与原因")
def task_evaluation(request: HttpRequest, task_id: int) -> Any:
    task = _task(request, task_id)
    today = business_today()
    e = services.task_evaluation(task=task, as_of=today)
    r = e.result
    return {
        "task_id": task.pk, "as_of": today, "light": r.light, "expected_percent": r.expected,
        "progress_percent": e.progress, "gap": r.gap, "overdue": r.overdue, "staged_progress": r.staged_progress,
        "overdue_milestones": e.facts.overdue_milestones, "missing_reports": e.facts.missing_reports,
        "reasons": list(r.reasons), "reason_labels": [str(REASON_LABELS[c]) for c in r.reasons],
    }


@router.get("/snapshots", response=list[SnapshotOut], summary="评估快照列表(本人可见范围的计数)")
def snapshot_list(request: HttpRequest, kind: str | None = None, limit: int = 24) -> Any:
    snapshots = selectors.snapshot_list(user=request.user, kind=kind)[: max(1, min(limit, 240))]
    return [_summary_out(selectors.snapshot_summary(user=request.user, snapshot=s)) for s in snapshots]


@router.post("/snapshots", response={201: SnapshotOut, 200: SnapshotOut}, summary="生成即时快照(督查)")
def snapshot_create(request: HttpRequest) -> Any:
    snapshot, created = services.snapshot_on_demand(user=request.user)
    return Status(201 if created else 200, _summary_out(selectors.snapshot_summary(user=request.user, snapshot=snapshot)))


@router.get("/snapshots/trend", response=list[SnapshotOut], summary="月度趋势(按快照计数,非手工填写)")
def snapshot_trend(request: HttpRequest, limit: int = 12) -> Any:
    return [_summary_out(s) for s in selectors.snapshot_trend(user=request.user, limit=max(1, min(limit, 120)))]


def _snapshot(request: HttpRequest, snapshot_id: int) -> Any:
    snapshot = selectors.snapshot_list(user=request.user).filter(pk=snapshot_id).first()
    if snapshot is None:
        raise NotFound(MSG_SNAPSHOT_NOT_FOUND)
    return snapshot


@router.get("/snapshots/{int:snapshot_id}", response=SnapshotOut, summary="快照计数")
def snapshot_get(request: HttpRequest, snapshot_id: int) -> Any:
    return _summary_out(selectors.snapshot_summary(user=request.user, snapshot=_snapshot(request, snapshot_id)))


class RowFilters(Schema):
    light: str | None = None
    unit: int | None = None
    page: int = 1
    page_size: int = 100


@router.get("/snapshots/{int:snapshot_id}/rows", response=SnapshotRowPage, summary="快照中各任务的评估状态")
def snapshot_rows(request: HttpRequest, snapshot_id: int, filters: Query[RowFilters]) -> Any:
    rows = selectors.snapshot_rows(user=request.user, snapshot=_snapshot(request, snapshot_id), light=filters.light,
                                   unit_id=filters.unit)
    return paginate(rows, filters.page, filters.page_size)


def _summary_out(summary: selectors.SnapshotSummary) -> dict[str, Any]:
    s = summary.snapshot
    return {"id": s.pk, "key": s.key, "kind": s.kind, "as_of": s.as_of, "taken_at": s.taken_at,
            "task_count": summary.task_count, "green": summary.green, "yellow": summary.yellow, "red": summary.red,
            "unreported": summary.unreported, "done": summary.done, "unevaluated": summary.unevaluated, "staged_progress": summary.staged_progress,
            "overdue": summary.overdue}


# --- adjustments ------------------------------------------------------------------------------

def _adjustment(request: HttpRequest, adjustment_id: int) -> Any:
    return selectors.adjustment_get_visible(request.user, adjustment_id)


@router.get("/adjustments", response=list[AdjustmentOut], summary="调整申请列表")
def adjustment_list(request: HttpRequest, status: str | None = None, task: int | None = None) -> Any:
    task_obj = _task(request, task) if task else None
    return list(selectors.adjustment_list(user=request.user, status=status, task=task_obj)[:500])


@router.post("/adjustments", response={201: AdjustmentOut, 200: AdjustmentOut},
             summary="提出调整申请(完成时限、目标、单位或范围;支持 Idempotency-Key)")
def adjustment_create(request: HttpRequest, payload: AdjustmentIn) -> Any:
    task = _task(request, payload.task_id)
    key = _key(request)
    existed = bool(key) and selectors.adjustment_list(user=request.user).filter(
        requested_by_id=request.user.pk, idempotency_key=key).exists()
    result = services.adjustment_request(user=request.user, task=task, changes=payload.changes,
                                         reason=payload.reason, idempotency_key=key)
    return Status(200 if existed else 201, result)


@router.get("/adjustments/{int:adjustment_id}", response=AdjustmentOut, summary="调整申请详情")
def adjustment_get(request: HttpRequest, adjustment_id: int) -> Any:
    return _adjustment(request, adjustment_id)


@router.post("/adjustments/{int:adjustment_id}/approve", response=AdjustmentOut,
             summary="批准并生效(督查,不能审批本人的申请)")
def adjustment_approve(request: HttpRequest, adjustment_id: int, payload: DecisionIn) -> Any:
    return services.adjustment_approve(user=request.user, request=_adjustment(request, adjustment_id),
                                       comment=payload.comment)


@router.post("/adjustments/{int:adjustment_id}/refuse", response=AdjustmentOut, summary="不予批准(督查,须填写意见)")
def adjustment_refuse(request: HttpRequest, adjustment_id: int, payload: DecisionIn) -> Any:
    return services.adjustment_refuse(user=request.user, request=_adjustment(request, adjustment_id),
                                      comment=payload.comment)


@router.post("/adjustments/{int:adjustment_id}/withdraw", response=AdjustmentOut, summary="撤回申请(申请人)")
def adjustment_withdraw(request: HttpRequest, adjustment_id: int) -> Any:
    return services.adjustment_withdraw(user=request.user, request=_adjustment(request, adjustment_id))


# --- notices ----------------------------------------------------------------------------------

def _notice(request: HttpRequest, notice_id: int) -> Any:
    return selectors.notice_get_visible(request.user, notice_id)


@router.get("/notices", response=list[NoticeOut], summary="督办单列表(status=open 为未回复)")
def notice_list(request: HttpRequest, status: str | None = None, task: int | None = None,
                unit: int | None = None) -> Any:
    task_obj = _task(request, task) if task else None
    return list(selectors.notice_list(user=request.user, status=status, task=task_obj, unit_id=unit)[:500])


@router.post("/notices", response={201: NoticeOut, 200: NoticeOut},
             summary="对滞后任务下发督办单(督查;支持 Idempotency-Key)")
def notice_create(request: HttpRequest, payload: NoticeIn) -> Any:
    require(request.user, Action.NOTICE_ISSUE)
    task = _task(request, payload.task_id)
    key = _key(request)
    existed = bool(key) and selectors.notice_list(user=request.user).filter(
        issued_by_id=request.user.pk, idempotency_key=key).exists()
    notice = services.notice_issue(user=request.user, task=task, requirement=payload.requirement,
                                   reason=payload.reason, reply_due=payload.reply_due, idempotency_key=key)
    return Status(200 if existed else 201, notice)


@router.get("/notices/{int:notice_id}", response=NoticeOut, summary="督办单详情")
def notice_get(request: HttpRequest, notice_id: int) -> Any:
    return _notice(request, notice_id)


@router.post("/notices/{int:notice_id}/reply", response=NoticeOut, summary="回复督办单(被督办单位填报员)")
def notice_reply(request: HttpRequest, notice_id: int, payload: ReplyIn) -> Any:
    return services.notice_reply(user=request.user, notice=_notice(request, notice_id), reply=payload.reply)


@router.post("/notices/{int:notice_id}/close", response=NoticeOut, summary="办结督办单(督查)")
def notice_close(request: HttpRequest, notice_id: int, payload: DecisionIn) -> Any:
    return services.notice_close(user=request.user, notice=_notice(request, notice_id), comment=payload.comment)


# --- assessment and comments ------------------------------------------------------------------

@router.get("/assessments/formula", response=list[ScorePartOut], summary="考核计分办法:各部分、权重与计量方法")
def assessment_formula(request: HttpRequest) -> Any:
    return [{"key": p.key, "label": str(p.label), "weight": p.weight, "how": str(p.how)} for p in score_parts()]


@router.get("/assessments/{period_key}", response=list[ScoreOut], summary="单位考核排名表")
def assessment_get(request: HttpRequest, period_key: str) -> Any:
    require(request.user, Action.ASSESSMENT_VIEW)
    return list(selectors.unit_scores_for_period(user=request.user, period_key=period_key))


@router.get("/assessments/{period_key}/units/{int:unit_id}", response=ScoreTraceOut,
            summary="单位得分构成:各部分及其计分记录")
def assessment_unit_trace(request: HttpRequest, period_key: str, unit_id: int) -> Any:
    require(request.user, Action.ASSESSMENT_VIEW)
    score = selectors.unit_score_for(user=request.user, period_key=period_key, unit_id=unit_id)
    if score is None:
        raise NotFound(MSG_SCORE_NOT_FOUND)
    trace = services.unit_score_trace(period_key=period_key, unit_id=unit_id, office=score.office)
    return {
        "period_key": trace.period_key, "unit_id": trace.unit_id, "total": trace.total,
        "parts": [{
            "part": {"key": t.part.key, "label": str(t.part.label), "weight": t.part.weight, "how": str(t.part.how)},
            "value": t.value, "points": t.points,
            "records": [{"kind": r.kind, "id": r.pk, "url": r.url, "label": r.label, "detail": r.detail,
                         "value": r.value, "points": got, "possible": best} for r, got, best in t.records],
        } for t in trace.parts],
    }


@router.post("/assessments/{period_key}/compute", response=list[ScoreOut],
             summary="计算单位考核得分并排名(督查;公式见 /assessments/formula)")
def assessment_compute(request: HttpRequest, period_key: str) -> Any:
    services.unit_scores_compute(user=request.user, period_key=period_key)
    return list(selectors.unit_scores_for_period(user=request.user, period_key=period_key))


@router.get("/tasks/{int:task_id}/comments", response=list[CommentOut], summary="任务的批示与评论")
def comment_list(request: HttpRequest, task_id: int) -> Any:
    return list(selectors.task_comments(user=request.user, task=_task(request, task_id)))


@router.post("/tasks/{int:task_id}/comments", response={201: CommentOut}, summary="发表批示或评论")
def comment_create(request: HttpRequest, task_id: int, payload: CommentIn) -> Any:
    task = _task(request, task_id)
    report: ProgressReport | None = None
    if payload.report_id is not None:
        report = get_visible(report_list(user=request.user), payload.report_id, MSG_REPORT_NOT_FOUND)
    return Status(201, services.comment_add(user=request.user, task=task, body=payload.body, report=report))
