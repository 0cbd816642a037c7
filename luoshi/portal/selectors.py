"""Reads of the public portal. The one gate: `published_tasks()`; nothing else reaches Task here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from luoshi.core.types import UserLike
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.permissions import tasks_managed_by
from luoshi.portal import search
from luoshi.portal.models import PublishedMeasure, SearchToken

PUBLIC_FIELDS = ["pk", "code", "title", "level", "category", "deadline", "expected_outcome", "status", "light",
                 "progress_percent", "public_explanation", "applies_to_industries", "applies_to_areas",
                 "lead_unit_id", "updated_at"]


def published_tasks() -> QuerySet[Task]:
    """Tasks a supervisor marked public, and only those: every public page, search and endpoint starts here."""
    return Task.objects.filter(is_public=True)


def measure_search(*, q: str = "", unit: Any = None, area: str = "", industry: str = "", status: str = ""
                   ) -> QuerySet[Task]:
    """Published measures matching the visitor's filters, best matches first.

    `q` is segmented like the index (see portal.search); `industry` and `area` also match
    measures that name no industry or area (they apply to everyone).
    """
    rows = published_tasks().select_related("lead_unit")
    query = search.parse_query(q)
    if not query.empty:
        rows = rows.filter(search.query_condition(query, has_token=_has_token))
    if unit not in (None, ""):
        try:
            rows = rows.filter(lead_unit_id=int(unit))
        except (TypeError, ValueError):
            return rows.none()
    # An empty list means "applies to everyone": its entry is the bare prefix (search.token_set).
    if industry:
        rows = rows.filter(_listed(search.INDUSTRY_PREFIX, industry))
    if area:
        rows = rows.filter(_listed(search.AREA_PREFIX, area))
    if status and status in TaskStatus.values:
        rows = rows.filter(status=status)
    if not query.empty:
        rows = rows.annotate(rank=Case(When(title__contains=query.text, then=Value(0)), default=Value(1),
                                       output_field=IntegerField())).order_by("rank", "code")
    else:
        rows = rows.order_by("code")
    return rows


def search_is_ranked(q: str) -> bool:
    """Whether `measure_search(q=q)` orders by relevance: then every match is read to rank them,
    and the page's count may come with its rows (core.pagination.page_of's count_with_rows)."""
    return not search.parse_query(q).empty


def _listed(prefix: str, value: str) -> Q:
    """Lists `value`, or lists nothing (applies to everyone): one IN over both entries."""
    entries = [prefix + value.strip().lower(), prefix]
    return Q(pk__in=SearchToken.objects.filter(token__in=entries).values("measure_id"))


def _has_token(token: str) -> Q:
    """The measure's index holds `token`: an indexed equality on the token table (issue 15)."""
    return Q(pk__in=SearchToken.objects.filter(token=token).values("measure_id"))


def measure_detail(*, pk: int) -> Task | None:
    return published_tasks().select_related("lead_unit").prefetch_related("co_units").filter(pk=pk).first()


def portal_overview() -> dict[str, Any]:
    """Counts for the portal's home page: by status, by unit, by area, by industry (published measures only)."""
    published = published_tasks()
    by_status = {r["status"]: r["n"] for r in published.values("status").annotate(n=Count("id")).order_by()}
    units = list(
        Unit.objects.filter(led_tasks__is_public=True).annotate(n=Count("led_tasks")).order_by("-n", "name")
        .values("pk", "name", "short_name", "n")
    )
    areas: Counter[str] = Counter()
    industries: Counter[str] = Counter()
    for row in published.values("applies_to_areas", "applies_to_industries"):
        areas.update(search.list_items(row["applies_to_areas"]))
        industries.update(search.list_items(row["applies_to_industries"]))
    return {
        "total": sum(by_status.values()),
        "by_status": [(s, str(label), by_status.get(s, 0)) for s, label in TaskStatus.choices if by_status.get(s)],
        "units": units,
        "areas": areas.most_common(),
        "industries": industries.most_common(),
    }


def finder_choices() -> Mapping[str, list[str]]:
    overview = portal_overview()
    return {"areas": [a for a, _n in overview["areas"]], "industries": [i for i, _n in overview["industries"]]}


def publication_candidates(*, user: UserLike, q: str = "", public: str = "") -> QuerySet[Task]:
    """Tasks for the supervisors' publication page: those the supervisor manages (every task for
    one without an office; none for other roles)."""
    rows = tasks_managed_by(user, Task.objects.select_related("lead_unit")).order_by("code")
    for word in q.split():
        rows = rows.filter(Q(title__icontains=word) | Q(code__icontains=word))
    if public in {"1", "0"}:
        rows = rows.filter(is_public=public == "1")
    return rows


def index_row_count() -> int:
    return PublishedMeasure.objects.count()
