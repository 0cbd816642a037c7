"""proposal_assign: hosts, co-handlers, deadlines in working days."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.core.workdays import add_working_days
from luoshi.ledger.tests.factories import Personas, unit_factory
from luoshi.proposals.choices import AssignmentRole, ProposalStatus
from luoshi.proposals.models import Assignment
from luoshi.proposals.services import proposal_assign
from luoshi.proposals.tests.factories import ASSIGNED_ON, proposal_factory
from luoshi.reports.models import Notification


def test_it_assigns_hosts_and_co_units_with_deadlines(personas: Personas) -> None:
    item = proposal_assign(user=personas.supervisor, proposal=proposal_factory(), hosts=[personas.unit_a],
                           co_units=[personas.unit_b], today=ASSIGNED_ON)
    assert item.status == ProposalStatus.ASSIGNED
    assert item.reply_due == add_working_days(ASSIGNED_ON, 60)
    assert item.opinion_due == add_working_days(ASSIGNED_ON, 20)
    roles = dict(Assignment.objects.filter(proposal=item).values_list("unit_id", "role"))
    assert roles == {personas.unit_a.pk: AssignmentRole.HOST, personas.unit_b.pk: AssignmentRole.CO}
    assert Notification.objects.filter(recipient=personas.reporter_a).exists()


def test_split_handling_takes_several_hosts(personas: Personas) -> None:
    item = proposal_assign(user=personas.supervisor, proposal=proposal_factory(),
                           hosts=[personas.unit_a.pk, personas.unit_b.pk], today=ASSIGNED_ON)
    assert Assignment.objects.filter(proposal=item, role=AssignmentRole.HOST).count() == 2


def test_deadlines_follow_the_setting_per_kind(personas: Personas, settings: object) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "PROPOSAL_REPLY_WORKDAYS": {"suggestion": 10, "proposal": 60}}  # type: ignore[attr-defined]
    item = proposal_assign(user=personas.supervisor, proposal=proposal_factory(), hosts=[personas.unit_a],
                           today=date(2024, 9, 27))
    # 2024-09-27 (Fri) + 10 working days crosses National Day (10-01..07 off, 09-29 and 10-12 make-up days)
    assert item.reply_due == add_working_days(date(2024, 9, 27), 10)
    assert item.reply_due > date(2024, 10, 10)


def test_an_unknown_host_unit_is_refused_and_nothing_written(personas: Personas) -> None:
    item = proposal_factory()
    with pytest.raises(DomainError) as caught:
        proposal_assign(user=personas.supervisor, proposal=item, hosts=[personas.unit_a.pk, 999999],
                        today=ASSIGNED_ON)
    assert caught.value.code == "unit_not_found" and "999999" in str(caught.value.message)
    item.refresh_from_db()
    assert item.status == ProposalStatus.REGISTERED and item.reply_due is None
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(("hosts", "co", "code"), [([], [], "host_required"), (["a"], ["a"], "host_and_co")])
def test_it_refuses_bad_unit_sets(personas: Personas, hosts: list[str], co: list[str], code: str) -> None:
    units = {"a": personas.unit_a}
    with pytest.raises(DomainError) as caught:
        proposal_assign(user=personas.supervisor, proposal=proposal_factory(), hosts=[units[h] for h in hosts],
                        co_units=[units[c] for c in co], today=ASSIGNED_ON)
    assert caught.value.code == code
    assert not Assignment.objects.exists()


def test_an_assigned_item_is_not_assigned_again(personas: Personas) -> None:
    item = proposal_assign(user=personas.supervisor, proposal=proposal_factory(), hosts=[personas.unit_a],
                           today=ASSIGNED_ON)
    with pytest.raises(DomainError) as caught:
        proposal_assign(user=personas.supervisor, proposal=item, hosts=[unit_factory()], today=ASSIGNED_ON)
    assert caught.value.code == "already_assigned"


def test_a_reporter_may_not_assign(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        proposal_assign(user=personas.reporter_a, proposal=proposal_factory(), hosts=[personas.unit_a])
