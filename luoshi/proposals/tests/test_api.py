"""The proposals API through the Django test client, with the personas: the whole workflow,
the error shape, and who may do what."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.test import Client

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.proposals.models import Proposal, Reply
from luoshi.proposals.tests.factories import PDF_BYTES, assigned, letter, session_factory

API = "/api/v1/proposals"


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json")


def test_the_whole_workflow(personas: Personas) -> None:
    session = session_factory()
    sup, rep_a, rep_b = client_for(personas.supervisor), client_for(personas.reporter_a), client_for(personas.reporter_b)
    created = post(sup, "/", {"session_id": session.pk, "number": 123, "title": "关于增设社区食堂的建议",
                              "lead_proposer": {"name": "张伟", "group": "塘沽代表团"},
                              "co_signers": [{"name": "李娜", "group": "塘沽代表团"}], "category": "民生保障"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["code"] == "第0123号"
    duplicate = post(sup, "/", {"session_id": session.pk, "number": 123, "title": "重复",
                                "lead_proposer": {"name": "张伟"}})
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "duplicate_number"
    unknown = post(sup, f"/{pk}/assign", {"hosts": [999999]})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unit_not_found"
    done = post(sup, f"/{pk}/assign", {"hosts": [personas.unit_a.pk], "co_units": [personas.unit_b.pk]})
    assert done.status_code == 200 and done.json()["status"] == "assigned"
    assert post(rep_b, f"/{pk}/opinions", {"text": "同意主办单位意见"}).status_code == 201
    contact = post(rep_a, f"/{pk}/contacts", {"stage": "before", "contacted_on": str(date.today()), "way": "phone",
                                              "summary": "电话沟通"})
    assert contact.status_code == 201
    early = post(sup, f"/{pk}/feedback", {"satisfaction": "satisfied"})
    assert early.status_code == 400 and early.json()["code"] == "not_answered"
    no_class = rep_a.post(f"{API}/{pk}/replies", {"text": "答复", "file": letter()})
    assert no_class.status_code == 400 and no_class.json()["code"] == "classification_required"
    replied = rep_a.post(f"{API}/{pk}/replies", {
        "text": "已列入计划", "classification": "B", "file": letter(),
        "commitments": json.dumps([{"text": "建设 3 处社区食堂", "due_on": str(date.today() + timedelta(days=200))}])})
    assert replied.status_code == 201, replied.content
    reply_id = replied.json()["id"]
    accepted = post(sup, f"/replies/{reply_id}/accept", {"is_public": True})
    assert accepted.status_code == 200, accepted.content.decode()
    task_id = accepted.json()["commitments"][0]["task_id"]
    assert Task.objects.get(pk=task_id).lead_unit == personas.unit_a
    assert post(sup, f"/{pk}/feedback", {"satisfaction": "unsatisfied"}).status_code == 201
    assert Proposal.objects.get(pk=pk).round == 2
    figures = sup.get(f"{API}/figures", {"session": session.pk})
    assert figures.status_code == 200 and figures.json()["total"]["b"] == 1
    public = Client().get(f"{API}/public/replies", {"q": "计划"})
    assert public.status_code == 200 and public.json()["count"] == 1
    assert public.json()["results"][0]["host_unit"] == personas.unit_a.name


def test_permissions(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    anonymous = Client().get(f"{API}/{item.pk}")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    assert client_for(personas.reporter_b).get(f"{API}/{item.pk}").status_code == 404
    assert client_for(personas.reporter_b).get(f"{API}/").json()["count"] == 0
    assert client_for(personas.reporter_a).get(f"{API}/{item.pk}").status_code == 200
    assert client_for(personas.leader).get(f"{API}/{item.pk}").status_code == 200
    refused = post(client_for(personas.reporter_a), "/", {"session_id": item.session_id, "number": 9, "title": "x",
                                                          "lead_proposer": {"name": "张伟"}})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    leader_reply = client_for(personas.leader).post(f"{API}/{item.pk}/replies", {
        "text": "x", "classification": "A", "file": letter()})
    assert leader_reply.status_code == 403
    assert not Reply.objects.exists()


def test_the_assessment_figures_endpoint(personas: Personas) -> None:
    assigned(personas.supervisor, [personas.unit_a])
    answer = client_for(personas.supervisor).get(f"{API}/figures/units",
                                                 {"units": f"{personas.unit_a.pk},{personas.unit_b.pk}", "year": "2024"})
    assert answer.status_code == 200
    rows = {row["unit_id"]: row for row in answer.json()}
    assert rows[personas.unit_a.pk]["figures"]["assigned"] == 1 and rows[personas.unit_b.pk]["score"] is None


def test_the_import_endpoint_previews_and_refuses(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.proposals.tests.test_imports import workbook

    session = session_factory()
    data = workbook([[1, "甲", "张伟", "", "", "", "", "没有这个局", ""]])
    answer = client_for(personas.supervisor).post(f"{API}/import?session={session.pk}&commit=true",
                                                  {"file": SimpleUploadedFile("list.xlsx", data)})
    assert answer.status_code == 400 and answer.json()["problems"][0]["row"] == 3
    assert not Proposal.objects.exists()
    assert len(PDF_BYTES) > 10
