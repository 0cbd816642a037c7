"""The filtersets' common base: a filter form's class made once per filterset class.

django-filter builds a new form class for every filterset it instantiates: one form field per
filter and a class made from them, then the form's own copy of every field. For the battle map's
drill-down filterset (29 filters) that was 1.7 ms of every map, coverage page and drill-down
list, and 0.8 ms of every ledger page (12 filters); with the class made once, 1.1 and 0.5 ms
(docs/performance.md). A form instance still copies the class's fields, so nothing one request's
form holds reaches another's.

A filter whose field depends on the request (a callable queryset, given the request) cannot share
a class: such a filterset builds its form class every time, as django-filter does.
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django import forms

from luoshi.core.bounds import ID_MAX


class IdFilter(django_filters.NumberFilter):
    """A row's id in a query string (`?parent=`, `?task_force=`): a whole number a key can hold,
    else the form's own error. A plain NumberFilter let 19 digits through to the database, which
    SQLite refuses to bind (a 500), and "3.5" through as 3."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class FilterSet(django_filters.FilterSet):
    """A django-filter FilterSet whose form class is made once per class (see the module)."""

    _form_classes: ClassVar[dict[type, type[forms.Form]]] = {}

    def get_form_class(self) -> Any:
        cls = type(self)
        found = FilterSet._form_classes.get(cls)
        if found is None:
            found = super().get_form_class()
            if not self._fields_depend_on_request():
                FilterSet._form_classes[cls] = found
        return found

    def _fields_depend_on_request(self) -> bool:
        return any(callable(getattr(f, "queryset", None)) for f in self.base_filters.values())
