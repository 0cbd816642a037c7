"""The battle map's panel of suggestions and proposals: the numbers of the figures page, each
drilling down to exactly the items behind it."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode

import pytest
from django.test import Client

from luoshi.briefings.proposal_panel import proposal_panel_data
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.proposals.selectors import proposal_list
from luoshi.proposals.services import CommitmentIn, feedback_record, reply_accept, reply_submit
from luoshi.proposals.tests.factories import assigned, letter, proposal_factory, session_factory

pytestmark = pytest.mark.django_db
TODAY = date(2024, 7, 3)


@pytest.fixture
def world(personas: Personas) -> Personas:
    """unit_a: one on time (A, satisfied), one overdue; unit_b: one late (B, a commitment);
    split handling of one item between both; one item not yet assigned, without a category."""
    first = assigned(personas.supervisor, [personas.unit_a], category="民生保障")
    reply = reply_submit(user=personas.reporter_a, proposal=first, text="已解决", classification="A",
                         file=letter(), today=date(2024, 4, 1))
    reply_accept(user=personas.supervisor, reply=reply, today=date(2024, 4, 2))
    first.refresh_from_db()
    feedback_record(user=personas.supervisor, proposal=first, satisfaction="satisfied", today=date(2024, 4, 10))
    assigned(personas.supervisor, [personas.unit_a], category="城市建设")
    second = assigned(personas.supervisor, [personas.unit_b], category="城市建设")
    late = reply_submit(user=personas.reporter_b, proposal=second, text="列入计划", classification="B", file=letter(),
                        commitments=[CommitmentIn("改造道路", date(2024, 12, 31))], today=date(2024, 7, 1))
    reply_accept(user=personas.supervisor, reply=late, today=date(2024, 7, 2))
    assigned(personas.supervisor, [personas.unit_a, personas.unit_b], category="民生保障")
    proposal_factory(category="")
    return personas


def _drilled(user: object, filters: dict[str, object], figure: str) -> int:
    unit = filters.get("unit")
    return proposal_list(user=user, session=session_factory(), unit_id=int(str(unit)) if unit else None,
                         category=str(filters.get("category", "")), figure=figure, today=TODAY).count()


def test_the_panel_counts_the_session(world: Personas) -> None:
    panel = proposal_panel_data(today=TODAY)
    total = {k: v["value"] for k, v in panel["total"]["cells"].items()}
    assert (total["received"], total["assigned"], total["on_time"], total["late"], total["overdue"]) == (5, 4, 1, 1, 3)
    assert (total["A"], total["B"], total["C"], total["satisfied"], total["commitments"]) == (1, 1, 0, 1, 1)
    assert panel["total"]["cells"]["on_time"]["rate"] == 50.0
    units = {row["name"]: row for row in panel["by_unit"]}
    assert units[world.unit_a.short_name or world.unit_a.name]["cells"]["overdue"]["value"] == 2
    assert [row["filters"].get("category") for row in panel["by_category"]][-1] == "__none__"


def test_every_number_opens_its_items(world: Personas) -> None:
    panel = proposal_panel_data(today=TODAY)
    user = world.supervisor
    for row in panel["by_unit"]:
        for figure, cell in row["cells"].items():
            assert _drilled(user, row["filters"], figure) == cell["value"], (row["name"], figure)
    # Without a unit, the item split between two hosts (overdue at both) is one item of the list
    # and two hosts' overdue replies; every other number is its items' count.
    for row in [*panel["by_category"], panel["total"]]:
        split = row["filters"].get("category", "民生保障") == "民生保障"
        for figure, cell in row["cells"].items():
            assert _drilled(user, row["filters"], figure) == cell["value"] - (split and figure == "overdue"), (
                row["name"], figure)


def test_the_panel_json_and_the_drilled_list_page(world: Personas, client: Client) -> None:
    assert client.login(username=world.supervisor.username, password=PASSWORD)
    assert 'id="proposal-card"' in client.get("/briefings/dashboard/").content.decode()
    panel = client.get("/briefings/dashboard/proposals.json").json()
    assert panel["session"]["name"] == session_factory().name and panel["by_unit"]
    row = next(r for r in panel["by_unit"] if r["cells"]["overdue"]["value"])
    url = panel["list_url"] + "?" + urlencode({**row["filters"], "figure": "overdue"})
    page = client.get(url).content.decode()
    assert 'id="figure-chip"' in page and "逾期未答复" in page
    assert parse_qs(url.split("?", 1)[1])["figure"] == ["overdue"]
    # an unknown figure shows no items rather than every item
    assert proposal_list(user=world.supervisor, session=session_factory(), figure="bogus").count() == 0
    client.logout()
    assert client.get("/briefings/dashboard/proposals.json").status_code == 302
