"""`{% fields_drawn form %}`: a filter bar's fields, kept as drawn where the form allows it
(core.formrenderer.fields_drawn)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from luoshi.core import formrenderer

register = template.Library()


@register.simple_tag
def fields_drawn(form: forms.Form) -> SafeString:
    return formrenderer.fields_drawn(form)
