"""Pages of the reports app: the inbox, writing and reviewing reports, evidence, periods, milestones.

Views parse input, call one service or selector, and render; the rules are in services and
ledger.permissions. Every refusal the API answers with 403/404 is a 403/404 page here too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.bounds import ids_in
from luoshi.core.clock import business_today
from luoshi.core.errors import PermissionDenied
from luoshi.core.periods import reportable_periods
from luoshi.core.viewutils import attempt, list_page, next_or
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import (
    ACTION_MESSAGES,
    Action,
    can,
    require,
    role_may,
    role_of,
    task_get_visible,
)
from luoshi.reports import rules, selectors, services
from luoshi.reports.choices import ContributionStatus, PeriodState, ReportStatus
from luoshi.reports.files import CONTENT_TYPES
from luoshi.reports.forms import ContributionForm, MilestoneForm, PeriodForm, ReportForm, ReviewForm
from luoshi.reports.models import Evidence, Milestone, ProgressReport, ReportingPeriod
from luoshi.reports.viewutils import new_idempotency_key

STATE_LABELS = dict(PeriodState.choices)


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    """进展填报: messages, a reporter's tasks to report, drafts and returned reports, and a
    supervisor's review queue."""
    user = request.user
    return render(request, "reports/inbox.html", {
        "notifications": selectors.inbox(user=user)[:20],
        "unread": selectors.unread_count(user=user),
        "todo": selectors.reporting_todo(user=user),
        "drafts": selectors.my_drafts(user=user),
        "returned": selectors.my_returned(user=user),
        "queue": selectors.review_queue(user=user)[:50],
        "can_write": can(user, Action.REPORT_WRITE),
        "can_review": can(user, Action.REPORT_REVIEW),
        "state_labels": STATE_LABELS,
    })


@login_required
def messages_view(request: HttpRequest) -> HttpResponse:
    # Newest first by (created_at, id): keyset pages at any depth of a year's messages.
    page, query = list_page(request, selectors.inbox(user=request.user), size=30, key=("-created_at", "-id"))
    return render(request, "reports/messages.html", {"page": page, "query": query})


@login_required
@require_POST
def messages_read_view(request: HttpRequest) -> HttpResponse:
    ids = ids_in(request.POST.getlist("ids")) or None
    services.notifications_mark_read(user=request.user, ids=ids)
    return redirect(next_or(request, reverse("reports:inbox")))


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    rows = selectors.report_list(user=request.user, status=request.GET.get("status") or None,
                                 period_key=request.GET.get("period") or None)
    page, _query = list_page(request, rows, size=30)
    return render(request, "reports/report_list.html", {
        "page": page, "statuses": ReportStatus.choices, "status": request.GET.get("status", ""),
        "period": request.GET.get("period", ""),
    })


def _period_choices(task: Task) -> list[tuple[str, str]]:
    today = business_today()
    choices = []
    for period in reportable_periods(today, task.report_frequency):
        info = services.period_info(period, today)
        if info.state in (rules.OPEN, rules.LATE):
            label = _("%(key)s(报送时限 %(due)s,%(state)s)") % {
                "key": period.key, "due": info.due_date, "state": STATE_LABELS[info.state]}
            choices.append((period.key, label))
    return choices


def _milestone_choices(task: Task) -> list[tuple[int, str]]:
    return [(m.pk, str(m)) for m in Milestone.objects.filter(task=task, reached_on__isnull=True)]


@login_required
def report_new_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    """Write a report for a task: saved as a draft or submitted at once, with evidence files.
    The hidden idempotency key makes a double click or a browser retry one report."""
    task = task_get_visible(request.user, task_pk, Task.objects.select_related("lead_unit"))
    require(request.user, Action.REPORT_WRITE, task)
    periods, milestones = _period_choices(task), _milestone_choices(task)
    default = services.report_default_period(task=task)
    form = ReportForm(request.POST or None, periods=periods, milestones=milestones,
                      initial={"period_key": default.key, "idempotency_key": new_idempotency_key(),
                               "percent_done": task.progress_percent})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report, error = attempt(
            services.report_create, user=request.user, task=task, period_key=data["period_key"],
            narrative=data["narrative"], percent_done=data["percent_done"], measured_value=data["measured_value"],
            measured_note=data["measured_note"], milestone_ids=[int(i) for i in data.get("milestones", [])],
            files=request.FILES.getlist("files"), submit=request.POST.get("action") == "submit",
            idempotency_key=data["idempotency_key"],
        )
        if report is not None:
            messages.success(request, _("进展报告已提交,等待审核。") if report.status == ReportStatus.SUBMITTED
                             else _("已保存为草稿。"))
            return redirect(report.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "reports/report_form.html", {"form": form, "task": task, "mode": "new",
                                                        "no_open_period": not periods})


@login_required
def report_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft (its author only)."""
    report = selectors.report_get_visible(request.user, pk)
    require(request.user, Action.REPORT_WRITE, report)
    if report.status != ReportStatus.DRAFT:
        messages.error(request, _("只有草稿可以修改。"))
        return redirect(report.get_absolute_url())
    task = report.task
    periods = [(report.period_key, report.period_key)]
    form = ReportForm(request.POST or None, periods=periods, milestones=_milestone_choices(task), initial={
        "period_key": report.period_key, "narrative": report.narrative, "percent_done": report.percent_done,
        "measured_value": report.measured_value, "measured_note": report.measured_note,
        "milestones": [m.pk for m in report.milestones.all()], "idempotency_key": new_idempotency_key(),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated, error = attempt(
            services.report_update, user=request.user, report=report, narrative=data["narrative"],
            percent_done=data["percent_done"] if data["percent_done"] is not None else "",
            measured_value=data["measured_value"] if data["measured_value"] is not None else "",
            measured_note=data["measured_note"], milestone_ids=[int(i) for i in data.get("milestones", [])],
            files=request.FILES.getlist("files"),
            remove_evidence_ids=ids_in(request.POST.getlist("remove_evidence")),
        )
        if updated is not None and request.POST.get("action") == "submit":
            updated, error = attempt(services.report_submit, user=request.user, report=updated)
        if updated is not None:
            messages.success(request, _("进展报告已提交,等待审核。") if updated.status == ReportStatus.SUBMITTED
                             else _("草稿已保存。"))
            return redirect(updated.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "reports/report_form.html", {"form": form, "task": task, "report": report,
                                                        "mode": "edit"})


@login_required
def report_resubmit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Resubmit a returned report as a new version; the returned one stays as it was."""
    report = selectors.report_get_visible(request.user, pk)
    require(request.user, Action.REPORT_WRITE, report.task)
    task = report.task
    form = ReportForm(request.POST or None, periods=[(report.period_key, report.period_key)],
                      milestones=_milestone_choices(task), initial={
                          "period_key": report.period_key, "narrative": report.narrative,
                          "percent_done": report.percent_done, "measured_value": report.measured_value,
                          "measured_note": report.measured_note, "idempotency_key": new_idempotency_key(),
                          "milestones": [m.pk for m in report.milestones.filter(reached_on__isnull=True)],
                      })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new, error = attempt(
            services.report_resubmit, user=request.user, report=report, narrative=data["narrative"],
            percent_done=data["percent_done"] if data["percent_done"] is not None else report.percent_done,
            measured_value=data["measured_value"], measured_note=data["measured_note"],
            milestone_ids=[int(i) for i in data.get("milestones", [])], files=request.FILES.getlist("files"),
            keep_evidence=request.POST.get("keep_evidence", "1") == "1", idempotency_key=data["idempotency_key"],
        )
        if new is not None:
            messages.success(request, _("已重报(第 %(n)s 版),等待审核。") % {"n": new.revision})
            return redirect(new.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "reports/report_form.html", {"form": form, "task": task, "report": report,
                                                        "mode": "resubmit"})


@login_required
def report_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_visible(request.user, pk)
    user = request.user
    return render(request, "reports/report_detail.html", {
        "report": report,
        "contributions": selectors.task_contributions(user=user, task=report.task, period_key=report.period_key), "versions": selectors.report_versions(user=user, report=report),
        "evidence": list(report.evidence.all()), "milestones": list(report.milestones.all()),
        "review_form": ReviewForm(initial={"grade": 4}),
        "can_review": can(user, Action.REPORT_REVIEW, report) and report.status == ReportStatus.SUBMITTED,
        "can_edit": report.status == ReportStatus.DRAFT and can(user, Action.REPORT_WRITE, report),
        "can_resubmit": (report.status == ReportStatus.RETURNED and can(user, Action.REPORT_WRITE, report.task)
                         and not ProgressReport.objects.filter(supersedes=report).exists()),
    })


@login_required
@require_POST
def report_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_visible(request.user, pk)
    submitted, error = attempt(services.report_submit, user=request.user, report=report)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("进展报告已提交,等待审核。"))
    return redirect(report.get_absolute_url())


@login_required
@require_POST
def report_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_visible(request.user, pk)
    task_url = report.task.get_absolute_url()
    _done, error = attempt(services.report_discard, user=request.user, report=report)
    if error:
        messages.error(request, error)
        return redirect(report.get_absolute_url())
    messages.success(request, _("草稿已删除。"))
    return redirect(task_url)


@login_required
@require_POST
def report_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or return a submitted report (a supervisor); a second reviewer is told of the first."""
    report = selectors.report_get_visible(request.user, pk)
    require(request.user, Action.REPORT_REVIEW, report)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查审核内容。"))
        return redirect(report.get_absolute_url())
    data = form.cleaned_data
    if data["decision"] == "accept":
        _done, error = attempt(services.report_accept, user=request.user, report=report, comment=data["comment"],
                               grade=data["grade"])
        success = _("已采纳该报告。")
    else:
        _done, error = attempt(services.report_return, user=request.user, report=report, comment=data["comment"])
        success = _("已退回该报告。")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
    return redirect(report.get_absolute_url())


def evidence_file_response(evidence: Evidence) -> FileResponse:
    """The file of an evidence row, always as an attachment with its stored content type and
    nosniff, so a file can never be rendered as a page of this site. Callers check access."""
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """Stream an evidence file to someone who may see its report; everyone else gets 404."""
    evidence = selectors.evidence_for_download(user=request.user, pk=pk)
    if evidence is None:
        raise Http404
    return evidence_file_response(evidence)


@login_required
@require_POST
def evidence_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk)
    report = selectors.report_get_visible(request.user, evidence.report_id)
    _done, error = attempt(services.evidence_remove, user=request.user, evidence=evidence)
    if error:
        messages.error(request, error)
    return redirect("reports:report_edit", report.pk)


@login_required
def periods_view(request: HttpRequest) -> HttpResponse:
    """Reporting periods a supervisor closed or reopened, and the form to do so. Supervisors of an
    office read the periods' states; closing or reopening one reaches every office, so only the
    installation's supervisors may (the page says so, and a post is refused with that message)."""
    if not role_may(role_of(request.user), Action.PERIOD_MANAGE):
        raise PermissionDenied(ACTION_MESSAGES[Action.PERIOD_MANAGE])
    can_manage = can(request.user, Action.PERIOD_MANAGE)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.period_close if request.POST.get("action") == "close" else services.period_reopen
        row, error = attempt(action, user=request.user, key=form.cleaned_data["key"], note=form.cleaned_data["note"])
        if error:
            messages.error(request, error)
        else:
            assert row is not None  # no refusal means the service returned the period
            messages.success(request, _("填报期 %(key)s 已%(what)s。") % {
                "key": row.key, "what": _("关闭") if row.closed else _("重新开放")})
            return redirect("reports:periods")
    today = business_today()
    pairs = [reportable_periods(today, f) for f in ("monthly", "quarterly", "half_yearly", "yearly")]
    current = [services.period_info(pair[1], today) for pair in pairs]
    previous = [services.period_info(pair[0], today) for pair in pairs]
    return render(request, "reports/periods.html", {
        "form": form, "decided": ReportingPeriod.objects.select_related("decided_by")[:50],
        "infos": previous + current, "state_labels": STATE_LABELS,
        "can_manage": can_manage, "refusal": None if can_manage else ACTION_MESSAGES[Action.PERIOD_MANAGE],
    })


@login_required
@require_POST
def milestone_add_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = task_get_visible(request.user, task_pk, Task.objects.select_related("lead_unit"))
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写节点内容和计划完成日期。"))
    else:
        _m, error = attempt(services.milestone_create, user=request.user, task=task, **form.cleaned_data)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("已添加里程碑。"))
    return redirect(task.get_absolute_url())


@login_required
@require_POST
def milestone_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    task = task_get_visible(request.user, milestone.task_id, Task.objects.select_related("lead_unit"))
    _m, error = attempt(services.milestone_delete, user=request.user, milestone=milestone)
    if error:
        messages.error(request, error)
    return redirect(task.get_absolute_url())


@login_required
def contribution_edit_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    """A co-unit writes its part of the lead unit's report for a period: a draft, or submitted."""
    task = task_get_visible(request.user, task_pk, Task.objects.select_related("lead_unit"))
    require(request.user, Action.CONTRIBUTION_WRITE, task)
    periods = _period_choices(task)
    period_key = request.POST.get("period_key") or request.GET.get("period") or services.report_default_period(
        task=task).key
    own = selectors.contribution_own(user=request.user, task=task, period_key=period_key)
    initial = {"period_key": period_key, "text": own.text if own else "", "percent_done": own.percent_done if own else None}
    form = ContributionForm(request.POST or None, request.FILES or None, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contribution, error = attempt(
            services.contribution_save, user=request.user, task=task, period_key=data["period_key"],
            text=data["text"], percent_done=data["percent_done"], file=data.get("file"),
            submit=request.POST.get("action") == "submit")
        if contribution is not None:
            messages.success(request, _("协办情况已报送牵头单位。") if contribution.status == ContributionStatus.SUBMITTED
                             else _("已保存为草稿。"))
            return redirect(task.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "reports/contribution_form.html", {
        "form": form, "task": task, "own": own, "no_open_period": not periods,
        "rows": selectors.task_contributions(user=request.user, task=task, period_key=period_key),
        "period_key": period_key})


@login_required
def contribution_evidence_view(request: HttpRequest, pk: int) -> FileResponse:
    """Stream a contribution's evidence file to someone who may see the contribution."""
    contribution = selectors.contribution_for_download(user=request.user, pk=pk)
    if contribution is None or not contribution.evidence:
        raise Http404
    try:
        handle = contribution.evidence.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=contribution.evidence_name,
                            content_type=CONTENT_TYPES.get(contribution.evidence_kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
