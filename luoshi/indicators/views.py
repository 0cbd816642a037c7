"""Indicator pages: the catalogue with status lights, one indicator's page (targets, actuals, chart,
forecast, revisions, linked tasks), data entry, catalogue editing, Excel import and export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.bounds import id_or_none
from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.periods import period_key
from luoshi.core.viewutils import datalist_options, next_or, year_and_as_of
from luoshi.indicators import selectors, services
from luoshi.indicators.choices import ObservationSource
from luoshi.indicators.filtersets import IndicatorFilterSet
from luoshi.indicators.forms import IndicatorForm, ObservationForm, TargetForm, TaskLinkForm
from luoshi.indicators.imports import observations_export, observations_import
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.permissions import (
    can_edit_indicator,
    can_manage_indicators,
    can_view_indicators,
    indicators_visible_to,
)
from luoshi.ledger.permissions import MSG_TASK_CODE_NOT_FOUND, Action, task_get_visible, tasks_visible_to
from luoshi.sheets.pending import ImportPreview
from luoshi.sheets.views import ImportFlow


def _require_view(request: HttpRequest) -> None:
    if not can_view_indicators(request.user):
        raise DjangoPermissionDenied(_("您无权查看指标。"))


def _year_and_as_of(request: HttpRequest) -> tuple[int, date]:
    """?year= and ?as_of=, defaulting to the latest year with targets and today."""
    return year_and_as_of(request, default_year=selectors.default_year, default_as_of=selectors.default_as_of)


def _filters(request: HttpRequest) -> dict[str, Any]:
    return {k: v for k, v in request.GET.items() if k not in {"year", "as_of", "page"} and v != ""}


@login_required
def indicator_list_view(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    year, as_of = _year_and_as_of(request)
    filters = _filters(request)
    rows = selectors.indicator_status_rows(year=year, as_of=as_of, user=request.user, filters=filters)
    filterset = IndicatorFilterSet(data=filters, queryset=Indicator.objects.none())
    query = request.GET.copy()
    return render(request, "indicators/indicator_list.html", {
        "rows": rows, "year": year, "as_of": as_of, "filter": filterset, "counts": selectors.light_counts(rows),
        "can_manage": can_manage_indicators(request.user), "can_import": FLOW.allowed(request.user),
        "query": query.urlencode(), "years": range(business_today().year, 2019, -1),
    })


def _detail_context(request: HttpRequest, indicator: Indicator, year: int, as_of: date) -> dict[str, Any]:
    status = selectors.indicator_status(indicator, year=year, as_of=as_of)
    can_edit = can_edit_indicator(request.user, indicator)
    return {
        "indicator": indicator, "status": status, "target": status.target, "year": year, "as_of": as_of,
        "observations": selectors.indicator_observations(indicator, year=year),
        "chart": selectors.indicator_chart(indicator, year=year, as_of=as_of),
        "can_edit": can_edit, "can_manage": can_manage_indicators(request.user),
        "observation_form": ObservationForm(initial={"unit": indicator.unit}),
        "years": sorted(set(selectors.indicator_years(indicator)) | {year}, reverse=True),
    }


def _page_context(request: HttpRequest, indicator: Indicator, year: int, as_of: date) -> dict[str, Any]:
    """Everything the indicator page shows."""
    context = _detail_context(request, indicator, year, as_of)
    target = context["target"]
    context.update({
        "revisions": selectors.observation_revisions(indicator),
        "tasks": tasks_visible_to(request.user, indicator.tasks.all()).select_related("lead_unit"),
        "target_form": TargetForm(initial={
            "year": year, "comparator": target.comparator if target else "eq",
            "value": target.value if target else None, "tolerance": target.tolerance if target else None,
            "baseline": target.baseline if target else None, "statement": target.statement if target else "",
            "reference_indicator": target.reference_indicator_id if target else None,
        }),
        "task_form": TaskLinkForm(),
    })
    return context


@login_required
def indicator_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    indicator = get_object_or_404(indicators_visible_to(request.user, selectors.indicator_queryset()), pk=pk)
    year, as_of = _year_and_as_of(request)
    return render(request, "indicators/indicator_detail.html", _page_context(request, indicator, year, as_of))


@login_required
def indicator_chart_view(request: HttpRequest, pk: int) -> JsonResponse:
    _require_view(request)
    indicator = get_object_or_404(indicators_visible_to(request.user), pk=pk)
    year, as_of = _year_and_as_of(request)
    return JsonResponse(selectors.indicator_chart(indicator, year=year, as_of=as_of))


@login_required
@require_POST
def observation_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter or correct one observation. With htmx, errors come back in the form (the panel is swapped)
    and a saved value reloads the page, whose status, forecast and chart depend on it."""
    indicator = get_object_or_404(indicators_visible_to(request.user, selectors.indicator_queryset()), pk=pk)
    if not can_edit_indicator(request.user, indicator):
        raise DjangoPermissionDenied(_("您无权填报该指标。"))
    form = ObservationForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            observation = services.observation_record(
                indicator=indicator, period=form.cleaned_data["period"], value=form.cleaned_data["value"],
                unit=form.cleaned_data["unit"], note=form.cleaned_data["note"], user=request.user,
                source=ObservationSource.MANUAL,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            status = 400
        else:
            messages.success(request, _("已保存 %(period)s 的实际值。") % {
                "period": period_key(observation.period_end, indicator.frequency)})
            url = f"{indicator.get_absolute_url()}?year={observation.period_end.year}"
            if request.headers.get("HX-Request") != "true":
                return redirect(url)
            # Status, forecast and chart change with the value: htmx reloads the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
    else:
        status = 400
    year, as_of = _year_and_as_of(request)
    if request.headers.get("HX-Request") == "true":
        context = _detail_context(request, indicator, year, as_of)
        context["observation_form"] = form
        # htmx does not swap 4xx responses, so the form with its errors goes out as 200.
        return render(request, "indicators/_observations.html", context)
    context = _page_context(request, indicator, year, as_of)
    context["observation_form"] = form
    return render(request, "indicators/indicator_detail.html", context, status=status)


@login_required
@require_POST
def observation_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(Observation.objects.select_related("indicator"), pk=pk)
    try:
        services.observation_delete(observation=observation, user=request.user)
    except DomainError as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    messages.success(request, _("已删除该期实际值(变更记录中仍可查到)。"))
    return redirect(f"{observation.indicator.get_absolute_url()}?year={observation.period_end.year}")


@login_required
def indicator_form_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create (pk None) or edit an indicator of the catalogue."""
    if not can_manage_indicators(request.user):
        raise DjangoPermissionDenied(_("只有督查人员或管理员可以维护指标目录。"))
    indicator = get_object_or_404(Indicator, pk=pk) if pk else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["aliases"] = [a for a in data["aliases"].splitlines() if a.strip()]
        try:
            if indicator is None:
                saved = services.indicator_create(user=request.user, **data)
            else:
                saved = services.indicator_update(indicator=indicator, user=request.user, **data)
        except (DomainError, ValidationError) as exc:
            form.add_error(None, str(getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", []))))
        else:
            messages.success(request, _("已保存指标“%(name)s”。") % {"name": saved.name})
            return redirect(saved.get_absolute_url())
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_POST
def target_set_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=pk)
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查目标:") + "; ".join(
            f"{form.fields[f].label if f in form.fields else ''}: {' '.join(map(str, e))}" for f, e in form.errors.items()))
        return redirect(indicator.get_absolute_url())
    data = form.cleaned_data
    try:
        services.target_set(indicator=indicator, user=request.user, year=data["year"], comparator=data["comparator"],
                            value=data["value"], tolerance=data["tolerance"], baseline=data["baseline"],
                            reference_indicator=data["reference_indicator"], statement=data["statement"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, _("已保存 %(year)s 年目标。") % {"year": data["year"]})
    return redirect(f"{indicator.get_absolute_url()}?year={data['year']}")


@login_required
@require_POST
def task_link_any_view(request: HttpRequest) -> HttpResponse:
    """The task page's form: the indicator comes in the POST data, by id (`indicator`) or by the
    name the task page's search fills in (`indicator_ref`)."""
    indicator_id = id_or_none(request.POST.get("indicator"))
    named = request.POST.get("indicator_ref") or ""
    if indicator_id is None and named:
        found = selectors.indicator_by_reference(user=request.user, reference=named)
        if found is None:
            messages.error(request, _("未找到指标“%(ref)s”:请输入指标名称,从查找结果中选择。") % {"ref": named.strip()[:100]})
            return redirect(next_or(request, reverse("indicators:list")))
        indicator_id = found.pk
    if indicator_id is None:
        messages.error(request, _("请选择指标。"))
        return redirect(next_or(request, reverse("indicators:list")))
    return task_link_view(request, indicator_id)


@login_required
def task_link_search_view(request: HttpRequest) -> HttpResponse:
    """The task page's search for an indicator to link (`?task=` and the words typed), as the
    <option>s of a datalist: at most selectors.LINK_SEARCH_LIMIT, never the whole catalogue."""
    def options(typed: str) -> list[tuple[str, str]]:
        task = task_get_visible(request.user, id_or_none(request.GET.get("task")))
        return [(i.name, i.unit) for i in selectors.indicators_to_link(user=request.user, task=task, query=typed)]

    return datalist_options(request, allowed=can_manage_indicators(request.user), typed_in="indicator_ref",
                            refusal=_("只有督查人员或管理员可以关联任务与指标。"), options=options)


@login_required
@require_POST
def task_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a task (by its code or id) to the indicator; or unlink with `remove`."""
    indicator = get_object_or_404(Indicator, pk=pk)
    reference = (request.POST.get("task") or "").strip()
    task = tasks_visible_to(request.user).filter(code=reference).first()
    if task is None and (task_id := id_or_none(reference)) is not None:
        task = tasks_visible_to(request.user).filter(pk=task_id).first()
    if task is None:
        messages.error(request, MSG_TASK_CODE_NOT_FOUND % {"code": reference})
        return redirect(next_or(request, indicator.get_absolute_url()))
    try:
        if request.POST.get("remove"):
            services.indicator_task_unlink(indicator=indicator, task=task, user=request.user)
        else:
            services.indicator_task_link(indicator=indicator, task=task, user=request.user)
    except DomainError as exc:
        raise DjangoPermissionDenied(str(exc.message)) from exc
    return redirect(next_or(request, indicator.get_absolute_url()))


# --- Excel ---------------------------------------------------------------------------------------

def _run(data: bytes, user: Any, filename: str, commit: bool, options: dict[str, Any]) -> ImportPreview:
    return observations_import(data=data, user=user, filename=filename, commit=commit)


def _export(request: HttpRequest) -> tuple[bytes, str]:
    """The visible, filtered indicators' observations for ?year= in the import layout."""
    _require_view(request)
    year, as_of = _year_and_as_of(request)
    rows = selectors.indicator_status_rows(year=year, as_of=as_of, user=request.user, filters=_filters(request))
    data = observations_export(indicators=[r.indicator for r in rows], year=year,
                               with_blank_periods=request.GET.get("blank", "1") != "0")
    return data, f"indicators-{year}.xlsx"


FLOW = ImportFlow(
    kind="indicator_observations",
    namespace="indicators",
    title=_("导入指标实际值"),
    layout_help=_("表头需包含:指标名称、统计期、实际值;可选:序号、计量单位、备注。标题行(可合并单元格)会被跳过。"
                  "统计期可写 2024-03、2024年3月、2024年1-3月、2024Q1;实际值为空的行不做任何修改。"),
    action=Action.INDICATOR_IMPORT,
    run=_run,
    export=_export,
)
