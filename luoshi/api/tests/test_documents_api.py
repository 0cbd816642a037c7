"""Documents and drafts through the API, with the rights of the pages; and the pages' own visibility."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import Client

from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import PASSWORD, Personas
from luoshi.ledger.tests.test_review import make_drafts

pytestmark = pytest.mark.django_db

UPLOAD = ("2025年滨海新区重点工作安排\n一、科技创新\n区科技局牵头,新增市级以上研发机构10家,2025年底前完成。"
          "加快超算中心二期建设。\n").encode()


def logged_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def upload(client: Client, data: bytes = UPLOAD, name: str = "安排.txt",
           source_url: str = "https://example.gov.cn/a") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/v1/documents", {"file": SimpleUploadedFile(name, data, "text/plain"),
                                             "source_url": source_url})


def waiting_uploads() -> list[str]:
    return default_storage.listdir("ingest")[1] if default_storage.exists("ingest") else []


def run_job(client: Client, job_id: int) -> dict[str, Any]:
    """Run what is queued, then read the job as an API client polling it would."""
    jobs_run_pending()
    answer = client.get(f"/api/v1/briefings/jobs/{job_id}")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


def test_an_upload_is_imported_by_a_job_and_a_second_upload_points_to_the_first(personas: Personas) -> None:
    client = logged_in(personas.supervisor)
    response = upload(client)
    assert response.status_code == 202, response.content
    queued = response.json()
    assert queued["kind"] == "document_ingest" and queued["status"] == "queued" and queued["result"] == {}
    assert not Document.objects.exists()  # nothing imported until the job runs

    done = run_job(client, queued["id"])
    assert done["status"] == "done" and done["progress"] == 100, done
    result = done["result"]
    assert result["created"] is True and result["item_count"] >= 1 and result["measure_count"] >= 1
    document = Document.objects.get(pk=result["document_id"])
    assert document.source_url == "https://example.gov.cn/a" and document.created_by == personas.supervisor
    assert result["item_count"] == document.items.count() and result["measure_count"] == document.measures.count()
    assert client.get(f"/api/v1/documents/{document.pk}").json()["measure_count"] == result["measure_count"]
    assert waiting_uploads() == []

    again = upload(client)
    assert again.status_code == 202
    repeat = run_job(client, again.json()["id"])
    assert repeat["status"] == "done" and "已导入过" in repeat["message"]
    assert repeat["result"] | {"url": ""} == result | {"created": False, "url": ""}
    assert Document.objects.count() == 1 and waiting_uploads() == []


def test_an_unreadable_upload_is_a_clear_400_and_nothing_is_queued(personas: Personas) -> None:
    response = upload(logged_in(personas.supervisor), data=b"", name="empty.txt")
    assert response.status_code == 400
    assert "空的" in response.json()["message"]
    assert not Document.objects.exists() and not Job.objects.exists() and waiting_uploads() == []


def test_a_compressed_bomb_is_refused_at_once_and_nothing_is_queued_or_kept(personas: Personas) -> None:
    from luoshi.core.tests.zipbombs import bomb, docx_skeleton

    data = bomb(docx_skeleton(), part="word/document.xml", megabytes=50)
    response = upload(logged_in(personas.supervisor), data=data, name="plan.docx")
    assert response.status_code == 400 and "压缩炸弹" in response.json()["message"], response.content
    assert not Job.objects.exists() and not Document.objects.exists() and waiting_uploads() == []


def test_a_control_character_in_the_source_url_is_refused_at_once(personas: Personas) -> None:
    response = upload(logged_in(personas.supervisor), source_url="https://example.gov.cn/\x00a")
    assert response.status_code == 400 and response.json()["code"] == "control_characters"
    assert not Job.objects.exists() and waiting_uploads() == []


def test_drafts_are_listed_edited_confirmed_and_rejected(personas: Personas) -> None:
    document, first, second = make_drafts()
    client = logged_in(personas.supervisor)
    listed = client.get(f"/api/v1/documents/{document.pk}/drafts", {"status": "draft"}).json()
    assert [d["id"] for d in listed] == [first.pk, second.pk]

    edited = client.patch(f"/api/v1/documents/drafts/{second.pk}", data={"title": "建成超算中心二期",
                                                                        "deadline": "2025-06-30"},
                          content_type="application/json")
    assert edited.status_code == 200 and edited.json()["title"] == "建成超算中心二期"

    confirmed = client.post(f"/api/v1/documents/drafts/{second.pk}/confirm",
                            data={"lead_unit_id": personas.unit_b.pk}, content_type="application/json")
    assert confirmed.status_code == 201, confirmed.content
    task = Task.objects.get(pk=confirmed.json()["task_id"])
    assert task.title == "建成超算中心二期" and task.lead_unit == personas.unit_b
    assert str(task.deadline) == "2025-06-30" and task.source_document == document

    rejected = client.post(f"/api/v1/documents/drafts/{first.pk}/reject", data={"note": "与上年重复"},
                           content_type="application/json")
    assert rejected.status_code == 200 and rejected.json()["status"] == DraftStatus.REJECTED
    again = client.post(f"/api/v1/documents/drafts/{first.pk}/confirm", data={}, content_type="application/json")
    assert again.status_code == 400 and again.json()["code"] == "already_reviewed"
    edit_after = client.patch(f"/api/v1/documents/drafts/{first.pk}", data={"title": "再改"},
                              content_type="application/json")
    assert edit_after.status_code == 400


def test_an_explicit_null_title_is_a_422_and_changes_nothing(personas: Personas) -> None:
    _document, first, _second = make_drafts()
    response = logged_in(personas.supervisor).patch(f"/api/v1/documents/drafts/{first.pk}", data={"title": None},
                                                    content_type="application/json")
    assert response.status_code == 422
    first.refresh_from_db()
    assert first.title == "新增市级以上研发机构10家"


@pytest.mark.parametrize("who", ["reporter_a", "leader", "no_role"])
def test_reporters_leaders_and_accounts_without_a_role_cannot_touch_drafts(who: str, personas: Personas) -> None:
    document, first, _second = make_drafts()
    user = (get_user_model().objects.create_user("nobody", password=PASSWORD) if who == "no_role"
            else getattr(personas, who))
    client = logged_in(user)
    assert client.get(f"/api/v1/documents/{document.pk}/drafts").status_code == 403
    assert client.get(f"/api/v1/documents/drafts/{first.pk}").status_code == 403
    assert client.post(f"/api/v1/documents/drafts/{first.pk}/confirm", data={},
                       content_type="application/json").status_code == 403
    assert client.post(f"/api/v1/documents/drafts/{first.pk}/reject", data={},
                       content_type="application/json").status_code == 403
    assert client.patch(f"/api/v1/documents/drafts/{first.pk}", data={"title": "x"},
                        content_type="application/json").status_code == 403
    refused = upload(client)  # refused at once: nothing queued, nothing waits in the file storage
    assert refused.status_code == 403 and not Job.objects.exists() and waiting_uploads() == []
    first.refresh_from_db()
    assert first.status == DraftStatus.DRAFT and first.title != "x"


@pytest.mark.parametrize("who", ["reporter_a", "no_role"])
def test_reporters_and_accounts_without_a_role_do_not_read_documents(who: str, personas: Personas) -> None:
    document, _first, _second = make_drafts()
    user = (get_user_model().objects.create_user("nobody", password=PASSWORD) if who == "no_role"
            else getattr(personas, who))
    client = logged_in(user)
    for path in ["/api/v1/documents", f"/api/v1/documents/{document.pk}", "/documents/",
                 f"/documents/{document.pk}/"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "报告" not in response.content.decode() or path.startswith("/documents")


def test_a_leader_reads_documents_but_not_their_drafts(personas: Personas) -> None:
    document, _first, _second = make_drafts()
    client = logged_in(personas.leader)
    assert [d["id"] for d in client.get("/api/v1/documents").json()] == [document.pk]
    assert client.get(f"/api/v1/documents/{document.pk}").json()["measures"] == []
    assert client.get(f"/documents/{document.pk}/").status_code == 200


def test_a_body_that_is_not_json_is_a_clear_400(personas: Personas) -> None:
    _document, first, _second = make_drafts()
    response = logged_in(personas.supervisor).post(f"/api/v1/documents/drafts/{first.pk}/confirm",
                                                   data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body" and "JSON" in response.json()["message"]


def test_a_missing_unit_is_created_through_the_api_and_the_draft_then_confirms(personas: Personas) -> None:
    """Issue #11: a unit the directory lacks is refused on confirm, naming it, until it is created."""
    _, first, _ = make_drafts()
    first.co_unit_names = ["区数据局"]
    first.save()
    client = logged_in(personas.supervisor)
    refused = client.post(f"/api/v1/documents/drafts/{first.pk}/confirm", data={}, content_type="application/json")
    assert refused.status_code == 400 and "区数据局" in refused.json()["message"]
    listed = client.get(f"/api/v1/documents/drafts/{first.pk}").json()
    assert listed["co_unit_names"] == ["区数据局"] and listed["heading"] is False
    created = client.post("/api/v1/documents/units/resolve", data={"name": "区数据局", "level": "department",
                                                                   "full_name": "滨海新区数据局"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["short_name"] == "区数据局"
    confirmed = client.post(f"/api/v1/documents/drafts/{first.pk}/confirm", data={}, content_type="application/json")
    assert confirmed.status_code == 201
    assert [u.name for u in Task.objects.get(pk=confirmed.json()["task_id"]).co_units.all()] == ["滨海新区数据局"]
    assert logged_in(personas.reporter_a).post("/api/v1/documents/units/resolve", data={"name": "x", "level": "city"},
                                               content_type="application/json").status_code == 403


def test_a_task_division_table_is_previewed_and_committed_through_the_api(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.ledger.tests.test_tasktable_import import ROWS, workbook

    client = logged_in(personas.supervisor)
    data = workbook(ROWS)
    preview = client.post("/api/v1/documents/tasktable", {"file": SimpleUploadedFile("分工表.xlsx", data)})
    assert preview.status_code == 200 and preview.json()["created"] == 3 and not Document.objects.exists()
    done = client.post("/api/v1/documents/tasktable?commit=true", {"file": SimpleUploadedFile("分工表.xlsx", data)})
    assert done.status_code == 202 and not Document.objects.exists()  # the commit is a job
    jobs_run_pending()
    assert Job.objects.get(pk=done.json()["id"]).result["url"].startswith("/ledger/review/")
    assert Document.objects.exists()
    assert logged_in(personas.reporter_a).post(
        "/api/v1/documents/tasktable", {"file": SimpleUploadedFile("分工表.xlsx", data)}).status_code == 403
