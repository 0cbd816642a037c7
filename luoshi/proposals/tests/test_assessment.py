"""The proposals part of the unit assessment: contributed to oversight's formula, counted from
the hosts' replies and the proposers' evaluations, traced to each item."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from luoshi.ledger.tests.factories import PASSWORD, Personas, unit_factory
from luoshi.oversight.constants import all_parts, score_parts
from luoshi.oversight.models import UnitScore
from luoshi.oversight.services import unit_score_trace, unit_scores_compute
from luoshi.proposals import rules
from luoshi.proposals.assessment import PART_KEY
from luoshi.proposals.models import Proposal
from luoshi.proposals.services import feedback_record, reply_accept, reply_submit
from luoshi.proposals.tests.factories import assigned, letter

TODAY = date(2024, 7, 3)


def _world(personas: Personas) -> dict[str, object]:
    """unit_a: replied on time, satisfied; unit_b: replied late, unsatisfied; a third unit: overdue."""
    first = assigned(personas.supervisor, [personas.unit_a])
    reply = reply_submit(user=personas.reporter_a, proposal=first, text="已解决", classification="A",
                         file=letter(), today=date(2024, 4, 1))
    reply_accept(user=personas.supervisor, reply=reply, today=date(2024, 4, 2))
    first.refresh_from_db()
    feedback_record(user=personas.supervisor, proposal=first, satisfaction="basically", today=date(2024, 4, 10))
    second = assigned(personas.supervisor, [personas.unit_b])
    late = reply_submit(user=personas.reporter_b, proposal=second, text="说明", classification="C", file=letter(),
                        today=date(2024, 7, 1))
    reply_accept(user=personas.supervisor, reply=late, today=date(2024, 7, 2))
    second.refresh_from_db()
    feedback_record(user=personas.supervisor, proposal=second, satisfaction="unsatisfied", today=date(2024, 7, 2))
    silent = unit_factory(name="区沉默局")
    third = assigned(personas.supervisor, [silent])
    return {"first": first, "second": second, "third": third, "silent": silent}


@pytest.mark.parametrize(("fact", "as_of", "value"), [
    (rules.ItemFacts(1, 1, deadline=date(2024, 5, 31), replied_on=date(2024, 5, 1), due=date(2024, 5, 31)),
     date(2024, 6, 1), 1.0),
    (rules.ItemFacts(1, 1, deadline=date(2024, 5, 31), replied_on=date(2024, 6, 3), due=date(2024, 5, 31)),
     date(2024, 6, 3), 0.0),
    (rules.ItemFacts(1, 1, deadline=date(2024, 5, 31)), date(2024, 6, 1), 0.0),   # overdue, no reply
    (rules.ItemFacts(1, 1, deadline=date(2024, 5, 31)), date(2024, 5, 31), None),  # not yet due
    (rules.ItemFacts(1, 1, deadline=date(2024, 5, 31), awaiting_review=True), date(2024, 6, 9), None),
])
def test_reply_timeliness(fact: rules.ItemFacts, as_of: date, value: float | None) -> None:
    assert rules.reply_timeliness(fact, as_of) == value


def test_satisfaction_value() -> None:
    assert [rules.satisfaction_value(s) for s in ("satisfied", "basically", "unsatisfied", "")] == [1.0, 1.0, 0.0, None]


def test_the_part_is_contributed_with_its_weight() -> None:
    assert PART_KEY in [p.key for p in all_parts()]
    assert sum(p.weight for p in score_parts()) == 100


@pytest.mark.django_db
def test_hosts_are_scored_on_their_replies_and_evaluations(personas: Personas) -> None:
    world = _world(personas)
    silent = world["silent"]
    assert isinstance(silent, type(personas.unit_a))
    scores = {s.unit_id: s for s in unit_scores_compute(period_key="2024", today=TODAY)}
    assert scores[personas.unit_a.pk].extra_parts[PART_KEY] == 1.0     # on time + basically satisfied
    assert scores[personas.unit_b.pk].extra_parts[PART_KEY] == 0.0     # late + unsatisfied
    # a unit that leads no task is scored on the items it hosts alone
    assert scores[silent.pk].extra_parts[PART_KEY] == 0.0 and scores[silent.pk].total == 0.0
    assert scores[personas.unit_a.pk].weights[PART_KEY] == 0.1
    # a period in which no deadline falls leaves the part out
    earlier = {s.unit_id: s for s in unit_scores_compute(period_key="2024-Q1", today=TODAY)}
    assert earlier[personas.unit_a.pk].extra_parts.get(PART_KEY) is None
    assert silent.pk not in earlier


@pytest.mark.django_db
def test_the_trace_links_each_item_and_adds_up(personas: Personas) -> None:
    world = _world(personas)
    unit_scores_compute(period_key="2024", today=TODAY)
    for score in UnitScore.objects.filter(period_key="2024"):
        trace = unit_score_trace(period_key="2024", unit_id=score.unit_id, today=TODAY)
        assert trace.total == score.total
        earned = sum(got for part in trace.parts for _record, got, _best in part.records)
        assert earned == pytest.approx(score.total or 0, abs=0.01)
    trace = unit_score_trace(period_key="2024", unit_id=personas.unit_b.pk, today=TODAY)
    part = next(p for p in trace.parts if p.part.key == PART_KEY)
    second = world["second"]
    assert isinstance(second, Proposal)
    assert [(r.url, r.value) for r, _got, _best in part.records] == [(second.get_absolute_url(), 0.0)] * 2
    assert "逾期" in part.records[0][0].detail and "不满意" in part.records[1][0].detail


@pytest.mark.django_db
def test_the_ranking_shows_the_part(personas: Personas, client: Client) -> None:
    _world(personas)
    unit_scores_compute(period_key="2024", today=TODAY)
    assert client.login(username=personas.supervisor.username, password=PASSWORD)
    page = client.get("/oversight/assessment/?period=2024").content.decode()
    assert "建议提案办理" in page and "100.0%" in page
    trace = client.get(f"/oversight/assessment/2024/units/{personas.unit_a.pk}/").content.decode()
    assert 'id="part-proposals"' in trace


@pytest.mark.django_db
def test_the_weight_of_the_part_is_configurable(personas: Personas, settings: Any) -> None:
    _world(personas)
    settings.LUOSHI = {**settings.LUOSHI, "ASSESSMENT_WEIGHTS": {
        "on_time": 0, "completion": 0, "grade": 0, "responsiveness": 0, "overdue": 0, PART_KEY: 100}}
    scores = {s.unit_id: s for s in unit_scores_compute(period_key="2024", today=TODAY)}
    assert scores[personas.unit_a.pk].total == 100.0 and scores[personas.unit_b.pk].total == 0.0
    assert scores[personas.unit_a.pk].weights == {"on_time": 0, "completion": 0, "grade": 0, "responsiveness": 0,
                                                  "overdue": 0, PART_KEY: 1.0}
