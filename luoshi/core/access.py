"""Finding one object a user may see: the shape every app's `*_get_visible` follows.

An app narrows a queryset to what the user may see (its `*_visible_to` function); this picks
one row out of it or raises `NotFound` with the app's message. A page answers NotFound with
404 and the API with its error format, so an object the user may not see looks exactly like
one that does not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from luoshi.core.errors import NotFound

M = TypeVar("M", bound=Model)


def get_visible(queryset: QuerySet[M], pk: Any, not_found: Any) -> M:
    """The row `pk` of `queryset` (already narrowed to the user's view), or NotFound(not_found)."""
    try:
        # Unordered: one row by its key needs no order, and ordering a query costs Django a hash
        # of every column it selects (about 1 ms of the task page's read of the task and its five
        # related rows).
        found = next(iter(queryset.filter(pk=pk).order_by()[:1]), None)
    except (TypeError, ValueError):  # a pk of the wrong shape names nothing
        found = None
    if found is None:
        raise NotFound(not_found)
    return found
