"""Project pages: the list with filters and roll-ups against the promised pipelines, one project's
page (milestones, monthly investment, chart, history, tasks), data entry, editing, batches, and
Excel import and export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.bounds import id_or_none
from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.history import history_rows, records_of
from luoshi.core.viewutils import datalist_options, next_or, year_and_as_of
from luoshi.ledger.permissions import MSG_TASK_CODE_NOT_FOUND, Action, task_get_visible, tasks_visible_to
from luoshi.projects import selectors, services
from luoshi.projects.choices import PROGRAMMES, RollupBy
from luoshi.projects.exports import projects_export
from luoshi.projects.forms import BatchForm, InvestmentForm, MilestoneForm, ProjectForm
from luoshi.projects.imports import projects_import
from luoshi.projects.models import KeyProject, ProjectBatch
from luoshi.projects.permissions import can_edit_project, can_manage_projects, can_view_projects
from luoshi.sheets.pending import ImportPreview
from luoshi.sheets.views import ImportFlow

PAGE_SIZE = 50


def _require_view(request: HttpRequest) -> None:
    if not can_view_projects(request.user):
        raise DjangoPermissionDenied(_("您无权查看重点项目。"))


def _year_and_as_of(request: HttpRequest, year: int | None = None) -> tuple[int, date]:
    return year_and_as_of(request, default_year=selectors.default_year, default_as_of=selectors.default_as_of,
                          year=year)


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {k: v for k, v in request.GET.items() if k not in {"year", "as_of", "page", "by"} and v != ""}


@login_required
def project_list_view(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    year, as_of = _year_and_as_of(request)
    by = request.GET.get("by") or RollupBy.PIPELINE
    if by not in RollupBy.values:
        by = RollupBy.PIPELINE
    filters = _filters(request)
    filterset, rows = selectors.project_rows(year=year, as_of=as_of, user=request.user, filters=filters)
    groups, total = selectors.project_rollup(year=year, by=by, as_of=as_of, rows=rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "projects/project_list.html", {
        "year": year, "as_of": as_of, "by": by, "rollup_choices": RollupBy.choices, "groups": groups,
        "total": total, "filter": filterset, "page": page, "count": len(rows), "query": query.urlencode(),
        "month": selectors.data_month(year, as_of), "batches": selectors.batches_for_year(year),
        "can_manage": can_manage_projects(request.user), "can_import": FLOW.allowed(request.user),
        "years": range(business_today().year, 2019, -1),
    })


def _detail_context(request: HttpRequest, project: KeyProject) -> dict[str, Any]:
    _year, as_of = _year_and_as_of(request, project.year)
    status = selectors.project_status(project, as_of=as_of)
    return {
        "project": project, "status": status, "as_of": as_of,
        "investments": {i.month: i for i in project.investments.filter(year=project.year)},
        "months": range(1, 13), "chart": selectors.project_chart(project, as_of=as_of),
        "can_edit": can_edit_project(request.user, project), "can_manage": can_manage_projects(request.user),
        "investment_form": InvestmentForm(), "milestone_form": MilestoneForm(),
    }


@login_required
def project_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    project = selectors.project_detail(user=request.user, pk=pk)
    if project is None:
        raise Http404
    context = _detail_context(request, project)
    context.update({
        "history": history_rows(records_of(project), limit=30),
        "tasks": tasks_visible_to(request.user, project.tasks.all()).select_related("lead_unit"),
    })
    return render(request, "projects/project_detail.html", context)


@login_required
def project_chart_view(request: HttpRequest, pk: int) -> JsonResponse:
    _require_view(request)
    project = selectors.project_detail(user=request.user, pk=pk)
    if project is None:
        raise Http404
    _year, as_of = _year_and_as_of(request, project.year)
    return JsonResponse(selectors.project_chart(project, as_of=as_of))


def _progress_response(request: HttpRequest, project: KeyProject, **forms: Any) -> HttpResponse:
    """After an entry: with errors (forms given) htmx swaps the progress panel with them; a saved
    entry reloads the page, whose light, pace and chart depend on it."""
    if request.headers.get("HX-Request") == "true" and not forms:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = project.get_absolute_url()
        return response
    if request.headers.get("HX-Request") == "true":
        context = _detail_context(request, project)
        context.update(forms)
        # htmx does not swap 4xx responses, so the form with its errors goes out as 200.
        return render(request, "projects/_progress.html", context)
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def investment_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(KeyProject.objects.with_related(), pk=pk)
    if not can_edit_project(request.user, project):
        raise DjangoPermissionDenied(_("您无权填报该项目。"))
    form = InvestmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写内容。"))
        return _progress_response(request, project, investment_form=form)
    try:
        services.investment_record(project=project, year=project.year, month=form.cleaned_data["month"],
                                   amount=form.cleaned_data["amount"], unit=form.cleaned_data["unit"],
                                   user=request.user)
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        messages.error(request, str(exc.message))
        return _progress_response(request, project, investment_form=form)
    messages.success(request, _("已保存 %(month)s 月完成投资。") % {"month": form.cleaned_data["month"]})
    return _progress_response(request, project)


@login_required
@require_POST
def milestone_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(KeyProject.objects.with_related(), pk=pk)
    if not can_edit_project(request.user, project):
        raise DjangoPermissionDenied(_("您无权填报该项目。"))
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写内容。"))
        return _progress_response(request, project, milestone_form=form)
    data = form.cleaned_data
    kwargs: dict[str, Any] = {"actual_date": data["actual_date"], "note": data["note"]}
    if can_manage_projects(request.user):
        kwargs["planned_date"] = data["planned_date"]
    try:
        services.milestone_set(project=project, kind=data["kind"], user=request.user, **kwargs)
    except DomainError as exc:
        form.add_error(None, str(exc.message))
        messages.error(request, str(exc.message))
        return _progress_response(request, project, milestone_form=form)
    except ValidationError as exc:
        form.add_error(None, "; ".join(exc.messages))
        messages.error(request, "; ".join(exc.messages))
        return _progress_response(request, project, milestone_form=form)
    messages.success(request, _("已保存项目节点。"))
    return _progress_response(request, project)


@login_required
def project_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not can_manage_projects(request.user):
        raise DjangoPermissionDenied(_("只有督查人员或管理员可以维护项目清单。"))
    project = get_object_or_404(KeyProject, pk=pk) if pk else None
    form = ProjectForm(request.POST or None, instance=project,
                       initial={"year": selectors.default_year()} if project is None else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if project is None:
                saved = services.project_create(user=request.user, **data)
            else:
                data.pop("year"), data.pop("code")
                saved = services.project_update(project=project, user=request.user, **data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, _("已保存项目 %(code)s。") % {"code": saved.code})
            return redirect(saved.get_absolute_url())
    return render(request, "projects/project_form.html", {"form": form, "project": project,
                                                          "programmes": PROGRAMMES})


@login_required
def batch_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not can_manage_projects(request.user):
        raise DjangoPermissionDenied(_("只有督查人员或管理员可以维护项目批次。"))
    batch = get_object_or_404(ProjectBatch, pk=pk) if pk else None
    form = BatchForm(request.POST or None, instance=batch)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.batch_save(user=request.user, batch=batch, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, str(getattr(exc, "message", "")) or "; ".join(getattr(exc, "messages", [])))
        else:
            messages.success(request, _("已保存项目批次。"))
            return redirect(f"{reverse('projects:list')}?year={saved.year or ''}")
    return render(request, "projects/batch_form.html", {"form": form, "batch": batch, "programmes": PROGRAMMES})


@login_required
@require_POST
def task_link_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Link or unlink (`remove`) a task to a project; the project may come in the POST data, by
    id (`project`) or as the task page's search names it (`project_ref`: "2024/BH2024-009")."""
    project_id = pk or id_or_none(request.POST.get("project"))
    named = request.POST.get("project_ref") or ""
    if project_id is None and named:
        found = selectors.project_by_reference(user=request.user, reference=named)
        if found is None:
            messages.error(request, _("未找到项目“%(ref)s”:请输入项目编号或名称,从查找结果中选择。")
                           % {"ref": named.strip()[:100]})
            return redirect(next_or(request, reverse("projects:list")))
        project_id = found.pk
    project = get_object_or_404(KeyProject, pk=project_id)
    reference = (request.POST.get("task") or "").strip()
    task = tasks_visible_to(request.user).filter(code=reference).first()
    if task is None and (task_id := id_or_none(reference)) is not None:
        task = tasks_visible_to(request.user).filter(pk=task_id).first()
    back = next_or(request, project.get_absolute_url())
    if task is None:
        messages.error(request, MSG_TASK_CODE_NOT_FOUND % {"code": reference})
        return redirect(back)
    try:
        if request.POST.get("remove"):
            services.project_task_unlink(project=project, task=task, user=request.user)
        else:
            services.project_task_link(project=project, task=task, user=request.user)
    except DomainError as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    return redirect(back)


@login_required
def task_link_search_view(request: HttpRequest) -> HttpResponse:
    """The task page's search for a project to link (`?task=` and the words typed), as the
    <option>s of a datalist: at most selectors.LINK_SEARCH_LIMIT, never the whole catalogue."""
    def options(typed: str) -> list[tuple[str, str]]:
        task = task_get_visible(request.user, id_or_none(request.GET.get("task")))
        return [(selectors.project_link_reference(p), p.name)
                for p in selectors.projects_to_link(user=request.user, task=task, query=typed)]

    return datalist_options(request, allowed=can_manage_projects(request.user), typed_in="project_ref",
                            refusal=_("只有督查人员或管理员可以关联任务与项目。"), options=options)


# --- Excel ---------------------------------------------------------------------------------------

def _run(data: bytes, user: Any, filename: str, commit: bool, options: dict[str, Any]) -> ImportPreview:
    year = options.get("year") or selectors.default_year()
    return projects_import(data=data, user=user, year=int(year), filename=filename, commit=commit)


def _import_years() -> list[int]:
    default = selectors.default_year()
    return sorted({default, business_today().year, default - 1, default + 1}, reverse=True)


def _export(request: HttpRequest) -> tuple[bytes, str]:
    """The visible, filtered projects of ?year= in the import layout."""
    _require_view(request)
    year, as_of = _year_and_as_of(request)
    _filterset, rows = selectors.project_rows(year=year, as_of=as_of, user=request.user, filters=_filters(request))
    return projects_export(projects=[r.project for r in rows], year=year), f"key-projects-{year}.xlsx"


FLOW = ImportFlow(
    kind="key_projects",
    namespace="projects",
    title=_("导入重点项目清单"),
    layout_help=_("表头需包含:项目编号、项目名称;可选:年度、项目类型(新开工/在建/竣工)、所属工程、牵头单位、建设地点、"
                  "所属行业、建设内容、总投资、年度计划投资、1月…12月完成投资、计划/实际开工、主体完工、竣工、投产日期。"
                  "金额默认单位万元,列名或标题注明“亿元”时自动换算。空白单元格不做修改。"),
    action=Action.PROJECT_IMPORT,
    run=_run,
    export=_export,
    years=_import_years,
)
