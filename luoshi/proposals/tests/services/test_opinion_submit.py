"""opinion_submit: a co-handling unit's opinion to the host, once per round."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core.errors import DomainError
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.models import CoOpinion
from luoshi.proposals.services import opinion_submit
from luoshi.proposals.tests.factories import assigned
from luoshi.reports.models import Notification


def test_a_co_unit_gives_its_opinion_and_the_host_hears_of_it(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], [personas.unit_b])
    before = Notification.objects.filter(recipient=personas.reporter_a).count()
    opinion_submit(user=personas.reporter_b, proposal=item, text="建议结合河道治理统筹推进", today=date(2024, 3, 20))
    assert CoOpinion.objects.get().unit == personas.unit_b
    assert Notification.objects.filter(recipient=personas.reporter_a).count() == before + 1
    with pytest.raises(DomainError) as caught:
        opinion_submit(user=personas.reporter_b, proposal=item, text="再补充", today=date(2024, 3, 21))
    assert caught.value.code == "opinion_exists"


def test_a_host_does_not_give_an_opinion(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], [personas.unit_b])
    with pytest.raises(DomainError) as caught:
        opinion_submit(user=personas.reporter_a, proposal=item, text="x")
    assert caught.value.code == "not_co_unit"
    assert not CoOpinion.objects.exists()
