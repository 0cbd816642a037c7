"""The <select> written in Python is the markup Django's own templates give, escaping included."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy

from luoshi.core import formrenderer
from luoshi.core.formrenderer import QuickSelectRenderer, RememberedSelect

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


UNITS = [("", "全部"), ("1", "甲单位"), ("2", HOSTILE)]


class Remembered(forms.Form):
    unit = forms.ChoiceField(choices=UNITS, required=False, widget=RememberedSelect)


class Drawing(QuickSelectRenderer):
    drawn = 0

    def render(self, template_name: str, context: dict[str, object], request: object = None) -> str:
        Drawing.drawn += 1
        return super().render(template_name, context, request=request)


@pytest.mark.parametrize("data", [None, {"unit": "2"}, {"unit": HOSTILE}])
def test_a_remembered_select_draws_what_djangos_templates_draw(data: dict[str, object] | None) -> None:
    remembered = str(Remembered(data=data, renderer=QuickSelectRenderer())["unit"])
    again = str(Remembered(data=data, renderer=QuickSelectRenderer())["unit"])

    class Plain(forms.Form):
        unit = forms.ChoiceField(choices=UNITS, required=False)

    assert remembered == again == str(Plain(data=data, renderer=DjangoTemplates())["unit"])
    assert "<script>" not in remembered


def test_a_remembered_select_draws_again_only_when_its_options_value_or_language_change() -> None:
    formrenderer._remembered.clear()
    Drawing.drawn = 0
    str(Remembered(renderer=Drawing())["unit"])
    str(Remembered(renderer=Drawing())["unit"])
    assert Drawing.drawn == 1  # the second form's select was kept
    str(Remembered(data={"unit": "1"}, renderer=Drawing())["unit"])
    assert Drawing.drawn == 2  # another choice

    renamed = Remembered(renderer=Drawing())
    field = renamed.fields["unit"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [("", "全部"), ("1", "甲单位(更名)"), ("2", HOSTILE)]
    assert "甲单位(更名)" in str(renamed["unit"]) and Drawing.drawn == 3

    class Translated(forms.Form):
        unit = forms.ChoiceField(choices=[("", gettext_lazy("全部单位")), ("1", "甲")], required=False,
                                 widget=RememberedSelect)

    with translation.override("zh-hans"):
        chinese = str(Translated(renderer=Drawing())["unit"])
    with translation.override("en"):
        english = str(Translated(renderer=Drawing())["unit"])
    assert "全部单位" in chinese and "All units" in english


def test_grouped_options_are_drawn_each_time() -> None:
    class Grouped(forms.Form):
        field = forms.ChoiceField(choices=[("一组", [("x", "X")]), ("z", "Z")], widget=RememberedSelect)

    Drawing.drawn = 0
    first, second = str(Grouped(renderer=Drawing())["field"]), str(Grouped(renderer=Drawing())["field"])
    assert first == second and Drawing.drawn == 2 and "<optgroup" in first
