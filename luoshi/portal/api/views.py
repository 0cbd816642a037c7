"""Public endpoints: published measures only, no authentication (the rest of the API requires it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from luoshi.api.pagination import paginate
from luoshi.core.errors import NotFound
from luoshi.portal.selectors import measure_detail, measure_search, search_is_ranked

router = Router(auth=None)


class PublicMeasureOut(Schema):
    """What the public may read of a published measure; nothing internal (notes, people) is here."""

    id: int
    code: str
    title: str
    level: str
    category: str
    lead_unit: str | None
    deadline: date | None
    expected_outcome: str
    status: str
    status_label: str
    progress_percent: int
    public_explanation: str
    applies_to_industries: str
    applies_to_areas: str
    updated_at: datetime

    @staticmethod
    def resolve_lead_unit(obj: Any) -> str | None:
        return str(obj.lead_unit) if obj.lead_unit_id else None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class PublicMeasurePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PublicMeasureOut]


class MeasureFilters(Schema):
    q: str = ""
    unit: int | None = None
    area: str = ""
    industry: str = ""
    status: str = ""
    page: int = 1
    page_size: int = 20


@router.get("/measures", response=PublicMeasurePage, auth=None, summary="公开举措(中文分词检索)")
def measures(request: HttpRequest, filters: Query[MeasureFilters]) -> Any:
    rows = measure_search(q=filters.q, unit=filters.unit, area=filters.area, industry=filters.industry,
                          status=filters.status)
    return paginate(rows, filters.page, filters.page_size, count_with_rows=search_is_ranked(filters.q))


@router.get("/measures/{measure_id}", response=PublicMeasureOut, auth=None, summary="公开举措详情")
def measure(request: HttpRequest, measure_id: int) -> Any:
    found = measure_detail(pk=measure_id)
    if found is None:
        raise NotFound(_("该举措不存在或未公开。"))
    return found
