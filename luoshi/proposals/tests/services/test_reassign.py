"""reassign_request and reassign_decide: 退回改办 within its window, decided by a supervisor."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.ledger.tests.factories import Personas, unit_factory
from luoshi.proposals.choices import AssignmentRole, ReassignStatus
from luoshi.proposals.models import Assignment, ReassignRequest
from luoshi.proposals.services import reassign_decide, reassign_request
from luoshi.proposals.tests.factories import assigned


def test_a_host_asks_within_the_window_and_the_supervisor_approves_with_a_new_host(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    request = reassign_request(user=personas.reporter_a, proposal=item, reason="不属于本单位职责",
                               suggested_unit="区民政局", today=date(2024, 3, 8))
    new_host = unit_factory("滨海新区民政局")
    decided = reassign_decide(user=personas.supervisor, request=request, approve=True, new_host=new_host.pk,
                              today=date(2024, 3, 11))
    assert decided.status == ReassignStatus.APPROVED
    hosts = list(Assignment.objects.filter(proposal=item).values_list("unit_id", "role"))
    assert hosts == [(new_host.pk, AssignmentRole.HOST)]
    item.refresh_from_db()
    assert item.assigned_on == date(2024, 3, 11)


def test_a_request_after_the_window_is_refused_and_nothing_written(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        reassign_request(user=personas.reporter_a, proposal=item, reason="不属于本单位职责", today=date(2024, 3, 11))
    assert caught.value.code == "reassign_window_passed"
    assert "5 个工作日" in str(caught.value.message)
    assert not ReassignRequest.objects.exists()


def test_approving_the_only_host_without_a_new_one_is_refused(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    request = reassign_request(user=personas.reporter_a, proposal=item, reason="职责不符", today=date(2024, 3, 4))
    with pytest.raises(DomainError) as caught:
        reassign_decide(user=personas.supervisor, request=request, approve=True)
    assert caught.value.code == "new_host_required"
    request.refresh_from_db()
    assert request.status == ReassignStatus.PENDING
    assert Assignment.objects.filter(proposal=item, unit=personas.unit_a).exists()


def test_a_co_unit_is_released_without_replacement_and_a_refusal_keeps_everything(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], [personas.unit_b])
    request = reassign_request(user=personas.reporter_b, proposal=item, reason="无相关职能", today=date(2024, 3, 4))
    reassign_decide(user=personas.supervisor, request=request, approve=True)
    assert not Assignment.objects.filter(proposal=item, unit=personas.unit_b).exists()
    other = reassign_request(user=personas.reporter_a, proposal=item, reason="再议", today=date(2024, 3, 4))
    reassign_decide(user=personas.supervisor, request=other, approve=False, note="属本单位职责")
    assert Assignment.objects.filter(proposal=item, unit=personas.unit_a).exists()
    with pytest.raises(DomainError):
        reassign_decide(user=personas.supervisor, request=other, approve=True)


def test_only_assigned_units_ask_and_only_supervisors_decide(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(NotFound):
        reassign_request(user=personas.reporter_b, proposal=item, reason="x", today=date(2024, 3, 4))
    with pytest.raises(PermissionDenied):
        reassign_request(user=personas.leader, proposal=item, reason="x", today=date(2024, 3, 4))
    request = reassign_request(user=personas.reporter_a, proposal=item, reason="x", today=date(2024, 3, 4))
    with pytest.raises(PermissionDenied):
        reassign_decide(user=personas.reporter_a, request=request, approve=False)


def test_a_reason_is_required(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(DomainError) as caught:
        reassign_request(user=personas.reporter_a, proposal=item, reason=" ", today=date(2024, 3, 4))
    assert caught.value.code == "reason_required"
