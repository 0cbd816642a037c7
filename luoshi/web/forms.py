"""Forms of the account pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.api.models import TokenScope

EXPIRY_DAYS = [(30, _("30 天")), (90, _("90 天")), (180, _("180 天")), (365, _("一年"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100, help_text=_("如:省督查平台数据同步"))
    scope = forms.ChoiceField(label=_("权限"), choices=TokenScope.choices, initial=TokenScope.READ)
    days = forms.TypedChoiceField(label=_("有效期"), choices=EXPIRY_DAYS, coerce=int, initial=90)
