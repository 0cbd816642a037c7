"""Forms of the indicator pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.indicators.choices import TargetComparator
from luoshi.indicators.models import Indicator


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "aliases", "definition", "unit", "direction", "expression", "frequency", "cumulative",
                  "responsible_unit", "is_active"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3}), "definition": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        """Name clashes (including aliases) are checked by the service with a clearer message."""


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=1900, max_value=2999)
    comparator = forms.ChoiceField(label=_("比较方式"), choices=TargetComparator.choices)
    value = forms.DecimalField(label=_("目标值"), required=False, max_digits=20, decimal_places=4)
    tolerance = forms.DecimalField(label=_("容差"), required=False, min_value=0, max_digits=10, decimal_places=4,
                                   help_text=_("留空使用默认容差"))
    baseline = forms.DecimalField(label=_("上年实际值"), required=False, max_digits=20, decimal_places=4,
                                  help_text=_("留空则取上年12月(年末)实际值"))
    reference_indicator = forms.ModelChoiceField(label=_("参照指标"), queryset=Indicator.objects.all(), required=False)
    statement = forms.CharField(label=_("原文表述"), max_length=300, required=False)


class ObservationForm(forms.Form):
    period = forms.CharField(label=_("统计期"), max_length=20, help_text=_("如 2024-03、2024年1-3月、2024Q1"))
    value = forms.DecimalField(label=_("实际值"), max_digits=24, decimal_places=8)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False, help_text=_("留空为指标单位"))
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class TaskLinkForm(forms.Form):
    task = forms.CharField(label=_("任务编号"), max_length=40)
