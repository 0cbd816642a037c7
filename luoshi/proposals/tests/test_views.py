"""The pages through the Django test client with the personas: every screen renders, the forms
reach the services, refusals are 403/404 pages, anonymous visitors go to the login page."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.proposals.choices import ProposalStatus
from luoshi.proposals.models import ContactLog, Proposal, Reply, Session
from luoshi.proposals.services import reply_accept, reply_submit
from luoshi.proposals.tests.factories import assigned, letter, proposal_factory


def login(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(personas: Personas) -> None:
    item = proposal_factory()
    for url in (reverse("proposals:list"), reverse("proposals:detail", args=[item.pk]), reverse("proposals:figures")):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_every_screen_renders_for_the_supervisor(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], [personas.unit_b], category="民生保障")
    client = login(personas.supervisor)
    for url in (reverse("proposals:list"), reverse("proposals:new"), reverse("proposals:import"),
                reverse("proposals:session_new"),
                reverse("proposals:figures"), reverse("proposals:detail", args=[item.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("proposals:list")).content.decode()
    assert "proposal-panel" in page and item.title[:10] in page
    assert "建议提案" in client.get(reverse("web:home")).content.decode()  # the navigation entry


def test_the_list_runs_a_fixed_number_of_queries(personas: Personas) -> None:
    for _n in range(3):
        assigned(personas.supervisor, [personas.unit_a])
    client = login(personas.supervisor)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("proposals:list"))
    for _n in range(5):
        assigned(personas.supervisor, [personas.unit_b])
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("proposals:list"))
    assert len(more) == len(few)


def test_a_reporter_sees_only_their_units_items(personas: Personas) -> None:
    mine = assigned(personas.supervisor, [personas.unit_a])
    theirs = assigned(personas.supervisor, [personas.unit_b])
    client = login(personas.reporter_a)
    assert client.get(reverse("proposals:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("proposals:detail", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("proposals:list")).content.decode()
    assert mine.title in page and theirs.title not in page
    assert client.get(reverse("proposals:new")).status_code == 403
    assert client.post(reverse("proposals:contact", args=[theirs.pk]), {
        "stage": "before", "contacted_on": "2024-03-05", "way": "phone", "summary": "x"}).status_code == 404
    assert not ContactLog.objects.exists()


def test_the_leader_reads_but_may_not_assign(personas: Personas) -> None:
    item = proposal_factory()
    client = login(personas.leader)
    assert client.get(reverse("proposals:detail", args=[item.pk])).status_code == 200
    assert client.post(reverse("proposals:assign", args=[item.pk]), {"hosts": [personas.unit_a.pk]}).status_code == 403
    item.refresh_from_db()
    assert item.status == ProposalStatus.REGISTERED


def test_registering_and_assigning_through_the_pages(personas: Personas) -> None:
    client = login(personas.supervisor)
    created = client.post(reverse("proposals:session_new"), {"body": "congress", "name": "滨海新区第四届人民代表大会第五次会议",
                                                             "opened_on": "2025-01-08"})
    assert created.status_code == 302
    session = Session.objects.get(name="滨海新区第四届人民代表大会第五次会议")
    assert session.year == 2025
    response = client.post(reverse("proposals:new"), {
        "session": session.pk, "number": 12, "title": "关于建设口袋公园的建议", "lead_name": "张伟",
        "lead_kind": "deputy", "lead_group": "塘沽代表团", "co_signers": "李娜、王强", "category": "城市建设",
        "is_key": "on", "leading_leader": personas.leader.person.pk})
    item = Proposal.objects.get(number=12)
    assert response.status_code == 302 and item.co_signers.count() == 2
    assert item.is_key and item.leading_leader == personas.leader.person
    again = client.post(reverse("proposals:new"), {"session": session.pk, "number": 12, "title": "重复",
                                                   "lead_name": "张伟", "lead_kind": "deputy"})
    assert again.status_code == 200 and "不能重复" in again.content.decode()
    client.post(reverse("proposals:assign", args=[item.pk]), {"hosts": [personas.unit_a.pk]})
    item.refresh_from_db()
    assert item.status == ProposalStatus.ASSIGNED


def test_replying_without_a_classification_shows_the_error_and_writes_nothing(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    client = login(personas.reporter_a)
    response = client.post(reverse("proposals:reply", args=[item.pk]), {"text": "答复", "file": letter()}, follow=True)
    assert "请选择答复类别" in response.content.decode()
    assert not Reply.objects.exists()
    client.post(reverse("proposals:reply", args=[item.pk]), {"text": "答复", "classification": "A", "file": letter()})
    reply = Reply.objects.get()
    download = client.get(reverse("proposals:reply_file", args=[reply.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert login(personas.reporter_b).get(reverse("proposals:reply_file", args=[reply.pk])).status_code == 404


@pytest.mark.parametrize("query, found", [("养老", True), ("公交", False)])
def test_the_public_page_lists_published_replies_searchably(personas: Personas, query: str, found: bool) -> None:
    item = assigned(personas.supervisor, [personas.unit_a], title="关于发展社区养老服务的建议")
    reply = reply_submit(user=personas.reporter_a, proposal=item, text="已建成 12 个社区养老服务站", classification="A",
                         file=letter(), today=date(2024, 4, 1))
    reply_accept(user=personas.supervisor, reply=reply, is_public=True, today=date(2024, 4, 2))
    response = Client().get(reverse("proposals:public"), {"q": query})
    assert response.status_code == 200
    assert ("已建成 12 个社区养老服务站" in response.content.decode()) is found


def test_the_import_page_previews_problems_then_imports_all(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.proposals.tests.factories import session_factory
    from luoshi.proposals.tests.test_imports import workbook

    session = session_factory()
    client = login(personas.supervisor)
    bad = workbook([[1, "甲", "张伟", "", "", "", "", "没有这个局", ""]])
    page = client.post(reverse("proposals:import"), {"session": session.pk, "action": "commit",
                                                     "file": SimpleUploadedFile("list.xlsx", bad)})
    assert page.status_code == 200 and "没有这个局" in page.content.decode()
    assert not Proposal.objects.exists()
    good = workbook([[1, "关于增设口袋公园的建议", "张伟", "塘沽代表团", "", "城市建设", "", "区科技局", ""]])
    done = client.post(reverse("proposals:import"), {"session": session.pk, "action": "commit",
                                                     "file": SimpleUploadedFile("list.xlsx", good)})
    assert done.status_code == 302
    assert Proposal.objects.get().status == ProposalStatus.ASSIGNED
