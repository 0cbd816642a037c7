"""Forms of the portal: the visitor's search, and the supervisors' publication form."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.filtersets import UnitChoiceField
from luoshi.ledger.models import Task, Unit


class MeasureSearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("如:海河、人才、港口"), "type": "search"}))
    # Units leading at least one published measure: an EXISTS probe per unit on the lead-unit
    # index, not a join over every published task made DISTINCT (issue 15: 100,000 measures).
    # Its options are read as rows, not built as units (ledger.filtersets.UnitChoiceIterator).
    unit = UnitChoiceField(
        label=_("责任单位"), required=False, empty_label=_("全部单位"),
        queryset=Unit.objects.filter(Exists(Task.objects.filter(lead_unit=OuterRef("pk"), is_public=True))))
    area = forms.CharField(label=_("所在区域"), required=False, max_length=50)
    industry = forms.CharField(label=_("所属行业"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("进展状态"), choices=[("", _("全部"))] + list(TaskStatus.choices),
                               required=False)


class PublicationForm(forms.Form):
    is_public = forms.BooleanField(label=_("向公众公开"), required=False)
    public_explanation = forms.CharField(
        label=_("政策解读"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("用通俗的语言说明这项举措是什么、谁能受益、怎样办理。"))
    applies_to_industries = forms.CharField(label=_("适用行业"), required=False, max_length=300,
                                            help_text=_("多个行业用顿号或逗号分隔;不填表示不限行业"))
    applies_to_areas = forms.CharField(label=_("适用区域"), required=False, max_length=300,
                                       help_text=_("多个区域用顿号或逗号分隔;不填表示不限区域"))
    version = forms.IntegerField(widget=forms.HiddenInput)
