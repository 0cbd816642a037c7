"""Pages of the battle map, the drill-down list, coverage, briefings, exports and job progress."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.briefings.choices import JobStatus
from luoshi.briefings.exports.ledger_xlsx import ledger_export_build, ledger_export_filename
from luoshi.briefings.forms import BriefingEditForm, BriefingGenerateForm, DashboardFilterForm
from luoshi.briefings.jobs import MESSAGE_ON_RESULT, OPEN_RESULT_WHEN_DONE, job_for_user
from luoshi.briefings.permissions import briefing_get_visible, briefings_visible_to
from luoshi.briefings.proposal_panel import proposal_panel_data
from luoshi.briefings.selectors import coverage, dashboard_json, drill_filter_chips, drill_task_list
from luoshi.briefings.services import (
    briefing_generate_enqueue,
    briefing_number_warnings,
    briefing_update,
    ledger_export_enqueue,
    period_default,
)
from luoshi.core.bounds import id_or_none
from luoshi.core.errors import DomainError
from luoshi.ledger.filtersets import TaskFilterSet
from luoshi.ledger.permissions import Action, can, require

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- battle map ----------------------------------------------------------------------------------

@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None, user=request.user)
    labels = {
        "total": _("任务数"), "completed": _("已完成"), "due": _("到期任务"), "rate": _("完成率"),
        "target": _("目标"), "actual": _("实际"), "planned": _("计划投资"), "done": _("完成投资"),
        "none": _("暂无"), "overdue_days": _("逾期%(n)s天"), "progress": _("进度"), "stamp": _("统计于"),
        "unit": _("牵头单位"), "deadline": _("完成时限"), "milestones": _("里程碑"),
    }
    labels.update({"proposal_units": _("按主办单位"), "proposal_categories": _("按内容分类"),
                   "all_units": _("全部%(n)s个单位见办理统计")})
    return render(request, "briefings/dashboard.html", {"form": form, "query": request.GET.urlencode(),
                                                        "labels": labels,
                                                        "show_proposals": can(request.user, Action.PROPOSAL_VIEW)})


@login_required
def dashboard_proposals_view(request: HttpRequest) -> JsonResponse:
    """The battle map's panel of suggestions and proposals as JSON (`?session=` one session)."""
    require(request.user, Action.PROPOSAL_VIEW)
    session = request.GET.get("session", "")
    data = proposal_panel_data(session_id=id_or_none(session))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@login_required
def dashboard_data_view(request: HttpRequest) -> HttpResponse:
    """The battle map's numbers as JSON, for the page's charts and for other platforms."""
    params = request.GET.dict()
    dimension = params.pop("dimension", "")
    body, errors = dashboard_json(user=request.user, filters=params, dimension=dimension)
    return HttpResponse(body, content_type="application/json", status=400 if errors else 200)


@login_required
def task_drill_view(request: HttpRequest) -> HttpResponse:
    """The tasks behind a number of the battle map (or any ledger filter), with the Excel export."""
    filterset, rows = drill_task_list(user=request.user, filters=request.GET)
    rows = rows.select_related("lead_unit")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "briefings/task_list.html", {
        "filter": filterset, "page": page, "total": page.paginator.count, "query": query.urlencode(),
        "ledger_fields": list(TaskFilterSet.base_filters), "chips": drill_filter_chips(filterset, user=request.user),
        "export_fields": [(k, v) for k, v in query.items() if v],
        "can_export": can(request.user, Action.LEDGER_EXPORT),
    })


@login_required
def coverage_view(request: HttpRequest) -> HttpResponse:
    """The decomposition national → city → district → zone, with the tasks that have no measure below yet."""
    result = coverage(user=request.user, filters=request.GET, page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "briefings/coverage.html", {**result, "query": query.urlencode()})


@login_required
def timeline_view(request: HttpRequest) -> HttpResponse:
    """The timetable and roadmap (时间表、路线图) of a plan, a task force or a category: one bar per task."""
    from luoshi.briefings.sources import task_force_choices
    from luoshi.briefings.timeline import timeline
    from luoshi.documents.models import Document

    result = timeline(user=request.user, filters=request.GET.dict())
    return render(request, "briefings/timeline.html", {
        **result, "query": request.GET.urlencode(),
        "documents": Document.objects.filter(tasks__isnull=False).distinct().order_by("-created_at")
        .values_list("pk", "title")[:100],
        "task_forces": task_force_choices(request.user),
        "selected": {k: str(result["scope"].get(k, "")) for k in ("programme", "task_force", "office", "category_is")},
    })


# --- ledger export -------------------------------------------------------------------------------

@login_required
@require_POST
def ledger_export_view(request: HttpRequest) -> HttpResponseBase:
    """Excel of the list on screen: small lists at once, large ones as a background job with progress."""
    if not can(request.user, Action.LEDGER_EXPORT):
        raise Http404
    filters = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "headings"}}
    # The ledger list shows the headings of a plan and asks for them; the drill-down list does not.
    headings = request.POST.get("headings") in {"1", "true", "on"}
    filterset, rows = drill_task_list(user=request.user, filters=filters, headings=headings)
    if not filterset.is_valid():
        # Back to the list it was asked from, whose filter form says what is wrong.
        messages.error(request, _("筛选条件不正确,未导出。"))
        listed = reverse("ledger:task_list") if headings else reverse("briefings:tasks")
        return redirect(f"{listed}?{urlencode(filters)}")
    if rows.count() <= int(settings.LUOSHI.get("EXPORT_INLINE_MAX_ROWS", 2000)):
        content, _count = ledger_export_build(user=request.user, filters=filters, headings=headings)
        return _download(content, ledger_export_filename(), XLSX)
    job = ledger_export_enqueue(user=request.user, filters=filters, headings=headings)
    return redirect("briefings:job", pk=job.pk)


def _download(content: bytes, filename: str, content_type: str) -> FileResponse:
    from io import BytesIO

    return FileResponse(BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)


# --- jobs ----------------------------------------------------------------------------------------

def _job_or_404(request: HttpRequest, pk: int) -> Any:
    try:
        return job_for_user(pk=pk, user=request.user)
    except DomainError as exc:
        raise Http404 from exc


@login_required
def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "briefings/job.html", {"job": _job_or_404(request, pk)})


@login_required
def job_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls; a finished briefing or import sends the browser to its result."""
    job = _job_or_404(request, pk)
    if job.status == JobStatus.DONE and job.kind in OPEN_RESULT_WHEN_DONE and request.headers.get("HX-Request"):
        if job.kind in MESSAGE_ON_RESULT and job.message:
            messages.success(request, job.message)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job.result.get("url") or reverse("briefings:list")
        return response
    return render(request, "briefings/_job_progress.html", {"job": job})


@login_required
def job_download_view(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_or_404(request, pk)
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "")


# --- briefings -----------------------------------------------------------------------------------

@login_required
def briefing_list_view(request: HttpRequest) -> HttpResponse:
    briefings = briefings_visible_to(request.user).select_related("created_by")
    page = Paginator(briefings, PAGE_SIZE).get_page(request.GET.get("page"))
    form = (BriefingGenerateForm(initial={"period": period_default()}, user=request.user)
            if can(request.user, Action.BRIEFING_GENERATE) else None)
    return render(request, "briefings/briefing_list.html", {"page": page, "form": form})


@login_required
@require_POST
def briefing_generate_view(request: HttpRequest) -> HttpResponse:
    form = BriefingGenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        page = Paginator(briefings_visible_to(request.user), PAGE_SIZE).get_page(1)
        return render(request, "briefings/briefing_list.html", {"page": page, "form": form}, status=400)
    try:
        job = briefing_generate_enqueue(user=request.user, period=form.cleaned_data["period"], scope=form.scope(),
                                        title=form.cleaned_data.get("title") or "")
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("briefings:list")
    return redirect("briefings:job", pk=job.pk)


@login_required
def briefing_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    from luoshi.briefings.timeline import legend, roadmap_caption

    briefing = briefing_get_visible(request.user, pk)
    roadmap = briefing.figures.get("roadmap") or {}
    return render(request, "briefings/briefing_detail.html", {
        "briefing": briefing, "can_edit": can(request.user, Action.BRIEFING_EDIT, briefing),
        "warnings": briefing_number_warnings(briefing), "figures": briefing.figures,
        "render_job": request.GET.get("job"),
        "roadmap": roadmap, "roadmap_caption": roadmap_caption(roadmap) if roadmap else "",
        "roadmap_groups": [(g["name"], g["bars"]) for g in roadmap.get("groups") or []], "legend": legend(),
    })


@login_required
def briefing_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = briefing_get_visible(request.user, pk)
    if not can(request.user, Action.BRIEFING_EDIT, briefing):
        raise Http404
    sections = list(briefing.sections)
    if request.method == "POST":
        form = BriefingEditForm(request.POST)
        sections = _posted_sections(request, len(sections))
        if form.is_valid():
            try:
                updated, job = briefing_update(
                    briefing=briefing, user=request.user, expected_version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"], sections=sections, status=form.cleaned_data["status"])
            except DomainError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("简报已保存,正在重新生成 Word 和 PDF 文件。"))
                url = updated.get_absolute_url()
                return redirect(f"{url}?job={job.pk}" if job else url)
    else:
        form = BriefingEditForm(initial={"title": briefing.title, "version": briefing.version,
                                         "status": briefing.status})
    return render(request, "briefings/briefing_edit.html", {"briefing": briefing, "form": form, "sections": sections})


def _posted_sections(request: HttpRequest, count: int) -> list[dict[str, str]]:
    sections = []
    for index in range(count):
        sections.append({
            "key": request.POST.get(f"key_{index}", f"s{index}"),
            "heading": request.POST.get(f"heading_{index}", ""),
            "body": request.POST.get(f"body_{index}", ""),
        })
    return sections


@login_required
def briefing_download_view(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    briefing = briefing_get_visible(request.user, pk)
    field = {"docx": briefing.docx_file, "pdf": briefing.pdf_file}.get(fmt)
    if not field:
        raise Http404
    name = f"{briefing.title}.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name,
                        content_type=DOCX if fmt == "docx" else "application/pdf")
