"""A revised plan updates the tasks of its previous version, never duplicates them: two composed
versions of one plan, confirmed one after the other."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from luoshi.core.errors import DomainError
from luoshi.documents.choices import DraftStatus
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import RevisionKind, RevisionMatch, Task
from luoshi.ledger.services import (
    document_revision_match,
    draft_measure_confirm,
    revision_ambiguity_resolve,
    revision_dropped_decide,
)
from luoshi.ledger.tests.factories import PASSWORD, Personas

pytestmark = pytest.mark.django_db

FIRST = [
    "加快建设产业园区,完善园区道路和供水设施。",
    "推进超算中心建设,提升算力服务能力。",
    "实施老旧小区改造三十个,同步加装电梯。",
    "开展营商环境专项整治行动。",
]
SECOND = [
    "加快建设产业园区,完善园区道路和供水设施。",  # unchanged
    "推进超算中心建设,年底前建成投入运行,提升算力服务能力。",  # changed
    "开展营商环境专项整治行动。",  # unchanged, moved up: 老旧小区 dropped
    "建设社区嵌入式养老服务设施五处。",  # new
]


def plan(sentences: list[str], *, previous: Document | None = None, tag: str = "a") -> Document:
    text = "某区2025年实施方案\n" + "".join(sentences)
    document = Document.objects.create(title="某区2025年实施方案", text=text, content_hash=tag * 64,
                                       issued_on=date(2025, 2, 1), previous_version=previous)
    for sentence in sentences:
        start = text.index(sentence)
        DraftMeasure.objects.create(document=document, title=sentence.split(",")[0].rstrip("。"), text=sentence,
                                    start=start, end=start + len(sentence))
    return document


def confirmed_first_version(personas: Personas) -> tuple[Document, list[Task]]:
    first = plan(FIRST)
    tasks = [draft_measure_confirm(measure=m, user=personas.supervisor) for m in first.measures.order_by("start")]
    return first, tasks


def login(user: object) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_a_revision_is_matched_and_confirmed_without_duplicating_a_task(personas: Personas) -> None:
    first, (park, computing, housing, business) = confirmed_first_version(personas)
    second = plan(SECOND, previous=first, tag="b")
    document_revision_match(second, personas.supervisor)
    kinds = {m.measure.text if m.measure else m.task.code: m.kind  # type: ignore[union-attr]
             for m in RevisionMatch.objects.filter(document=second).select_related("measure", "task")}
    assert kinds == {SECOND[0]: "unchanged", SECOND[1]: "changed", SECOND[2]: "unchanged", SECOND[3]: "new",
                     housing.code: "dropped"}
    drafts = {m.text: m for m in second.measures.all()}
    assert drafts[SECOND[0]].status == DraftStatus.CONFIRMED and park.code in drafts[SECOND[0]].review_note

    updated = draft_measure_confirm(measure=drafts[SECOND[1]], user=personas.supervisor)
    assert updated.pk == computing.pk and updated.description == SECOND[1] and updated.source_document == second
    assert updated.history.first().history_change_reason == "文件修订"  # type: ignore[union-attr]
    new = draft_measure_confirm(measure=drafts[SECOND[3]], user=personas.supervisor)
    assert new.pk not in {park.pk, computing.pk, housing.pk, business.pk}
    assert Task.objects.count() == 5 + 3  # four of the first version, one new, and the personas' three

    dropped = RevisionMatch.objects.get(document=second, kind=RevisionKind.DROPPED)
    revision_dropped_decide(match=dropped, decision="close", user=personas.supervisor)
    housing.refresh_from_db()
    assert housing.status == TaskStatus.CANCELLED  # closed, never deleted
    with pytest.raises(DomainError):
        revision_dropped_decide(match=dropped, decision="keep", user=personas.supervisor)


def test_the_review_page_lists_no_measure_as_both_added_and_removed(personas: Personas) -> None:
    first, _ = confirmed_first_version(personas)
    second = plan(SECOND, previous=first, tag="b")
    document_revision_match(second, personas.supervisor)
    page = login(personas.supervisor).get(f"/ledger/review/{second.pk}/").content.decode()
    added = page[page.index('id="revision-new"'):page.index('id="revision-dropped"')]
    removed = page[page.index('id="revision-dropped"'):]
    removed = removed[:removed.index("</ul>")]
    assert "养老服务设施" in added and "超算中心" not in added and "超算中心" not in removed
    assert "老旧小区" in removed and 'value="close"' in removed
    assert "确认后更新任务" in page


def test_an_unmatched_revision_previews_the_comparison_without_listing_a_measure_twice(personas: Personas) -> None:
    first = plan(FIRST)  # nothing confirmed yet: nothing to update, the page still compares
    second = plan(SECOND, previous=first, tag="b")
    assert document_revision_match(second, personas.supervisor) == 0
    page = login(personas.supervisor).get(f"/ledger/review/{second.pk}/").content.decode()
    added = page[page.index('id="revision-new"'):page.index('id="revision-dropped"')]
    assert "超算中心" not in added and "养老服务设施" in added


def test_a_split_measure_asks_the_reviewer_and_settles_its_group(personas: Personas) -> None:
    first = plan(["推进老旧小区改造和城中村改造。", "开展营商环境专项整治行动。"])
    whole, business = [draft_measure_confirm(measure=m, user=personas.supervisor)
                       for m in first.measures.order_by("start")]
    second = plan(["推进老旧小区改造。", "推进城中村改造。", "开展营商环境专项整治行动。"], previous=first, tag="b")
    document_revision_match(second, personas.supervisor)
    ambiguous = list(RevisionMatch.objects.filter(document=second, kind=RevisionKind.AMBIGUOUS,
                                                  measure__isnull=False).order_by("measure__start"))
    assert len(ambiguous) == 2 and all(m.candidates[0]["task_id"] == whole.pk for m in ambiguous)
    old_part, new_part = (m.measure for m in ambiguous)
    assert old_part is not None and new_part is not None
    with pytest.raises(DomainError):
        draft_measure_confirm(measure=old_part, user=personas.supervisor)  # the reviewer decides first
    revision_ambiguity_resolve(measure=old_part, task_id=whole.pk, user=personas.supervisor)
    with pytest.raises(DomainError):
        revision_ambiguity_resolve(measure=new_part, task_id=whole.pk, user=personas.supervisor)
    revision_ambiguity_resolve(measure=new_part, task_id=None, user=personas.supervisor)
    assert not RevisionMatch.objects.filter(document=second, kind=RevisionKind.AMBIGUOUS).exists()
    assert not RevisionMatch.objects.filter(document=second, kind=RevisionKind.DROPPED).exists()
    assert draft_measure_confirm(measure=old_part, user=personas.supervisor).pk == whole.pk
    assert draft_measure_confirm(measure=new_part, user=personas.supervisor).pk != whole.pk


def test_the_api_lists_the_matching_and_takes_the_reviewers_answers(personas: Personas) -> None:
    first = plan(["推进老旧小区改造和城中村改造。", "开展营商环境专项整治行动。", "实施河道清淤工程。"])
    whole, _, river = [draft_measure_confirm(measure=m, user=personas.supervisor)
                       for m in first.measures.order_by("start")]
    second = plan(["推进老旧小区改造。", "推进城中村改造。", "开展营商环境专项整治行动。"], previous=first, tag="b")
    document_revision_match(second, personas.supervisor)
    client = login(personas.supervisor)
    rows = client.get(f"/api/v1/documents/{second.pk}/revision").json()
    assert {r["kind"] for r in rows} == {"ambiguous", "unchanged", "dropped"}
    split = [r for r in rows if r["kind"] == "ambiguous" and r["draft_id"]]
    answer = client.post(f"/api/v1/documents/drafts/{split[0]['draft_id']}/revision", data={"task_id": whole.pk},
                         content_type="application/json")
    assert answer.status_code == 200 and answer.json()["kind"] == "changed"
    dropped = next(r for r in rows if r["kind"] == "dropped")
    assert dropped["task_id"] == river.pk
    kept = client.post(f"/api/v1/documents/revision-matches/{dropped['id']}/dropped", data={"decision": "keep"},
                       content_type="application/json")
    assert kept.status_code == 200 and kept.json()["decision"] == "keep"
    river.refresh_from_db()
    assert river.status != TaskStatus.CANCELLED


def test_a_revision_nobody_matched_is_matched_when_a_draft_is_confirmed(personas: Personas) -> None:
    first, (park, computing, *_) = confirmed_first_version(personas)
    second = plan(SECOND, previous=first, tag="b")  # read without the ingest page (the command, say)
    drafts = {m.text: m for m in second.measures.all()}
    assert draft_measure_confirm(measure=drafts[SECOND[0]], user=personas.supervisor).pk == park.pk
    assert draft_measure_confirm(measure=drafts[SECOND[1]], user=personas.supervisor).pk == computing.pk
    park.refresh_from_db()
    assert park.version == 1 and Task.objects.filter(title__startswith="加快建设产业园区").count() == 1
