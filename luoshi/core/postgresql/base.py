"""Django's PostgreSQL backend with one change: with server-side binding, a bulk statement is cut
into batches of at most 65,535 parameters.

Bound by the client (Django's default), the values are spliced into the statement's text and any
number fits. Bound by the server, which prepared statements need, PostgreSQL's protocol counts
the parameters in 16 bits and refuses a statement with more: "number of parameters must be
between 0 and 65535". Django already batches for SQLite and Oracle, which have such a limit, by
`features.max_query_params` and `ops.bulk_batch_size`; they are set here the same way, so every
`bulk_create`, `bulk_update` and cascading delete (django-simple-history's bulk history included)
is batched without each call naming a size. Django inserts many plain rows as one array per column
(UNNEST), which stays far below the limit; an update of many rows binds each row's values
(`bulk_update`), and 8,000 units with four fields changed were past it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

from django.db import models
from django.db.backends.postgresql import base, features, operations
from django.utils.functional import cached_property

# PostgreSQL's wire protocol counts a statement's parameters in an unsigned 16-bit integer.
PROTOCOL_PARAMETER_LIMIT = 65_535


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int | None:  # type: ignore[override]
        bound_by_server = self.connection.settings_dict["OPTIONS"].get("server_side_binding") is True
        return PROTOCOL_PARAMETER_LIMIT if bound_by_server else None


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields: Iterable[Any], objs: Sequence[Any]) -> int:
        limit = self.connection.features.max_query_params
        columns = list(chain.from_iterable(
            field.fields if isinstance(field, models.CompositePrimaryKey) else [field] for field in fields))
        if limit is None or not columns:
            return len(objs)
        # Halved: `bulk_update` names its fields plus two, but binds two parameters per field of a
        # row (the row's key and value in each field's CASE) and its key once more, 2n+1 in all.
        return max(1, limit // (2 * len(columns)))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations
