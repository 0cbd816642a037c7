"""Pages of long lists whose cost does not grow with the list (issue 15, point 2).

Two costs grow with a province's 100,000 tasks when a list is paged the usual way: the full
`COUNT(*)` behind "共 N 项 / 第 3 / 4,000 页" on every page, and `OFFSET`, which reads and throws
away every row before the page asked for. Here:

- the count stops at `COUNT_CAP` (10,000): `SELECT COUNT(*) FROM (… LIMIT 10001)`, shown as
  "10,000+" beyond;
- a page reached by number uses OFFSET only within the cap (at most 10,000 rows skipped); a
  deeper page is reached by a cursor, and every next/previous link is a cursor: keyset
  pagination, `WHERE (key) > (last key seen) ORDER BY key LIMIT n`, which an index answers in
  the same time on page 1 and page 4,000.

A cursor is opaque to clients: the direction and the key values of the row at the page's edge,
JSON in URL-safe base64. The key is a list of the model's own fields (`"-submitted_at", "-id"`)
whose last member makes it unique; for tasks it is the unique `code`.

A third cost grows with the share of the table a list holds. A list limited to rows "among" a
set (`id IN (those an office sees)`, `among`) is read by PostgreSQL as a join, whose output has
no order: it reads every member, sorts them and keeps a page. For a list holding a large share
of its table it is cheaper to walk the key's index and check each row against the set as it is
read, until the page is full (a condition inside an OR, never made a join): about size ×
table / count rows read instead of count. The count, made first, says which (`walk_pays`);
`page_of`'s `walk` is the list written the second way.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import Count, F, Model, Q, QuerySet, Window
from django.db.models.lookups import In
from django.db.models.sql import Query
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError

COUNT_CAP = 10_000

MSG_BAD_CURSOR = _("翻页参数 cursor 无效,请从第一页重新翻页。")
MSG_TOO_DEEP = _("页码过深:按页码最多翻到前 %(cap)s 条,更后面的请用上一页返回的 next_cursor 继续翻页。")

M = TypeVar("M", bound=Model)


@dataclass
class ListPage(Generic[M]):
    """One page of a list: its rows, a count capped at COUNT_CAP, and cursors to its neighbours.

    `number` is the page's position when known (a label carried along by the links);
    `count_capped` is True when the list holds more than `count` rows.
    """

    rows: list[M]
    number: int
    size: int
    count: int
    count_capped: bool
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str | None = None
    previous_cursor: str | None = None
    keyed: bool = field(default=False, repr=False)

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return max(1, self.number - 1)

    # The names of Django's Page, so that templates written for it keep working.
    next_page_number = next_number
    previous_page_number = previous_number

    @property
    def num_pages(self) -> int | None:
        """Pages in all, or None when the count is capped (the list is longer than we counted)."""
        return None if self.count_capped else max(1, math.ceil(self.count / self.size))

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.count_capped else f"{self.count:,}"

    def __iter__(self):  # type: ignore[no-untyped-def]  # templates loop over the page itself
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows, counting at most cap + 1 of them: (count, True) when there are more than
    `cap`, in which case count is `cap`. `queryset` may also be a UNION of keys (see `page_of`'s
    `counted`), counted as it is (`_union_capped_count`)."""
    if queryset.query.combinator == "union" and not queryset.query.combinator_all:
        counted = _union_capped_count(queryset, cap)
    elif queryset.query.combinator:
        counted = queryset[: cap + 1].count()
    else:
        # The key alone: an annotation of the list (the search's rank) need not be computed to count.
        counted = queryset.order_by().values("pk")[: cap + 1].count()
    return (cap, True) if counted > cap else (counted, False)


def _holds_each_key_once(query: Query) -> bool:
    """Whether a part of a UNION selects its own table's key and joins no other table: then it
    holds each value once, and the union holds at least as many."""
    joined = [alias for alias, refs in query.alias_refcount.items() if refs]
    pk = query.model._meta.pk if query.model is not None else None
    return (len(joined) == 1 and not query.distinct and pk is not None
            and [getattr(col, "target", None) for col in query.select] == [pk])


def _union_capped_count(queryset: QuerySet[Any], cap: int) -> int:
    """A capped count of a UNION of keys, at most cap + 1.

    PostgreSQL reads every member of every part to make a UNION, whatever the LIMIT (its hash
    emits nothing before it has read them all): 20,000 + 20,000 + 14,000 keys and 13 ms for the
    national office's ledger (31,815 tasks). When the first part holds each key once (a table's own keys, no
    join), its own capped count, one index scan stopping at cap + 1, is a lower bound: past the
    cap it answers alone, and the union is counted only when it does not. One query: the second
    count sits in a CASE that is only evaluated when needed."""
    first = queryset.query.combined_queries[0]
    if not _holds_each_key_once(first):
        return int(queryset[: cap + 1].count())
    connection = connections[queryset.db]
    bound: QuerySet[Any] = QuerySet(model=first.model, query=first.clone())[: cap + 1]
    try:
        bound_sql, bound_params = bound.query.get_compiler(queryset.db).as_sql()
        union_sql, union_params = queryset[: cap + 1].query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a part empty by its condition (`IN ()`): Django counts that union itself
        return int(queryset[: cap + 1].count())
    sql = (f"SELECT CASE WHEN (SELECT COUNT(*) FROM ({bound_sql}) bound) > %s THEN %s "
           f"ELSE (SELECT COUNT(*) FROM ({union_sql}) counted) END")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bound_params, cap, cap + 1, *union_params])
        row = cursor.fetchone()
    return int(row[0])


def among(parts: Sequence[QuerySet[Any]]) -> Q:
    """Rows whose key is among the values of `parts` (each a one-column queryset): one
    uncorrelated `pk IN (part UNION part …)`, each part an index scan, computed once per query.

    PostgreSQL joins the rows to the set (a semi-join): the right reading when the set is small,
    or when every member is read anyway (a count, a sum). For a page of a list ordered by an index
    when the set holds a large share of the table (`walk_pays`), the same rows are better written
    as a check of each row as it is read: an `IN` inside an OR, which PostgreSQL never makes a
    join (ledger.offices.TaskParts writes the tasks' sets so).
    """
    return Q(pk__in=union_of(parts))


def union_of(parts: Sequence[QuerySet[Any]]) -> QuerySet[Any]:
    """The values of `parts` (each a one-column queryset), each once: `part UNION part …`."""
    first, *rest = parts
    return first.union(*rest)


class _KeyAmong(In):
    """`key IN (part)`, on PostgreSQL `key = ANY(ARRAY(part))` (see `key_among`)."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)  # "(SELECT …)": ARRAY's parentheses
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


def key_among(part: QuerySet[Any]) -> Q:
    """Rows whose key is among the values of `part` (a one-column queryset), written to sit in an
    OR beside conditions on the rows' own indexed columns, for reading every row of a set.

    PostgreSQL reads `key IN (subquery)` inside an OR as a check of every row of the table (it
    never turns a condition inside an OR into a join). Gathered into an array first
    (`key = ANY(ARRAY(part))`), the part is one more index scan in a bitmap the OR's other arms
    join, and the table's pages are read once each, in their order. Not for a check made once per
    row of another query (a correlated subquery): there the array is searched from its start
    every time.
    """
    return Q(_KeyAmong(F("pk"), part))


class _ValuesAmong(In):
    """`column IN (v1, v2, …)`, on PostgreSQL `column = ANY(%s)` with the values as one array
    parameter (see `values_among`)."""

    def get_prep_lookup(self) -> Any:
        return [int(value) for value in self.rhs]  # integers, not each through its field

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # A foreign key's type is its target's ("bigint").
        return f"{lhs} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", [*lhs_params, self.rhs]


def values_among(column: str, values: Sequence[int]) -> Q:
    """Rows whose integer `column` (a key, or a key of another table) holds one of `values`: a
    list of some hundreds read by an earlier query (the coverage tree's tasks of one level,
    whose children the next query reads). Written `IN (%s, %s, …)`, each value was a parameter
    Django prepared and psycopg spliced into the statement one by one, about 2 ms of a coverage
    page's 20 for 1,100 ids; on PostgreSQL the list is sent as one array parameter
    (`column = ANY(%s::bigint[])`), which the index answers the same way."""
    return Q(_ValuesAmong(F(column), list(values)))


def table_rows(model: type[Model], using: str = "default") -> int:
    """About how many rows `model`'s table holds: PostgreSQL's own estimate (kept current by
    autovacuum and ANALYZE), else a count (a table never analysed, or last analysed empty, or
    SQLite)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
            found = cursor.fetchone()
        if found is not None and found[0] > 0:
            return int(found[0])
    return model._default_manager.using(using).order_by().count()


# Rows the walk may read for each row a join would read, and still be the cheaper: at 100,000
# tasks the walk was as fast as the join for 750 rows of the table, faster from 400 when the
# join chose to read the whole table, and 2 to 16 times faster from 1,700 (docs/performance.md,
# "A large share of the table").
WALK_FACTOR = 0.5
# Below this many rows a list is never walked (and the table is not asked its size).
WALK_MIN = 500


# How long a process keeps a table's size for `walk_pays`: the size drifts slowly, and it only
# decides how a page is read, never what the page holds; asked on every page it was a query more
# on every list long enough to ask (a reporter's ledger, 2 → 3).
TABLE_ROWS_SECONDS = 300.0
_sizes: dict[tuple[str, str], tuple[float, int]] = {}


def _table_rows_lately(model: type[Model], using: str) -> int:
    key = (using, model._meta.db_table)
    now = time.monotonic()
    found = _sizes.get(key)
    if found is None or found[0] <= now:
        found = _sizes[key] = (now + TABLE_ROWS_SECONDS, table_rows(model, using))
    return found[1]


def walk_pays(count: int, size: int, model: type[Model], using: str = "default", *, capped: bool = False) -> bool:
    """Whether a page of `size` rows of a list of `count` rows is cheaper read by walking the
    key's index (each row checked against the set as it is read) than by joining: the walk reads
    about size × table / count rows, the join count rows. A list longer than the count's cap
    (`capped`) is walked: the join would read all its rows, however many, where the walk reads
    fewer the more there are."""
    if capped:
        return True
    if count < WALK_MIN:
        return False
    return count * count >= WALK_FACTOR * size * _table_rows_lately(model, using)


def max_page_number(size: int, cap: int = COUNT_CAP) -> int:
    """The deepest page reachable by number (OFFSET) for pages of `size` rows."""
    return max(1, math.ceil(cap / size))


def page_number(raw: Any, size: int, cap: int = COUNT_CAP) -> int:
    """The page number a request asks for (`?page=`): 1 for anything not a number, at most the
    deepest page reachable by number."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        number = 1
    return min(max(1, number), max_page_number(size, cap))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | Decimal):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return value


def cursor_encode(direction: str, values: Sequence[Any]) -> str:
    raw = json.dumps({"d": direction, "v": [_encode(v) for v in values]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str, queryset: QuerySet[Any], key: Sequence[str]) -> tuple[str, list[Any]]:
    """(direction, key values) from a cursor; raises DomainError (MSG_BAD_CURSOR) for anything a
    client may have mangled."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        direction, raw = data["d"], data["v"]
        if direction not in {"a", "b"} or not isinstance(raw, list) or len(raw) != len(key):
            raise ValueError(cursor)
        model = queryset.model
        values = [model._meta.get_field(name.lstrip("-")).to_python(value) for name, value in zip(key, raw, strict=True)]
        if any(value is None for value in values):
            raise ValueError(cursor)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError, ValidationError, FieldDoesNotExist) as exc:
        raise DomainError(MSG_BAD_CURSOR, field="cursor", code="invalid_cursor") from exc
    return direction, values


def _beyond(key: Sequence[str], values: Sequence[Any], forward: bool, *, inclusive: bool = False) -> Q:
    """Rows strictly beyond `values` in the order `key` (forward) or strictly before it; with
    `inclusive`, the row at `values` too.

    Written as `k1 >= v1 AND (k1 > v1 OR (k1 = v1 AND k2 > v2) …)`: the leading range on the
    first column is what lets the database start the index scan at the cursor instead of at the
    beginning (the plain OR form makes PostgreSQL scan from the start and filter).
    """
    lookups = []
    for name in key:
        descending = name.startswith("-")
        ascending_step = forward != descending
        lookups.append((name.lstrip("-"), "gt" if ascending_step else "lt"))
    alternatives = Q()
    for i, (name, op) in enumerate(lookups):
        term = Q(**{f"{name}__{op}": values[i]})
        for j in range(i):
            term &= Q(**{lookups[j][0]: values[j]})
        alternatives |= term
    if inclusive:
        alternatives |= Q(**{name: values[i] for i, (name, _op) in enumerate(lookups)})
    first, first_op = lookups[0]
    return Q(**{f"{first}__{first_op}e": values[0]}) & alternatives


def _reverse(key: Sequence[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in key]


def _key_of(row: Model | dict[str, Any], key: Sequence[str]) -> list[Any]:
    """The row's values of the key's columns (a foreign key by its id, as the filter compares it);
    a row read by `values()` is a dict of them."""
    if isinstance(row, dict):
        return [row[name.lstrip("-")] for name in key]
    values = []
    for name in key:
        field = row._meta.get_field(name.lstrip("-"))
        values.append(getattr(row, getattr(field, "attname", field.name)))
    return values


def _rows_from(queryset: QuerySet[M], offset: int, limit: int, key: Sequence[str] | None) -> list[M]:
    """`limit` rows of `queryset` (ordered by `key` when given) from position `offset`.

    With a key and no filter, the page's first key is found by skipping `offset` rows of the
    key's columns alone, which the key's index answers without reading the table; the rows are
    then read from there as a cursor reads them. OFFSET over whole rows read every skipped row
    from the table: the ledger's deepest numbered page (10,000 rows skipped at 100,000 tasks)
    28 → 22 ms a request, 16 → 5 ms of it SQL. A filtered list skips whole rows as before: the
    skip would evaluate its filter a second time (measured on a district office's ledger: 3 ms
    more, not less).
    """
    if key is None or offset == 0 or queryset.query.where:
        return list(queryset[offset: offset + limit])
    columns = [name.lstrip("-") for name in key]
    first = list(queryset.prefetch_related(None).values_list(*columns)[offset: offset + 1])
    if not first:
        return []
    return list(queryset.filter(_beyond(key, first[0], True, inclusive=True))[:limit])


def page_of(queryset: QuerySet[M], *, size: int, number: int = 1, cursor: str | None = None,
            key: Sequence[str] | None = None, cap: int = COUNT_CAP, count_with_rows: bool = False,
            walk: QuerySet[M] | None = None, counted: QuerySet[Any] | None = None) -> ListPage[M]:
    """A page of `queryset` (already filtered and ordered), at most `size` rows.

    With `key` (the model's own fields that order the list uniquely) the page comes from
    `cursor` when given, else from `number`, and carries cursors to its neighbours. Without a
    key, only numbered pages within the cap exist. A number past the cap raises DomainError
    (MSG_TOO_DEEP); a mangled cursor DomainError (MSG_BAD_CURSOR).

    `count_with_rows` is for a list whose order makes the database read every matching row
    anyway (a search by relevance): the count then comes with the page's rows (`COUNT(*) OVER ()`)
    instead of from a query of its own, which read the matches a second time (issue 15: 4 of the
    public search's 10 ms of SQL). Not for a list an index gives in order: the window would read
    every row where the page reads a few.

    `walk` is the same list with its set written as a check of each row (a condition inside an
    OR, which PostgreSQL never makes a join; ledger.offices.TaskParts): its rows are read
    from it when the count says the list holds enough of its table (`walk_pays`).

    `counted` is a query of the list's keys alone, one per row, cheaper to count than the list:
    the keys of the set an unfiltered list is the rows of (`among`'s parts joined by UNION), which
    need not be joined to the table to be counted (a city office's 6,849 tasks: 14 → 3 ms).
    """
    size = max(1, size)
    number = max(1, number)
    if count_with_rows and key is None:
        return _page_counted_with_rows(queryset, size=size, number=number, cap=cap)
    count, count_capped = capped_count(queryset if counted is None else counted, cap)
    if walk is not None and key is not None and walk_pays(count, size, queryset.model, queryset.db,
                                                          capped=count_capped):
        queryset = walk
    if key is not None:
        queryset = queryset.order_by(*key)
    if cursor and key is not None:
        direction, values = cursor_decode(cursor, queryset, key)
        forward = direction == "a"
        window = queryset.filter(_beyond(key, values, forward))
        if not forward:
            window = window.order_by(*_reverse(key))
        rows = list(window[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if not forward:
            rows.reverse()
        has_next, has_previous = (more, True) if forward else (True, more)
    else:
        rows = _rows_from(queryset, _numbered_offset(number, size, cap), size + 1, key)
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = number > 1
    page: ListPage[M] = ListPage(rows=rows, number=number, size=size, count=count, count_capped=count_capped,
                                 has_next=has_next, has_previous=has_previous, keyed=key is not None)
    if key is not None and rows:
        if has_next:
            page.next_cursor = cursor_encode("a", _key_of(rows[-1], key))
        if has_previous:
            page.previous_cursor = cursor_encode("b", _key_of(rows[0], key))
    return page


_TOTAL = "luoshi_rows_total"


def _numbered_offset(number: int, size: int, cap: int) -> int:
    """Where page `number` starts; DomainError (MSG_TOO_DEEP) past the cap."""
    offset = (number - 1) * size
    if offset >= cap and offset > 0:
        raise DomainError(MSG_TOO_DEEP % {"cap": f"{cap:,}"}, field="page", code="page_too_deep")
    return offset


def _page_counted_with_rows(queryset: QuerySet[M], *, size: int, number: int, cap: int) -> ListPage[M]:
    """A numbered page whose rows carry the count of every row (see `page_of`'s count_with_rows)."""
    offset = _numbered_offset(number, size, cap)
    rows = list(queryset.annotate(**{_TOTAL: Window(Count("pk"))})[offset: offset + size + 1])
    if rows:
        first = rows[0]
        total = first[_TOTAL] if isinstance(first, dict) else getattr(first, _TOTAL)
        count, count_capped = (cap, True) if total > cap else (total, False)
    elif number == 1:
        count, count_capped = 0, False
    else:  # past the last page: the count says where it is
        count, count_capped = capped_count(queryset, cap)
    has_next = len(rows) > size
    return ListPage(rows=rows[:size], number=number, size=size, count=count, count_capped=count_capped,
                    has_next=has_next, has_previous=number > 1, keyed=False)
