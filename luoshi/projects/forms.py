"""Forms of the project pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.projects.choices import MilestoneKind
from luoshi.projects.models import KeyProject, ProjectBatch


class ProjectForm(forms.ModelForm):
    class Meta:
        model = KeyProject
        fields = ["year", "code", "name", "pipeline", "programme", "lead_unit", "location", "industry",
                  "description", "total_investment", "planned_investment", "batch"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self) -> None:
        """The code-per-year rule is checked by the service with a clearer message."""


class BatchForm(forms.ModelForm):
    class Meta:
        model = ProjectBatch
        fields = ["name", "pipeline", "year", "programme", "promised_count", "promised_investment", "statement"]


class InvestmentForm(forms.Form):
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    amount = forms.DecimalField(label=_("当月完成投资"), min_value=0, max_digits=20, decimal_places=6)
    unit = forms.ChoiceField(label=_("单位"), choices=[("万元", "万元"), ("亿元", "亿元"), ("元", "元")],
                             initial="万元")


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("节点"), choices=MilestoneKind.choices)
    planned_date = forms.DateField(label=_("计划日期"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    actual_date = forms.DateField(label=_("实际日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
