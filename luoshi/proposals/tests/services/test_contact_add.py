"""contact_add: 办前/办中沟通 logged by an assigned unit."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.models import ContactLog
from luoshi.proposals.services import contact_add
from luoshi.proposals.tests.factories import assigned


def test_an_assigned_unit_logs_contact(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], [personas.unit_b])
    record = contact_add(user=personas.reporter_b, proposal=item, stage="before", contacted_on=date(2024, 3, 5),
                         way="phone", summary="电话了解建议背景", today=date(2024, 3, 6))
    assert record.unit == personas.unit_b and record.history.count() == 1


@pytest.mark.parametrize(("fields", "code"), [
    ({"stage": "later"}, "stage_invalid"), ({"way": "pigeon"}, "way_invalid"),
    ({"contacted_on": date(2024, 3, 7)}, "date_future"), ({"summary": "  "}, "summary_required"),
])
def test_it_refuses_bad_input_and_writes_nothing(personas: Personas, fields: dict[str, object], code: str) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    values: dict[str, object] = {"stage": "during", "contacted_on": date(2024, 3, 5), "way": "visit",
                                 "summary": "登门走访", **fields}
    with pytest.raises(DomainError) as caught:
        contact_add(user=personas.reporter_a, proposal=item, today=date(2024, 3, 6), **values)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert not ContactLog.objects.exists()


def test_other_units_and_readers_cannot_log(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    with pytest.raises(NotFound):
        contact_add(user=personas.reporter_b, proposal=item, stage="before", contacted_on=date(2024, 3, 5),
                    way="phone", summary="x", today=date(2024, 3, 6))
    with pytest.raises(PermissionDenied):
        contact_add(user=personas.leader, proposal=item, stage="before", contacted_on=date(2024, 3, 5),
                    way="phone", summary="x", today=date(2024, 3, 6))
