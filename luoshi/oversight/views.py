"""Pages of the oversight app: overview and snapshots, adjustments, notices, assessment, comments.

Views parse input, call one service or selector, and render. A refusal of role is a 403 page,
an object the user may not see a 404, as in the API (see reports.viewutils.attempt).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.clock import business_today
from luoshi.core.viewutils import attempt, list_page
from luoshi.ledger.choices import TrafficLight
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.offices import office_of
from luoshi.ledger.permissions import (
    Action,
    can,
    require,
    task_get_visible,
)
from luoshi.oversight import selectors, services
from luoshi.oversight.choices import ADJUSTABLE_FIELDS, REASON_LABELS, AdjustmentStatus, NoticeStatus
from luoshi.oversight.constants import contributed_parts, score_parts
from luoshi.oversight.forms import (
    AdjustmentForm,
    AssessmentForm,
    CommentForm,
    DecisionForm,
    NoticeCloseForm,
    NoticeForm,
    NoticeReplyForm,
)
from luoshi.oversight.jobs import evaluation_run_enqueue
from luoshi.reports.viewutils import new_idempotency_key


def _flash(request: HttpRequest, error: str | None, success: str) -> None:
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """督查考核: lights now, the latest snapshot and the monthly trend, what waits for action."""
    user = request.user
    overview = selectors.oversight_overview(user=user)
    return render(request, "oversight/home.html", {
        "overview": overview,
        "lights": [(value, label, overview.lights.get(value, 0)) for value, label in TrafficLight.choices],
        "lagging": selectors.lagging_without_notice(user=user) if can(user, Action.NOTICE_ISSUE) else [],
        "can_run": can(user, Action.EVALUATION_RUN),
        "can_organise": can(user, Action.TASK_ASSIGN),
    })


@login_required
@require_POST
def evaluate_view(request: HttpRequest) -> HttpResponse:
    """Start the evaluation run in the background and show its progress (seconds to a minute at
    a province's scale); the job page links back here when it is done."""
    job, error = attempt(evaluation_run_enqueue, user=request.user)
    if error or job is None:
        messages.error(request, error or "")
        return redirect("oversight:home")
    return redirect("briefings:job", pk=job.pk)


@login_required
@require_POST
def snapshot_new_view(request: HttpRequest) -> HttpResponse:
    result, error = attempt(services.snapshot_on_demand, user=request.user)
    if error or result is None:
        messages.error(request, error or "")
        return redirect("oversight:home")
    snapshot, created = result
    messages.success(request, _("已生成即时快照 %(key)s。") % {"key": snapshot.key} if created
                     else _("本分钟已生成过快照 %(key)s。") % {"key": snapshot.key})
    return redirect(snapshot.get_absolute_url())


@login_required
def snapshot_list_view(request: HttpRequest) -> HttpResponse:
    rows = [selectors.snapshot_summary(user=request.user, snapshot=s)
            for s in selectors.snapshot_list(user=request.user)[:60]]
    return render(request, "oversight/snapshot_list.html", {"rows": rows})


@login_required
def snapshot_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = selectors.snapshot_list(user=request.user).filter(pk=pk).first()
    if snapshot is None:
        raise Http404
    light = request.GET.get("light") or None
    rows = selectors.snapshot_rows(user=request.user, snapshot=snapshot, light=light)
    page, _query = list_page(request, rows, size=50)
    return render(request, "oversight/snapshot_detail.html", {
        "summary": selectors.snapshot_summary(user=request.user, snapshot=snapshot), "page": page, "light": light,
        "lights": TrafficLight.choices, "reason_labels": REASON_LABELS,
    })


# --- adjustments ------------------------------------------------------------------------------

@login_required
def adjustment_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    page, _query = list_page(request, selectors.adjustment_list(user=request.user, status=status), size=30)
    return render(request, "oversight/adjustment_list.html", {"page": page, "status": status or "",
                                                               "statuses": AdjustmentStatus.choices})


@login_required
def adjustment_new_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    """Ask to change a task's deadline, target, units or scope, with a reason."""
    task = task_get_visible(request.user, task_pk, Task.objects.select_related("lead_unit"))
    require(request.user, Action.ADJUSTMENT_REQUEST, task)
    initial = AdjustmentForm.initial_for(task) | {"idempotency_key": new_idempotency_key()}
    form = AdjustmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        result, error = attempt(services.adjustment_request, user=request.user, task=task, changes=form.changes(),
                                reason=form.cleaned_data["reason"],
                                idempotency_key=form.cleaned_data["idempotency_key"])
        if result is not None:
            messages.success(request, _("调整申请已提交,等待督查人员审批。"))
            return redirect(result.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "oversight/adjustment_form.html", {"form": form, "task": task})


def _display(field: str, value: Any) -> str:
    """A requested value as people read it (unit names instead of ids)."""
    if value in (None, "", []):
        return "—"
    if field == "lead_unit":
        return str(Unit.objects.filter(pk=value).first() or value)
    if field == "co_units":
        return "、".join(str(u) for u in Unit.objects.filter(pk__in=value)) or "—"
    return str(value)


@login_required
def adjustment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    adjustment = selectors.adjustment_get_visible(request.user, pk)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
            if decision == "approve":
                _r, error = attempt(services.adjustment_approve, user=request.user, request=adjustment, comment=comment)
                _flash(request, error, _("已批准,任务已按申请调整。"))
            elif decision == "refuse":
                _r, error = attempt(services.adjustment_refuse, user=request.user, request=adjustment, comment=comment)
                _flash(request, error, _("已不予批准。"))
            else:
                _r, error = attempt(services.adjustment_withdraw, user=request.user, request=adjustment)
                _flash(request, error, _("已撤回申请。"))
        return redirect(adjustment.get_absolute_url())
    rows = [(str(ADJUSTABLE_FIELDS.get(f, f)), _display(f, adjustment.before.get(f)), _display(f, v))
            for f, v in adjustment.changes.items()]
    pending = adjustment.status == AdjustmentStatus.PENDING
    return render(request, "oversight/adjustment_detail.html", {
        "adjustment": adjustment, "rows": rows,
        "can_decide": pending and can(request.user, Action.ADJUSTMENT_DECIDE, adjustment),
        "can_withdraw": pending and can(request.user, Action.ADJUSTMENT_WITHDRAW, adjustment),
    })


# --- notices ----------------------------------------------------------------------------------

@login_required
def notice_list_view(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    page, _query = list_page(request, selectors.notice_list(user=request.user, status=status), size=30)
    return render(request, "oversight/notice_list.html", {"page": page, "status": status or "",
                                                           "statuses": NoticeStatus.choices})


@login_required
def notice_new_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    """Issue a supervision notice on a lagging task."""
    task = task_get_visible(request.user, task_pk, Task.objects.select_related("lead_unit"))
    require(request.user, Action.NOTICE_ISSUE, task)
    evaluation = services.task_evaluation(task=task)
    form = NoticeForm(request.POST or None, initial={"idempotency_key": new_idempotency_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice, error = attempt(services.notice_issue, user=request.user, task=task, requirement=data["requirement"],
                                reason=data["reason"], reply_due=data["reply_due"],
                                idempotency_key=data["idempotency_key"])
        if notice is not None:
            messages.success(request, _("已下发 %(code)s。") % {"code": notice.code})
            return redirect(notice.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "oversight/notice_form.html", {
        "form": form, "task": task, "evaluation": evaluation.result,
        "reasons": [REASON_LABELS[r] for r in evaluation.result.reasons],
    })


@login_required
def notice_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_visible(request.user, pk)
    if request.method == "POST":
        if request.POST.get("action") == "close":
            close_form = NoticeCloseForm(request.POST)
            close_form.is_valid()
            _r, error = attempt(services.notice_close, user=request.user, notice=notice,
                                comment=close_form.cleaned_data.get("comment", ""))
            _flash(request, error, _("督办单已办结。"))
        else:
            reply_form = NoticeReplyForm(request.POST)
            reply = reply_form.cleaned_data["reply"] if reply_form.is_valid() else ""
            _r, error = attempt(services.notice_reply, user=request.user, notice=notice, reply=reply)
            _flash(request, error, _("已回复督办单。"))
        return redirect(notice.get_absolute_url())
    open_now = notice.status in (NoticeStatus.ISSUED, NoticeStatus.ESCALATED)
    return render(request, "oversight/notice_detail.html", {
        "notice": notice, "reply_form": NoticeReplyForm(), "close_form": NoticeCloseForm(),
        "can_reply": open_now and can(request.user, Action.NOTICE_REPLY, notice),
        "can_close": notice.status == NoticeStatus.ANSWERED and can(request.user, Action.NOTICE_CLOSE),
        "overdue": open_now and notice.reply_due < business_today(),
    })


# --- assessment and comments ------------------------------------------------------------------

@login_required
def assessment_view(request: HttpRequest) -> HttpResponse:
    """The ranking table of a period; a supervisor (re)computes it."""
    require(request.user, Action.ASSESSMENT_VIEW)
    periods = selectors.assessed_periods(user=request.user)
    this_month = f"{business_today():%Y-%m}"
    # The business date's month first, then the newest period with scores.
    period_key = request.GET.get("period") or (this_month if this_month in periods or not periods else periods[0])
    form = AssessmentForm(request.POST or None, initial={"period_key": period_key})
    if request.method == "POST":
        if form.is_valid():
            rows, error = attempt(services.unit_scores_compute, user=request.user,
                                  period_key=form.cleaned_data["period_key"])
            _flash(request, error, _("已计算 %(key)s 的考核得分。") % {"key": form.cleaned_data["period_key"]})
            if not error:
                return redirect(f"{request.path}?period={form.cleaned_data['period_key']}")
        else:
            messages.error(request, _("请填写考核期。"))
    return render(request, "oversight/assessment.html", {
        "form": form, "period_key": period_key, "periods": periods,
        "scores": selectors.unit_scores_for_period(user=request.user, period_key=period_key),
        "can_compute": can(request.user, Action.ASSESSMENT_COMPUTE),
        "ranking_office": office_of(request.user),
        "score_parts": score_parts(),
        "extra_parts": [c.part for c in contributed_parts()],
    })


@login_required
def assessment_unit_view(request: HttpRequest, period_key: str, unit_pk: int) -> HttpResponse:
    """A unit's score opened into its parts and the records that earned or lost its points."""
    require(request.user, Action.ASSESSMENT_VIEW)
    score = selectors.unit_score_for(user=request.user, period_key=period_key, unit_id=unit_pk)
    if score is None:
        raise Http404
    trace = services.unit_score_trace(period_key=period_key, unit_id=unit_pk, office=score.office)
    return render(request, "oversight/assessment_unit.html", {"score": score, "trace": trace,
                                                               "score_parts": score_parts()})


@login_required
@require_POST
def comment_add_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = task_get_visible(request.user, task_pk, Task.objects.select_related("lead_unit"))
    form = CommentForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    _c, error = attempt(services.comment_add, user=request.user, task=task, body=body)
    _flash(request, error, _("已发表。"))
    return redirect(task.get_absolute_url())
