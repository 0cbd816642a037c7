"""Indicator endpoints under /api/v1/indicators: catalogue, targets, observations, status, chart,
revisions, task links, and the Excel import (preview or commit) and export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status, UploadedFile

from luoshi.briefings.api.schemas import JobOut
from luoshi.core.bounds import Year
from luoshi.core.errors import NotFound, PermissionDenied
from luoshi.core.periods import period_key
from luoshi.indicators import selectors, services
from luoshi.indicators.api.schemas import (
    ChartOut,
    IndicatorDetailOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    ObservationIn,
    ObservationOut,
    RevisionOut,
    StatusOut,
    TargetIn,
    TargetOut,
)
from luoshi.indicators.choices import ObservationSource
from luoshi.indicators.constants import MSG_INDICATOR_NOT_FOUND, MSG_NOT_ALLOWED_VIEW
from luoshi.indicators.imports import observations_export
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.indicators.permissions import can_view_indicators, indicators_visible_to
from luoshi.indicators.selectors import IndicatorStatusRow
from luoshi.indicators.views import FLOW
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.permissions import task_get_visible, tasks_visible_to
from luoshi.sheets.schemas import ImportOut
from luoshi.sheets.views import api_import, xlsx_response

router = Router()


class CatalogueFilters(Schema):
    year: Year | None = None
    as_of: date | None = None
    q: str | None = None
    unit: int | None = None
    frequency: str | None = None
    expression: str | None = None
    light: str | None = None
    at_risk: bool | None = None


class YearQuery(Schema):
    year: Year | None = None
    as_of: date | None = None


def _indicator(request: HttpRequest, indicator_id: int) -> Indicator:
    found = indicators_visible_to(request.user, selectors.indicator_queryset()).filter(pk=indicator_id).first()
    if found is None:
        raise NotFound(MSG_INDICATOR_NOT_FOUND)
    return found


def _require_view(request: HttpRequest) -> None:
    if not can_view_indicators(request.user):
        raise PermissionDenied(MSG_NOT_ALLOWED_VIEW)


def _indicator_out(indicator: Indicator) -> dict[str, Any]:
    return {
        "id": indicator.pk, "name": indicator.name,
        "aliases": [a.strip() for a in indicator.aliases.splitlines() if a.strip()],
        "definition": indicator.definition, "unit": indicator.unit, "direction": indicator.direction,
        "expression": indicator.expression, "frequency": indicator.frequency, "cumulative": indicator.cumulative,
        "responsible_unit_id": indicator.responsible_unit_id,
        "responsible_unit_name": str(indicator.responsible_unit) if indicator.responsible_unit_id else None,
        "is_active": indicator.is_active,
    }


def _status_out(row: IndicatorStatusRow) -> dict[str, Any]:
    a = row.assessment
    target = row.target
    return {
        "indicator_id": row.indicator.pk, "name": row.indicator.name, "unit": row.indicator.unit,
        "responsible_unit": str(row.indicator.responsible_unit) if row.indicator.responsible_unit_id else None,
        "year": row.year, "as_of": row.as_of,
        "comparator": target.comparator if target else None,
        "target_value": float(target.value) if target and target.value is not None else None,
        "target_phrase": row.target_phrase,
        "latest_period": period_key(row.latest_period, row.indicator.frequency) if row.latest_period else None,
        "latest_value": a.latest_value, "required": a.required, "gap": a.gap, "light": a.light, "mode": a.mode,
        "threshold": a.bound.threshold if a.bound else None,
        "forecast": a.forecast.value if a.forecast else None,
        "forecast_method": a.forecast.method if a.forecast else None, "at_risk": a.at_risk,
    }


def _target_out(target: IndicatorTarget) -> dict[str, Any]:
    return {
        "year": target.year, "comparator": target.comparator,
        "value": float(target.value) if target.value is not None else None,
        "tolerance": float(target.tolerance) if target.tolerance is not None else None,
        "baseline": float(target.baseline) if target.baseline is not None else None,
        "reference_indicator_id": target.reference_indicator_id, "statement": target.statement,
        "phrase": target.phrase, "source_item_id": target.source_item_id,
        "source_document_id": target.source_document_id, "source_start": target.source_start,
        "source_end": target.source_end,
    }


def _observation_out(observation: Observation) -> dict[str, Any]:
    return {
        "id": observation.pk, "period": period_key(observation.period_end, observation.indicator.frequency),
        "period_end": observation.period_end, "value": float(observation.value), "note": observation.note,
        "source": observation.source,
        "entered_by": observation.entered_by.get_username() if observation.entered_by else None,
        "updated_at": observation.updated_at,
    }


def _year(query_year: int | None) -> int:
    return query_year or selectors.default_year()


@router.get("/status", response=list[StatusOut], summary="指标完成情况(状态、预测、风险)")
def status_rows(request: HttpRequest, filters: Query[CatalogueFilters]) -> Any:
    _require_view(request)
    year = _year(filters.year)
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in {"year", "as_of"}}
    rows = selectors.indicator_status_rows(year=year, as_of=filters.as_of, user=request.user, filters=data)
    return [_status_out(r) for r in rows]


@router.get("", response=list[IndicatorOut], summary="指标目录")
def catalogue(request: HttpRequest, filters: Query[CatalogueFilters]) -> Any:
    _require_view(request)
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in {"year", "as_of"}}
    return [_indicator_out(r.indicator) for r in selectors.indicator_status_rows(
        year=_year(filters.year), as_of=filters.as_of, user=request.user, filters=data)]


@router.post("", response={201: IndicatorOut}, summary="新建指标")
def indicator_create(request: HttpRequest, payload: IndicatorIn) -> Any:
    data = payload.dict()
    unit_id = data.pop("responsible_unit_id")
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return Status(201, _indicator_out(services.indicator_create(user=request.user, responsible_unit=unit, **data)))


@router.get("/export.xlsx", summary="导出指标实际值(Excel,可作填报模板)")
def export(request: HttpRequest, filters: Query[CatalogueFilters]) -> HttpResponse:
    _require_view(request)
    year = _year(filters.year)
    data = {k: v for k, v in filters.dict().items() if v is not None and k not in {"year", "as_of"}}
    rows = selectors.indicator_status_rows(year=year, as_of=filters.as_of, user=request.user, filters=data)
    return xlsx_response(observations_export(indicators=[r.indicator for r in rows], year=year),
                         f"indicators-{year}.xlsx")


@router.post("/import", response={200: ImportOut, 400: ImportOut, 202: JobOut}, summary="导入指标实际值(预览或提交)")
def import_workbook(request: HttpRequest, commit: bool = False, file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """Without `commit`: the preview (every problem and change; nothing written). With `commit=true`:
    validated again and applied all or nothing; 400 with the problems when any remain. The same roles
    as the import page (403 otherwise)."""
    return Status(*api_import(request, FLOW, upload=file, commit=commit, options={}))


@router.get("/{indicator_id}", response=IndicatorDetailOut, summary="指标详情(目标、状态)")
def indicator_detail(request: HttpRequest, indicator_id: int, query: Query[YearQuery]) -> Any:
    indicator = _indicator(request, indicator_id)
    status = selectors.indicator_status(indicator, year=_year(query.year), as_of=query.as_of)
    return {
        **_indicator_out(indicator),
        "targets": [_target_out(t) for t in indicator.targets.select_related("indicator", "reference_indicator")],
        "status": _status_out(status),
        "task_ids": list(tasks_visible_to(request.user, indicator.tasks.all()).values_list("pk", flat=True)),
    }


@router.patch("/{indicator_id}", response=IndicatorOut, summary="修改指标")
def indicator_patch(request: HttpRequest, indicator_id: int, payload: IndicatorPatch) -> Any:
    indicator = _indicator(request, indicator_id)
    changes = payload.dict(exclude_unset=True)
    if "responsible_unit_id" in changes:
        unit_id = changes.pop("responsible_unit_id")
        changes["responsible_unit"] = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    return _indicator_out(services.indicator_update(indicator=indicator, user=request.user, **changes))


@router.get("/{indicator_id}/targets", response=list[TargetOut], summary="年度目标")
def targets(request: HttpRequest, indicator_id: int) -> Any:
    indicator = _indicator(request, indicator_id)
    return [_target_out(t) for t in indicator.targets.select_related("indicator", "reference_indicator")]


@router.put("/{indicator_id}/targets/{year}", response=TargetOut, summary="设定年度目标")
def target_put(request: HttpRequest, indicator_id: int, year: Year, payload: TargetIn) -> Any:
    indicator = _indicator(request, indicator_id)
    reference = (Indicator.objects.filter(pk=payload.reference_indicator_id).first()
                 if payload.reference_indicator_id else None)
    target = services.target_set(indicator=indicator, year=year, user=request.user, comparator=payload.comparator,
                                 value=payload.value, tolerance=payload.tolerance, baseline=payload.baseline,
                                 reference_indicator=reference, statement=payload.statement)
    return _target_out(target)


@router.get("/{indicator_id}/observations", response=list[ObservationOut], summary="实际值")
def observations(request: HttpRequest, indicator_id: int, query: Query[YearQuery]) -> Any:
    indicator = _indicator(request, indicator_id)
    rows = indicator.observations.select_related("entered_by", "indicator").order_by("period_end")
    if query.year:
        rows = rows.for_year(query.year)
    return [_observation_out(o) for o in rows]


@router.put("/{indicator_id}/observations/{period}", response=ObservationOut, summary="填报或修正实际值")
def observation_put(request: HttpRequest, indicator_id: int, period: str, payload: ObservationIn) -> Any:
    """`period` as 2024-03, 2024-Q1 or 2024; `unit` converts from 亿元, 人 … when unambiguous."""
    indicator = _indicator(request, indicator_id)
    observation = services.observation_record(indicator=indicator, period=period, value=payload.value,
                                              unit=payload.unit, note=payload.note, user=request.user,
                                              source=ObservationSource.API)
    observation.indicator = indicator
    return _observation_out(observation)


@router.delete("/{indicator_id}/observations/{period}", response={204: None}, summary="删除实际值")
def observation_delete(request: HttpRequest, indicator_id: int, period: str) -> Any:
    indicator = _indicator(request, indicator_id)
    period_end = services.period_for(indicator, period)
    observation = indicator.observations.filter(period_end=period_end).first()
    if observation is None:
        raise NotFound(MSG_INDICATOR_NOT_FOUND)
    services.observation_delete(observation=observation, user=request.user)
    return Status(204, None)


@router.get("/{indicator_id}/revisions", response=list[RevisionOut], summary="实际值修订记录")
def revisions(request: HttpRequest, indicator_id: int) -> Any:
    indicator = _indicator(request, indicator_id)
    return [{"when": r.when, "who": r.who.get_username() if r.who else None, "action": r.action, "reason": r.reason,
             "period_end": r.period_end, "before": float(r.before) if r.before is not None else None,
             "after": float(r.after) if r.after is not None else None}
            for r in selectors.observation_revisions(indicator)]


@router.get("/{indicator_id}/chart", response=ChartOut, summary="逐期走势(实际、应达进度、预测)")
def chart(request: HttpRequest, indicator_id: int, query: Query[YearQuery]) -> Any:
    indicator = _indicator(request, indicator_id)
    return selectors.indicator_chart(indicator, year=_year(query.year), as_of=query.as_of)


def _task(request: HttpRequest, task_id: int) -> Task:
    task = task_get_visible(request.user, task_id)
    return task


@router.post("/{indicator_id}/tasks/{task_id}", response={204: None}, summary="关联任务")
def task_link(request: HttpRequest, indicator_id: int, task_id: int) -> Any:
    services.indicator_task_link(indicator=_indicator(request, indicator_id), task=_task(request, task_id),
                                 user=request.user)
    return Status(204, None)


@router.delete("/{indicator_id}/tasks/{task_id}", response={204: None}, summary="取消关联任务")
def task_unlink(request: HttpRequest, indicator_id: int, task_id: int) -> Any:
    services.indicator_task_unlink(indicator=_indicator(request, indicator_id), task=_task(request, task_id),
                                   user=request.user)
    return Status(204, None)
