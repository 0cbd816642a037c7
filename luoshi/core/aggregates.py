"""One row of aggregates over a queryset, without the cost Django's `.aggregate()` adds for many.

`QuerySet.aggregate()` lets each aggregate refer to the ones before it: for every aggregate it walks
the expression tree of each filter looking it up in a dict of the earlier ones, and a lookup
hashes the whole tree. With a dozen counts, each filtered by a condition over parent and
grandparent (the coverage page's announced parts), that hashing was about 30 ms of Python per
request. Asking for the same counts as an annotation of a constant gives the same single row
(a constant is not grouped by, so the SQL is the same aggregate without GROUP BY) and compiles
each expression once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, QuerySet, Value


def aggregate_row(queryset: QuerySet[Any], **aggregates: Aggregate) -> dict[str, Any]:
    """The values of `aggregates` over `queryset`, as `queryset.aggregate(**aggregates)` gives them
    (independent aggregates only: none may refer to another by name)."""
    row = (queryset.order_by().values(_whole=Value(1)).annotate(**aggregates)
           .values(*aggregates))[:1]
    found = list(row)
    if found:
        return found[0]
    # Some databases return no row for an aggregate over nothing when a constant is selected.
    return queryset.none().aggregate(**aggregates)
