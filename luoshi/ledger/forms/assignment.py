"""Forms of assignment, of many tasks at once or one task."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.forms import ModelMultipleChoiceField
from luoshi.ledger.choices import ReportFrequency
from luoshi.ledger.models import Person, Unit


class BulkAssignForm(forms.Form):
    """Assignment for the checked tasks: an empty field is left as it is on each task."""

    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all(), required=False)
    co_units = ModelMultipleChoiceField(label=_("配合单位"), queryset=Unit.objects.all(), required=False,
                                        widget=forms.SelectMultiple(attrs={"size": 5}))
    add_co_units = forms.BooleanField(label=_("追加(不替换原配合单位)"), required=False, initial=True)
    responsible_person = forms.ModelChoiceField(label=_("责任人"), queryset=Person.objects.select_related("unit"),
                                                required=False)
    report_frequency = forms.ChoiceField(label=_("填报周期"), choices=[("", "—"), *ReportFrequency.choices],
                                         required=False)


class TaskAssignForm(forms.Form):
    """Assignment of one task, as it should become (empty clears); `version` is the one read."""

    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.all(), required=False)
    co_units = ModelMultipleChoiceField(label=_("配合单位"), queryset=Unit.objects.all(), required=False,
                                        widget=forms.SelectMultiple(attrs={"size": 6}))
    responsible_person = forms.ModelChoiceField(label=_("责任人"), queryset=Person.objects.select_related("unit"),
                                                required=False)
    report_frequency = forms.ChoiceField(label=_("填报周期"), choices=ReportFrequency.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
