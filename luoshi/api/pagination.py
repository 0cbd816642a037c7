"""Pages of API lists: page numbers within a capped count, cursors beyond (core.pagination).

Every list answers `count` (capped at 10,000; `count_capped` says when there are more), `page`,
`page_size` and `results`. Lists with a unique order (tasks, by code) also answer
`next_cursor` and `previous_cursor`: pass one back as `cursor` to get the neighbouring page,
at any depth and in the same time. Page numbers reach the first 10,000 rows; past them the
answer is 400 `page_too_deep`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

from luoshi.core.pagination import page_of

T = TypeVar("T")

MAX_PAGE_SIZE = 500


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    results: list[T]


class CursorPage(Schema):
    """The paging fields of a list with a unique order; a page schema adds its `results`."""

    count: int = Field(description="行数;超过 10,000 时为 10,000,且 count_capped 为 true")
    count_capped: bool = Field(False, description="实际行数超过 count")
    page: int
    page_size: int
    next_cursor: str | None = Field(None, description="下一页:作为 cursor 参数传回")
    previous_cursor: str | None = Field(None, description="上一页:作为 cursor 参数传回")


def paginate(queryset: QuerySet[Any], page: int, page_size: int, *, cursor: str | None = None,
             key: Sequence[str] | None = None, count_with_rows: bool = False,
             walk: QuerySet[Any] | None = None, counted: QuerySet[Any] | None = None) -> dict[str, Any]:
    """One page of `queryset` as the API answers it (core.pagination.page_of says what
    `count_with_rows`, `walk` and `counted` are for). `key` (the model's own fields ordering it uniquely)
    enables cursors; raises DomainError for a page past the cap or a bad cursor."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    current = page_of(queryset, size=page_size, number=page, cursor=cursor, key=key, count_with_rows=count_with_rows,
                      walk=walk, counted=counted)
    return {"count": current.count, "count_capped": current.count_capped, "page": current.number,
            "page_size": page_size, "results": current.rows, "next_cursor": current.next_cursor,
            "previous_cursor": current.previous_cursor}
