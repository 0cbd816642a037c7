"""The sample set: every state of handling has something to show, marked as sample data, once."""

from __future__ import annotations

import pytest

from luoshi.proposals.choices import ProposalStatus, ReassignStatus, ReplyStatus
from luoshi.proposals.models import Commitment, Proposal, ReassignRequest, Reply, Session
from luoshi.proposals.selectors import public_replies
from luoshi.web.demo.loader import demo_accounts_load, demo_units_load
from luoshi.web.demo.proposals import proposals_demo_load

pytestmark = pytest.mark.django_db


def test_the_sample_set_covers_every_screen_and_loads_once() -> None:
    demo_units_load()
    demo_accounts_load()
    created = proposals_demo_load()
    assert created == 8
    assert Session.objects.filter(name="滨海新区第四届人民代表大会第四次会议", opened_on="2024-01-10").exists()
    assert all(p.is_demo and "示例数据" in p.title for p in Proposal.objects.all())
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {ProposalStatus.REGISTERED, ProposalStatus.ASSIGNED, ProposalStatus.CLOSED,
            ProposalStatus.REOPENED} <= statuses
    assert Reply.objects.filter(status=ReplyStatus.SUBMITTED).exists()
    commitment = Commitment.objects.get()
    assert commitment.task is not None and commitment.task.lead_unit is not None
    assert commitment.task.lead_unit.short_name == "区生态环境局"
    assert ReassignRequest.objects.filter(status=ReassignStatus.PENDING).exists()
    assert public_replies(text="人才公寓").count() == 1
    assert proposals_demo_load() == 0 and Proposal.objects.count() == 8
