"""The <select> written in Python is the markup Django's own templates give, escaping included."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from luoshi.core.formrenderer import QuickSelectRenderer

HOSTILE = '"><script>alert(1)</script>&'


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "甲"), ("b&c", HOSTILE), (3, "三")])
    grouped = forms.ChoiceField(choices=[("一组", [("x", "X"), ("y", "Y")]), ("z", "Z"), ("二组", [("w", HOSTILE)])])
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二"), ("3", "三")], required=False)
    flagged = forms.ChoiceField(choices=[("on", "开")], widget=forms.Select(attrs={
        "class": "wide", "data-x": HOSTILE, "disabled": True, "hidden": False, "data-none": None}))


@pytest.mark.parametrize("data", [
    {},
    {"plain": "b&c", "grouped": "w", "many": ["1", "3"], "flagged": "on"},
    {"plain": HOSTILE, "grouped": "nope", "many": ["9"]},
])
def test_every_select_renders_as_djangos_templates_do(data: dict[str, object]) -> None:
    quick = Sample(data=data or None, renderer=QuickSelectRenderer())
    templates = Sample(data=data or None, renderer=DjangoTemplates())
    for name in Sample.base_fields:
        assert str(quick[name]) == str(templates[name]), name
    assert "<script>" not in str(quick["plain"])


def test_a_select_whose_options_use_another_template_goes_through_the_templates() -> None:
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class CustomForm(forms.Form):
        field = forms.ChoiceField(choices=[("a", "甲")], widget=Custom)

    assert str(CustomForm(renderer=QuickSelectRenderer())["field"]) == str(CustomForm(renderer=DjangoTemplates())["field"])


def test_the_installation_renders_forms_with_it() -> None:
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), QuickSelectRenderer)
