"""Page-number pagination with a total count, the shape offices' platforms expect."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Schema

T = TypeVar("T")

MAX_PAGE_SIZE = 500


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    results: list[T]


def paginate(queryset: QuerySet[Any], page: int, page_size: int) -> dict[str, Any]:
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    paginator = Paginator(queryset, page_size)
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "page_size": page_size, "results": list(current)}
