"""Project endpoints under /api/v1/projects: batches, the project list (filters, paging), one project,
monthly investment, milestones, roll-ups, task links, and the Excel import (preview or commit) and export."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status, UploadedFile

from luoshi.briefings.api.schemas import JobOut
from luoshi.core.bounds import Year
from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.permissions import tasks_visible_to
from luoshi.projects import selectors, services
from luoshi.projects.api.schemas import (
    BatchIn,
    BatchOut,
    InvestmentIn,
    InvestmentOut,
    MilestoneIn,
    ProjectDetailOut,
    ProjectIn,
    ProjectPage,
    ProjectPatch,
    RollupResultOut,
)
from luoshi.projects.constants import MSG_BAD_ROLLUP, MSG_PROJECT_NOT_FOUND
from luoshi.projects.exports import projects_export
from luoshi.projects.models import KeyProject, ProjectBatch
from luoshi.projects.permissions import can_view_projects
from luoshi.projects.selectors import ProjectRow
from luoshi.projects.views import FLOW
from luoshi.sheets.schemas import ImportOut
from luoshi.sheets.views import api_import, xlsx_response

router = Router()
MAX_PAGE_SIZE = 500


class ProjectFilters(Schema):
    year: Year | None = None
    as_of: date | None = None
    q: str | None = None
    pipeline: str | None = None
    programme: str | None = None
    unit: int | None = None
    industry: str | None = None
    batch: int | None = None
    light: str | None = None
    page: int = 1
    page_size: int = 50


class RollupQuery(Schema):
    year: Year | None = None
    as_of: date | None = None
    by: str = "pipeline"


def _require_view(request: HttpRequest) -> None:
    if not can_view_projects(request.user):
        raise PermissionDenied(MSG_PROJECT_NOT_FOUND)


def _project(request: HttpRequest, project_id: int) -> KeyProject:
    found = selectors.project_detail(user=request.user, pk=project_id)
    if found is None:
        raise NotFound(MSG_PROJECT_NOT_FOUND)
    return found


def _row_out(row: ProjectRow) -> dict[str, Any]:
    p = row.project
    return {
        "id": p.pk, "year": p.year, "code": p.code, "name": p.name, "pipeline": p.pipeline, "batch_id": p.batch_id,
        "programme": p.programme, "lead_unit_id": p.lead_unit_id,
        "lead_unit_name": str(p.lead_unit) if p.lead_unit_id else None, "location": p.location,
        "industry": p.industry, "description": p.description,
        "total_investment": float(p.total_investment) if p.total_investment is not None else None,
        "planned_investment": float(p.planned_investment) if p.planned_investment is not None else None,
        "completed_investment": float(row.completed), "data_month": row.month, "pace": row.pace,
        "light": row.light, "delivered": row.delivered,
        "milestones": [{"kind": m.kind, "label": m.label, "planned": m.planned, "actual": m.actual, "state": m.state,
                        "overdue_days": m.overdue_days, "note": m.note} for m in row.milestones],
    }


def _detail_out(request: HttpRequest, project: KeyProject) -> dict[str, Any]:
    row = selectors.project_status(project)
    return {
        **_row_out(row),
        "investments": {i.month: float(i.amount) for i in project.investments.filter(year=project.year)},
        "task_ids": list(tasks_visible_to(request.user, project.tasks.all()).values_list("pk", flat=True)),
    }


def _filters(filters: ProjectFilters) -> dict[str, Any]:
    return {k: v for k, v in filters.dict().items()
            if v is not None and k not in {"year", "as_of", "page", "page_size"}}


@router.get("/batches", response=list[BatchOut], summary="项目批次(工作报告承诺的项目数与总投资)")
def batches(request: HttpRequest, year: Year | None = None) -> Any:
    _require_view(request)
    rows = ProjectBatch.objects.order_by("-year", "pipeline", "name")
    return list(rows.filter(year=year) if year else rows)


@router.post("/batches", response={201: BatchOut}, summary="新建项目批次")
def batch_create(request: HttpRequest, payload: BatchIn) -> Any:
    return Status(201, services.batch_save(user=request.user, **payload.dict()))


@router.put("/batches/{batch_id}", response=BatchOut, summary="修改项目批次")
def batch_update(request: HttpRequest, batch_id: int, payload: BatchIn) -> Any:
    _require_view(request)
    batch = ProjectBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(MSG_PROJECT_NOT_FOUND)
    return services.batch_save(user=request.user, batch=batch, **payload.dict())


@router.get("/rollup", response=RollupResultOut, summary="按类型、牵头单位或工程汇总(对照承诺)")
def rollup(request: HttpRequest, query: Query[RollupQuery]) -> Any:
    _require_view(request)
    if query.by not in {"pipeline", "unit", "programme"}:
        raise DomainError(MSG_BAD_ROLLUP, field="by")
    year = query.year or selectors.default_year()
    as_of = query.as_of or selectors.default_as_of(year)
    groups, total = selectors.project_rollup(year=year, by=query.by, as_of=as_of, user=request.user)
    return {"year": year, "by": query.by, "as_of": as_of, "data_month": selectors.data_month(year, as_of),
            "groups": [g.as_dict() for g in groups], "total": total.as_dict()}


@router.get("/export.xlsx", summary="导出重点项目清单(Excel)")
def export(request: HttpRequest, filters: Query[ProjectFilters]) -> HttpResponse:
    _require_view(request)
    year = filters.year or selectors.default_year()
    _filterset, rows = selectors.project_rows(year=year, as_of=filters.as_of, user=request.user,
                                              filters=_filters(filters))
    return xlsx_response(projects_export(projects=[r.project for r in rows], year=year), f"key-projects-{year}.xlsx")


@router.post("/import", response={200: ImportOut, 400: ImportOut, 202: JobOut}, summary="导入重点项目清单(预览或提交)")
def import_workbook(request: HttpRequest, year: Year | None = None, commit: bool = False,
                    file: UploadedFile = File(...)) -> Any:  # noqa: B008
    """Without `commit`: the preview. With `commit=true`: validated again and applied all or nothing;
    400 with the problems when any remain. `year` is used for rows without a 年度 cell. The same roles
    as the import page (403 otherwise)."""
    return Status(*api_import(request, FLOW, upload=file, commit=commit, options={"year": year}))


@router.get("", response=ProjectPage, summary="重点项目清单(筛选、分页)")
def projects(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    _require_view(request)
    year = filters.year or selectors.default_year()
    filterset, rows = selectors.project_rows(year=year, as_of=filters.as_of, user=request.user,
                                             filters=_filters(filters))
    if not filterset.is_valid():
        raise DomainError("; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()), code="invalid_filter")
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = max(1, filters.page)
    chunk = rows[(page - 1) * size: page * size]
    return {"count": len(rows), "page": page, "page_size": size, "results": [_row_out(r) for r in chunk]}


@router.post("", response={201: ProjectDetailOut}, summary="新增项目")
def project_create(request: HttpRequest, payload: ProjectIn) -> Any:
    data = payload.dict()
    unit_id = data.pop("lead_unit_id")
    data["lead_unit"] = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    project = services.project_create(user=request.user, **data)
    return Status(201, _detail_out(request, project))


@router.get("/{project_id}", response=ProjectDetailOut, summary="项目详情(节点、月度投资)")
def project_detail(request: HttpRequest, project_id: int) -> Any:
    return _detail_out(request, _project(request, project_id))


@router.patch("/{project_id}", response=ProjectDetailOut, summary="修改项目")
def project_patch(request: HttpRequest, project_id: int, payload: ProjectPatch) -> Any:
    project = _project(request, project_id)
    changes = payload.dict(exclude_unset=True)
    if "lead_unit_id" in changes:
        unit_id = changes.pop("lead_unit_id")
        changes["lead_unit"] = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    updated = services.project_update(project=project, user=request.user, **changes)
    return _detail_out(request, updated)


@router.put("/{project_id}/investments/{month}", response=InvestmentOut, summary="填报当月完成投资")
def investment_put(request: HttpRequest, project_id: int, month: int, payload: InvestmentIn) -> Any:
    project = _project(request, project_id)
    record = services.investment_record(project=project, year=project.year, month=month, amount=payload.amount,
                                        unit=payload.unit, user=request.user)
    return {"year": record.year, "month": record.month, "amount": float(record.amount)}


@router.put("/{project_id}/milestones/{kind}", response=ProjectDetailOut, summary="设定项目节点日期")
def milestone_put(request: HttpRequest, project_id: int, kind: str, payload: MilestoneIn) -> Any:
    project = _project(request, project_id)
    services.milestone_set(project=project, kind=kind, user=request.user, **payload.dict(exclude_unset=True))
    return _detail_out(request, project)


def _task(request: HttpRequest, task_id: int) -> Task:
    task = tasks_visible_to(request.user).filter(pk=task_id).first()
    if task is None:
        raise NotFound(MSG_PROJECT_NOT_FOUND)
    return task


@router.post("/{project_id}/tasks/{task_id}", response={204: None}, summary="关联任务")
def task_link(request: HttpRequest, project_id: int, task_id: int) -> Any:
    services.project_task_link(project=_project(request, project_id), task=_task(request, task_id), user=request.user)
    return Status(204, None)


@router.delete("/{project_id}/tasks/{task_id}", response={204: None}, summary="取消关联任务")
def task_unlink(request: HttpRequest, project_id: int, task_id: int) -> Any:
    services.project_task_unlink(project=_project(request, project_id), task=_task(request, task_id),
                                 user=request.user)
    return Status(204, None)
