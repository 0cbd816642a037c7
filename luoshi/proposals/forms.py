"""Forms of the proposals pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.forms import ModelMultipleChoiceField
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person, Unit
from luoshi.proposals.choices import (
    Body,
    Classification,
    ContactStage,
    ContactWay,
    ProposerKind,
    Satisfaction,
)
from luoshi.proposals.models import Session
from luoshi.reports.files import ALLOWED_LABEL

DATE = forms.DateInput(attrs={"type": "date"})


class ProposalForm(forms.Form):
    session = forms.ModelChoiceField(label=_("会议"), queryset=Session.objects.all())
    number = forms.IntegerField(label=_("编号"), min_value=1)
    title = forms.CharField(label=_("标题"), max_length=300)
    content = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    lead_name = forms.CharField(label=_("领衔人"), max_length=100)
    lead_kind = forms.ChoiceField(label=_("身份"), choices=ProposerKind.choices)
    lead_group = forms.CharField(label=_("代表团/界别"), max_length=100, required=False)
    co_signers = forms.CharField(label=_("附议人"), required=False, help_text=_("多人用顿号或逗号分隔"))
    category = forms.CharField(label=_("内容分类"), max_length=100, required=False)
    is_key = forms.BooleanField(label=_("重点建议/提案"), required=False)
    leading_leader = forms.ModelChoiceField(label=_("领办领导"), required=False,
                                            queryset=Person.objects.filter(role=Role.LEADER))


class SessionForm(forms.Form):
    body = forms.ChoiceField(label=_("机关"), choices=Body.choices)
    name = forms.CharField(label=_("会议名称"), max_length=200)
    opened_on = forms.DateField(label=_("开幕日期"), widget=DATE)
    year = forms.IntegerField(label=_("办理年度"), required=False, min_value=2000, max_value=2100)


class AssignForm(forms.Form):
    hosts = ModelMultipleChoiceField(label=_("主办单位"), queryset=Unit.objects.all(),
                                     help_text=_("选择多个即为分办"))
    co_units = ModelMultipleChoiceField(label=_("会办单位"), queryset=Unit.objects.all(), required=False)


class ContactForm(forms.Form):
    stage = forms.ChoiceField(label=_("沟通阶段"), choices=ContactStage.choices)
    contacted_on = forms.DateField(label=_("沟通日期"), widget=DATE)
    way = forms.ChoiceField(label=_("沟通方式"), choices=ContactWay.choices)
    summary = forms.CharField(label=_("沟通情况"), widget=forms.Textarea(attrs={"rows": 3}))


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("会办意见"), widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    """The classification is a plain field so that a missing one reaches the service, which
    refuses it with its own message."""

    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 8}))
    classification = forms.ChoiceField(label=_("答复类别"), choices=[("", "—"), *Classification.choices],
                                       required=False)
    commitments = forms.CharField(label=_("承诺事项(B 类)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("每行一项;可在行末写完成时限,如:建设 3 处社区食堂 2024-12-31"))
    file = forms.FileField(label=_("盖章答复函"), required=False, help_text=_("接受 %(types)s") % {"types": ALLOWED_LABEL})


class ReassignForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))
    suggested_unit = forms.CharField(label=_("建议承办单位"), max_length=200, required=False)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("refuse", _("不同意"))])
    new_host = forms.ModelChoiceField(label=_("新的主办单位"), queryset=Unit.objects.all(), required=False)
    note = forms.CharField(label=_("审批意见"), required=False, max_length=500)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("采纳")), ("return", _("退回"))])
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_public = forms.BooleanField(label=_("答复全文公开"), required=False)


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("评价"), choices=Satisfaction.choices)
    received_on = forms.DateField(label=_("收到日期"), widget=DATE)
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    session = forms.ModelChoiceField(label=_("会议"), queryset=Session.objects.all())
    file = forms.FileField(label=_("交办清单(.xlsx)"))
