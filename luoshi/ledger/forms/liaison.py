"""Form of a liaison record."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.ledger.models import LiaisonChannel, LiaisonStatus, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LiaisonForm(forms.Form):
    department = forms.CharField(label=_("对接部门"), max_length=200)
    department_unit = forms.ModelChoiceField(label=_("对接部门(单位库)"), queryset=Unit.objects.all(), required=False)
    channel = forms.ChoiceField(label=_("对接方式"), choices=LiaisonChannel.choices)
    request = forms.CharField(label=_("对接事项"), widget=forms.Textarea(attrs={"rows": 3}))
    asked_on = forms.DateField(label=_("对接日期"), widget=DATE)
    contact = forms.CharField(label=_("对方联系人"), max_length=100, required=False)
    answer = forms.CharField(label=_("答复情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label=_("答复日期"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("状态"), choices=LiaisonStatus.choices)
    follow_up_on = forms.DateField(label=_("下次跟进日期"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = ("department", "department_unit", "channel", "request", "asked_on", "contact", "answer", "answered_on",
              "status", "follow_up_on")
