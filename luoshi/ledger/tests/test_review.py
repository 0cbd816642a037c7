"""Review of extraction drafts: nothing enters the ledger until a supervisor confirms it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from luoshi.briefings.choices import JobKind, JobStatus
from luoshi.briefings.jobs import jobs_run_pending
from luoshi.briefings.models import Job
from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.models import DraftParent, Task
from luoshi.ledger.services import draft_measure_confirm, draft_measure_reject, draft_parent_set
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db

TEXT = "2024年重点工作\n区科技局牵头,新增市级以上研发机构10家。加快超算中心建设。"


def make_drafts() -> tuple[Document, DraftMeasure, DraftMeasure]:
    document = Document.objects.create(title="报告", text=TEXT, content_hash="c" * 64, kind="work_report",
                                       issued_on=date(2024, 1, 10))
    first_text = "区科技局牵头,新增市级以上研发机构10家。"
    start = TEXT.index(first_text)
    first = DraftMeasure.objects.create(
        document=document, title="新增市级以上研发机构10家", text=first_text, start=start,
        end=start + len(first_text), category="科技创新", lead_unit_name="区科技局",
        target={"indicator": "新增市级以上研发机构", "value": 10, "unit": "家", "comparator": "eq"},
    )
    second_text = "加快超算中心建设。"
    start = TEXT.index(second_text)
    second = DraftMeasure.objects.create(document=document, title="加快超算中心建设", text=second_text,
                                         start=start, end=start + len(second_text), category="科技创新")
    return document, first, second


def heading_above(measure: DraftMeasure, title: str) -> DraftMeasure:
    """A heading draft of `measure`'s document, made its parent (as the extraction nests them)."""
    heading = DraftMeasure.objects.create(document=measure.document, title=title, text=title,
                                          start=0, end=len(title), heading=True)
    measure.parent = heading
    measure.save()
    return heading


def login(user: object) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_confirming_a_draft_creates_a_task_with_its_source_and_target(personas: Personas) -> None:
    document, first, _ = make_drafts()
    task = draft_measure_confirm(measure=first, user=personas.supervisor)
    assert task.source_document == document
    assert task.source_quote == first.text
    assert task.lead_unit == personas.unit_a  # matched by the short name 区科技局
    assert task.target_value is not None
    assert (task.target_indicator, float(task.target_value), task.target_unit) == ("新增市级以上研发机构", 10.0, "家")
    assert task.deadline == date(2024, 12, 31)  # a work report's measures are due within its year
    first.refresh_from_db()
    assert first.status == DraftStatus.CONFIRMED and first.task == task


def test_a_draft_cannot_be_confirmed_twice(personas: Personas) -> None:
    _, first, _ = make_drafts()
    draft_measure_confirm(measure=first, user=personas.supervisor)
    with pytest.raises(DomainError):
        draft_measure_confirm(measure=first, user=personas.supervisor)
    assert Task.objects.filter(source_measure=first).count() == 1


def test_only_supervisors_review(personas: Personas) -> None:
    _, first, second = make_drafts()
    for user in (personas.reporter_a, personas.leader):
        with pytest.raises(PermissionDenied):
            draft_measure_confirm(measure=first, user=user)
        with pytest.raises(PermissionDenied):
            draft_measure_reject(measure=second, user=user)
    assert not Task.objects.filter(source_measure__in=[first, second]).exists()


def test_the_review_page_shows_drafts_beside_their_highlighted_source(personas: Personas) -> None:
    document, first, _ = make_drafts()
    html = login(personas.supervisor).get(f"/ledger/review/{document.pk}/").content.decode()
    assert f'<mark class="source" id="measure-src-{first.pk}">{first.text}</mark>' in html


def test_reporters_are_refused_the_review_page(personas: Personas) -> None:
    document, _, _ = make_drafts()
    assert login(personas.reporter_a).get(f"/ledger/review/{document.pk}/").status_code == 403


def test_confirming_with_edits_through_the_page(personas: Personas) -> None:
    _, first, _ = make_drafts()
    response = login(personas.supervisor).post(f"/ledger/drafts/{first.pk}/confirm/", {
        f"m{first.pk}-title": "编辑后的任务", f"m{first.pk}-level": "district",
        f"m{first.pk}-lead_unit": personas.unit_b.pk, f"m{first.pk}-deadline": "2024-10-31",
    })
    assert response.status_code == 302
    task = Task.objects.get(source_measure=first)
    assert (task.title, task.lead_unit, task.deadline) == ("编辑后的任务", personas.unit_b, date(2024, 10, 31))


def test_bulk_confirm_is_all_or_nothing(personas: Personas) -> None:
    document, first, second = make_drafts()
    second.status = DraftStatus.REJECTED
    second.save()
    client = login(personas.supervisor)
    client.post(f"/ledger/review/{document.pk}/bulk/", {"selected": [first.pk, second.pk], "action": "confirm"})
    assert Task.objects.filter(source_document=document).count() == 1  # the rejected one is skipped


def test_bulk_reject(personas: Personas) -> None:
    document, first, second = make_drafts()
    login(personas.supervisor).post(f"/ledger/review/{document.pk}/bulk/",
                                    {"selected": [first.pk, second.pk], "action": "reject"})
    assert set(document.measures.values_list("status", flat=True)) == {DraftStatus.REJECTED}
    assert not Task.objects.exists() or not Task.objects.filter(source_document=document).exists()


def test_a_press_conference_measure_takes_the_answering_officials_unit_and_level(personas: Personas) -> None:
    from luoshi.ledger.tests.factories import unit_factory

    city = unit_factory("天津市发展和改革委员会", level="city", short_name="市发改委")
    text = "01\n\n如何推动落实?\n\n市发改委党组书记、主任戴永康:\n\n我们将组建工作专班,完善激励考核机制。\n"
    start = text.index("组建")
    document = Document.objects.create(
        title="发布会", text=text, content_hash="d" * 64, kind="press_conference",
        structure={"sections": [{"id": "q1", "start": 0, "end": len(text), "kind": "qa",
                                 "speaker": {"unit": "市发改委", "post": "党组书记、主任", "name": "戴永康"}}]},
    )
    measure = DraftMeasure.objects.create(document=document, title="组建工作专班", text="组建工作专班",
                                          start=start, end=start + 6)
    task = draft_measure_confirm(measure=measure, user=personas.supervisor)
    assert task.lead_unit == city and task.level == "city"


def test_a_supervisor_uploads_a_document_and_lands_on_its_review(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "某县2025年政府工作报告\n\n2025年重点工作\n\n加快建设产业园区,推动园区扩容提质。年内建成5G基站300个。\n"
    upload = SimpleUploadedFile("county.txt", text.encode("gb18030"), content_type="text/plain")
    client = login(personas.supervisor)
    response = client.post("/ledger/ingest/", {"file": upload})
    # The import runs in the background: the page opens its progress, which opens the review page.
    job = Job.objects.get(kind=JobKind.DOCUMENT_INGEST)
    assert response.status_code == 302 and response["Location"] == f"/briefings/jobs/{job.pk}/"
    assert not Document.objects.filter(filename="county.txt").exists()
    jobs_run_pending()
    document = Document.objects.get(filename="county.txt")
    progress = client.get(f"/briefings/jobs/{job.pk}/progress/", headers={"HX-Request": "true"})
    assert progress["HX-Redirect"] == f"/ledger/review/{document.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and "条待审举措" in job.message
    assert document.measures.filter(status=DraftStatus.DRAFT).exists()
    assert not default_storage.exists(f"ingest/{job.params['upload']}")  # the waiting upload is gone once read
    assert not Task.objects.filter(source_document=document).exists()  # drafts only, until confirmed


def test_an_empty_upload_is_refused_on_the_page_and_nothing_is_stored(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("blank.txt", b"\x00\x00\x00\x00garbage\x00", content_type="text/plain")
    response = login(personas.supervisor).post("/ledger/ingest/", {"file": upload})
    assert response.status_code == 200
    assert "blank.txt" in response.content.decode()
    assert not Document.objects.filter(filename="blank.txt").exists()


def test_an_upload_read_by_a_job_whose_starter_lost_the_right_imports_nothing(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("plan.txt", "某区工作要点\n\n一、建设产业园区。\n".encode(), content_type="text/plain")
    login(personas.supervisor).post("/ledger/ingest/", {"file": upload})
    job = Job.objects.get(kind=JobKind.DOCUMENT_INGEST)
    Job.objects.filter(pk=job.pk).update(created_by=personas.reporter_a.pk)
    jobs_run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not Document.objects.filter(filename="plan.txt").exists()
    assert not default_storage.exists(f"ingest/{job.params['upload']}")


def test_a_compressed_bomb_is_refused_on_the_page_and_nothing_is_queued_or_kept(personas: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.core.tests.zipbombs import bomb, docx_skeleton

    def waiting() -> list[str]:
        return default_storage.listdir("ingest")[1] if default_storage.exists("ingest") else []

    before = waiting()
    data = bomb(docx_skeleton(), part="word/document.xml", megabytes=50)
    upload = SimpleUploadedFile("plan.docx", data, content_type="application/octet-stream")
    response = login(personas.supervisor).post("/ledger/ingest/", {"file": upload})
    assert response.status_code == 200 and "plan.docx" in response.content.decode()
    assert not Job.objects.filter(kind=JobKind.DOCUMENT_INGEST).exists()
    assert not Document.objects.filter(filename="plan.docx").exists()
    assert waiting() == before


def test_reporters_cannot_upload(personas: Personas) -> None:
    assert login(personas.reporter_a).get("/ledger/ingest/").status_code == 403


def test_the_review_page_costs_a_fixed_number_of_queries(personas: Personas,
                                                         django_assert_max_num_queries: object) -> None:
    """However many drafts a document has, its review page reads them, their units and each
    draft's unit list with a fixed number of queries (no query per draft)."""
    document, _first, _second = make_drafts()
    for n in range(40):
        DraftMeasure.objects.create(document=document, title=f"草稿{n}", text=f"草稿{n}", start=0, end=2,
                                    category="科技创新", lead_unit_name="区科技局" if n % 2 else "不存在的单位")
    client = login(personas.supervisor)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(f"/ledger/review/{document.pk}/")
    assert response.status_code == 200 and response.content.decode().count('class="confirm-one"') == 42
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(f"/ledger/review/{document.pk}/", {"status": "confirmed"}).status_code == 200


def test_a_draft_takes_the_higher_level_parent_chosen_for_it(personas: Personas) -> None:
    _, first, _ = make_drafts()
    city_task = Task.objects.create(code="2024-C-0001", title="强化科技创新", level="city")
    draft_parent_set(measure=first, parent_id=city_task.pk, user=personas.supervisor)
    task = draft_measure_confirm(measure=first, user=personas.supervisor)
    assert task.parent == city_task


def test_a_draft_under_a_heading_sits_under_the_headings_task(personas: Personas) -> None:
    _document, _first, second = make_drafts()
    heading = heading_above(second, "2024年重点工作")
    heading_task = draft_measure_confirm(measure=heading, user=personas.supervisor)
    assert draft_measure_confirm(measure=second, user=personas.supervisor).parent == heading_task


def test_a_draft_parent_at_a_lower_level_or_out_of_sight_is_refused(personas: Personas) -> None:
    _, first, _ = make_drafts()
    zone_task = Task.objects.create(code="2024-Z-0001", title="园区任务", level="zone")
    with pytest.raises(DomainError):
        draft_parent_set(measure=first, parent_id=zone_task.pk, user=personas.supervisor)
    with pytest.raises(NotFound):
        draft_parent_set(measure=first, parent_id=10**9, user=personas.supervisor)
    with pytest.raises(PermissionDenied):
        draft_parent_set(measure=first, parent_id=None, user=personas.reporter_a)
    assert not DraftParent.objects.filter(measure=first, parent__isnull=False).exists()


def test_a_heading_draft_is_confirmed_as_a_heading_and_its_measures_as_measures(personas: Personas) -> None:
    """Issue 10: a heading of a task list (一、/（一）) becomes a task of kind heading, left out of totals."""
    _document, _first, second = make_drafts()
    heading_above(second, "一、科技创新")
    measure = draft_measure_confirm(measure=second, user=personas.supervisor)
    assert measure.kind == "measure"
    assert measure.parent is not None and measure.parent.kind == "heading"
