"""Form fields the apps share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from luoshi.core.bounds import id_or_none


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with each value checked as an id (core.bounds.id_or_none) before the database
    reads it: SQLite cannot bind a 19-digit number, and a form that posted one (a co-unit, a
    member) answered 500 instead of saying the choice is not valid."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                if pk not in self.empty_values and id_or_none(pk) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": pk})
        return super().clean(value)
