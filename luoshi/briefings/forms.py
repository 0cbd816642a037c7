"""Forms of the briefings pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.briefings import rules, sources
from luoshi.briefings.choices import BriefingStatus
from luoshi.ledger.choices import TaskLevel
from luoshi.ledger.models import Unit


class BriefingGenerateForm(forms.Form):
    period = forms.CharField(label=_("期别"), max_length=16, help_text=_("如 2024-09、2024-Q3 或 2024"))
    level = forms.ChoiceField(label=_("层级"), choices=[("", _("全部"))] + list(TaskLevel.choices), required=False)
    # Named as the drill-down filterset's office filter, so that the battle map's links carry it over.
    office = forms.ModelChoiceField(label=_("所属机构"), queryset=Unit.objects.filter(is_office=True),
                                    required=False, empty_label=_("全部机构"))
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.all(), required=False,
                                  empty_label=_("全部单位"))
    task_force = forms.TypedChoiceField(label=_("工作专班"), coerce=int, required=False, empty_value=None)
    title = forms.CharField(label=_("标题(可选)"), max_length=200, required=False)

    def __init__(self, *args: object, user: Any = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = sources.task_force_choices(user)
        if choices:
            field = self.fields["task_force"]
            assert isinstance(field, forms.ChoiceField)  # declared above
            field.choices = [("", _("全部专班")), *choices]
        else:
            del self.fields["task_force"]

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        try:
            rules.period_bounds(period)
        except ValueError as exc:
            raise forms.ValidationError(_("期别格式不正确,应为 2024-09、2024-Q3 或 2024。")) from exc
        return period

    def scope(self) -> dict[str, object]:
        data = self.cleaned_data
        scope: dict[str, object] = {}
        if data.get("level"):
            scope["level"] = data["level"]
        if data.get("office"):
            scope["office"] = data["office"].pk
        if data.get("unit"):
            scope["unit"] = data["unit"].pk
        if data.get("task_force"):
            scope["task_force"] = data["task_force"]
        return scope


class BriefingEditForm(forms.Form):
    """Title and version; sections come as parallel lists heading_N / body_N (see the view)."""

    title = forms.CharField(label=_("标题"), max_length=200)
    status = forms.ChoiceField(label=_("状态"), choices=BriefingStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DashboardFilterForm(forms.Form):
    """The battle map's own filters; their names are the drill-down filterset's, so links carry them over."""

    period = forms.CharField(label=_("期别"), required=False,
                             widget=forms.DateInput(attrs={"type": "month", "placeholder": "2024-09"}))
    level = forms.ChoiceField(label=_("层级"), choices=[("", _("全部"))] + list(TaskLevel.choices), required=False)
    # Named as the drill-down filterset's office filter, so that the battle map's links carry it over.
    office = forms.ModelChoiceField(label=_("所属机构"), queryset=Unit.objects.filter(is_office=True),
                                    required=False, empty_label=_("全部机构"))
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.all(), required=False,
                                  empty_label=_("全部单位"))
    task_force = forms.TypedChoiceField(label=_("工作专班"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: object, user: Any = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = sources.task_force_choices(user)
        if choices:
            field = self.fields["task_force"]
            assert isinstance(field, forms.ChoiceField)  # declared above
            field.choices = [("", _("全部专班")), *choices]
        else:
            del self.fields["task_force"]
