"""Briefings endpoints: the battle map's data, briefings, ledger exports and job progress."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from luoshi.api.pagination import paginate
from luoshi.briefings.api.schemas import JobOut
from luoshi.briefings.jobs import job_for_user
from luoshi.briefings.permissions import briefing_get_visible, briefings_visible_to
from luoshi.briefings.selectors import dashboard_json
from luoshi.briefings.services import briefing_generate_enqueue, ledger_export_enqueue
from luoshi.core.errors import DomainError

router = Router()


class DashboardFilters(Schema):
    period: str | None = None
    level: str | None = None
    unit: int | None = None
    task_force: int | None = None
    category_is: str | None = None
    lead_unit: str | None = None
    dimension: str | None = None


class SectionOut(Schema):
    key: str
    heading: str
    body: str


class BriefingOut(Schema):
    id: int
    title: str
    period: str
    period_start: date
    period_end: date
    scope: dict[str, Any]
    scope_label: str
    status: str
    version: int
    figure_source: str
    snapshot_period: str
    generated_at: datetime
    sections: list[SectionOut]
    figures: dict[str, Any]


class BriefingSummaryOut(Schema):
    id: int
    title: str
    period: str
    status: str
    version: int
    generated_at: datetime


class BriefingPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[BriefingSummaryOut]


class BriefingGenerateIn(Schema):
    period: str
    level: str | None = None
    unit: int | None = None
    task_force: int | None = None
    title: str = ""


class LedgerExportIn(Schema):
    """The ledger's filters (as on the list page); every field optional."""

    filters: dict[str, str] = {}
    headings: bool = Field(False, description="keep the headings of a plan (as the ledger list does); "
                                              "without: the rows behind the battle map's numbers")


@router.get("/dashboard", summary="挂图作战数据(与页面图表相同)")
def dashboard(request: HttpRequest, filters: Query[DashboardFilters]) -> Any:
    params = {k: v for k, v in filters.dict().items() if v is not None}
    body, errors = dashboard_json(user=request.user, filters=params, dimension=params.pop("dimension", ""))
    if errors:
        messages = json.loads(body)["errors"]
        raise DomainError("; ".join(f"{k}: {' '.join(v)}" for k, v in messages.items()), code="invalid_filter")
    # The cached body as stored, as the page's JSON view serves it (no decoding and encoding again).
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get("/briefings", response=BriefingPage, summary="工作简报列表")
def briefing_list(request: HttpRequest, page: int = 1, page_size: int = 20) -> Any:
    return paginate(briefings_visible_to(request.user).order_by("-generated_at"), page, page_size)


@router.get("/briefings/{briefing_id}", response=BriefingOut, summary="工作简报(正文与生成时的数据)")
def briefing_detail(request: HttpRequest, briefing_id: int) -> Any:
    return briefing_get_visible(request.user, briefing_id)


@router.post("/briefings", response={202: JobOut}, summary="生成工作简报(后台任务)")
def briefing_generate(request: HttpRequest, payload: BriefingGenerateIn) -> Any:
    scope = {k: v for k, v in {"level": payload.level, "unit": payload.unit,
                               "task_force": payload.task_force}.items() if v}
    return Status(202, briefing_generate_enqueue(user=request.user, period=payload.period, scope=scope,
                                                title=payload.title))


@router.post("/exports/ledger", response={202: JobOut}, summary="导出任务台账 Excel(后台任务)")
def ledger_export(request: HttpRequest, payload: LedgerExportIn) -> Any:
    return Status(202, ledger_export_enqueue(user=request.user, filters=payload.filters, headings=payload.headings))


@router.get("/jobs/{job_id}", response=JobOut, summary="后台任务进度")
def job_status(request: HttpRequest, job_id: int) -> Any:
    return job_for_user(pk=job_id, user=request.user)
