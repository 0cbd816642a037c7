"""Links across levels: suggested parents on ingest, a draft's parent on the review page (one click,
search, bulk), a task's parent on its page and through the API, refused when it would make a
cycle, sit below the task or lie out of sight."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from luoshi.core.errors import DomainError, NotFound, PermissionDenied
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.models import DraftParent, Task
from luoshi.ledger.selectors.linking import task_ancestors, task_chain
from luoshi.ledger.services import (
    draft_parents_accept_first,
    draft_parents_set_bulk,
    draft_parents_suggest,
    task_parent_set,
)
from luoshi.ledger.tests.factories import PASSWORD, Personas, task_factory

pytestmark = pytest.mark.django_db

PLAN = "某区落实方案\n推动跨境电商综合试验区建设。承接2024-C-0002任务,开展保税维修试点。做好社区食堂建设。"


def login(user: object) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def city_tasks() -> tuple[Task, Task, Task]:
    return (
        task_factory("加快跨境电商综合试验区建设,培育跨境电商主体", code="2024-C-0001", level="city"),
        task_factory("扩大保税维修业务范围", code="2024-C-0002", level="city"),
        task_factory("完善城市更新机制", code="2024-C-0003", level="city"),
    )


def district_plan() -> tuple[Document, list[DraftMeasure]]:
    document = Document.objects.create(title="某区落实方案", text=PLAN, content_hash="d" * 64, issued_on=date(2024, 3, 1))
    drafts = []
    for sentence in ("推动跨境电商综合试验区建设。", "承接2024-C-0002任务,开展保税维修试点。", "做好社区食堂建设。"):
        start = PLAN.index(sentence)
        drafts.append(DraftMeasure.objects.create(document=document, title=sentence.rstrip("。"), text=sentence,
                                                  start=start, end=start + len(sentence)))
    return document, drafts


def test_ingest_suggests_parents_with_reasons_and_preselects_a_clear_reference(personas: Personas) -> None:
    cross_border, repair, _ = city_tasks()
    document, (first, second, third) = district_plan()
    assert draft_parents_suggest(document, personas.supervisor) == 2
    links = {link.measure_id: link for link in DraftParent.objects.all()}
    assert links[first.pk].suggestions[0]["task_id"] == cross_border.pk
    assert "跨境电商" in links[first.pk].suggestions[0]["reasons"][0]["text"]
    assert links[first.pk].parent is None  # shared words suggest, they never choose
    assert links[second.pk].parent == repair and links[second.pk].chosen_by is None  # preselected by its code
    assert links[second.pk].suggestions[0]["reasons"][0]["text"] == "文中注明任务编号：2024-C-0002"
    assert links[third.pk].suggestions == []


def test_a_reporter_cannot_have_parents_suggested(personas: Personas) -> None:
    document, _ = district_plan()
    with pytest.raises(PermissionDenied):
        draft_parents_suggest(document, personas.reporter_a)


def test_the_review_page_shows_suggestions_and_accepts_one_with_a_click(personas: Personas) -> None:
    cross_border, *_ = city_tasks()
    document, (first, *_) = district_plan()
    draft_parents_suggest(document, personas.supervisor)
    client = login(personas.supervisor)
    page = client.get(f"/ledger/review/{document.pk}/").content.decode()
    assert "共有关键词" in page and 'class="accept-suggestion"' in page and "根据文中注明的对应关系预选" in page
    fragment = client.post(f"/ledger/drafts/{first.pk}/parent/", {"parent_id": cross_border.pk}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and 'class="chosen-parent"' in fragment.content.decode()
    link = DraftParent.objects.get(measure=first)
    assert link.parent == cross_border and link.chosen_by == personas.supervisor
    zone = task_factory("园区任务", code="2024-Z-0001", level="zone")
    refused = client.post(f"/ledger/drafts/{first.pk}/parent/", {"parent_code": zone.code}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in refused.content.decode() and "层级低于本文件" in refused.content.decode()
    assert DraftParent.objects.get(measure=first).parent == cross_border
    client.post(f"/ledger/drafts/{first.pk}/parent/", {"parent_code": ""})  # clear, without HTMX
    assert DraftParent.objects.get(measure=first).parent is None
    assert Task.objects.get(pk=Task.objects.get(code="2024-C-0001").pk)  # nothing else touched


def test_the_search_offers_visible_higher_tasks_by_code_or_title(personas: Personas) -> None:
    city_tasks()
    task_factory("区级任务", code="2024-D-0009", level="district")
    document, _ = district_plan()
    options = login(personas.supervisor).get("/ledger/parents/search/", {"document": str(document.pk), "q": "保税"})
    assert 'value="2024-C-0002"' in options.content.decode() and "2024-D-0009" not in options.content.decode()


def test_bulk_set_parent_and_accept_first_are_all_or_nothing_naming_the_draft(personas: Personas) -> None:
    cross_border, repair, _ = city_tasks()
    zone = task_factory("园区任务", code="2024-Z-0001", level="zone")
    document, drafts = district_plan()
    draft_parents_suggest(document, personas.supervisor)
    with pytest.raises(DomainError) as error:
        draft_parents_set_bulk(measures=drafts, parents={d.pk: zone.pk for d in drafts}, user=personas.supervisor)
    assert drafts[0].title in str(error.value.message)
    with pytest.raises(DomainError) as error:
        draft_parents_accept_first(measures=drafts, user=personas.supervisor)
    assert "做好社区食堂建设" in str(error.value.message)  # the one without a suggestion
    assert DraftParent.objects.get(measure=drafts[0]).parent is None
    assert draft_parents_accept_first(measures=drafts[:2], user=personas.supervisor) == 2
    assert [DraftParent.objects.get(measure=d).parent for d in drafts[:2]] == [cross_border, repair]
    response = login(personas.supervisor).post(f"/ledger/review/{document.pk}/bulk/", {
        "selected": [d.pk for d in drafts], "action": "set_parent", "parent_code": "2024-c-0003"})
    assert response.status_code == 302
    assert {DraftParent.objects.get(measure=d).parent.code for d in drafts} == {"2024-C-0003"}  # type: ignore[union-attr]


def test_a_task_parent_is_set_with_its_reason_in_the_history(personas: Personas) -> None:
    city, *_ = city_tasks()
    district = task_factory("区级举措", level="district")
    task_parent_set(task=district, parent_id=city.pk, user=personas.supervisor, reason="对应市级任务")
    district.refresh_from_db()
    assert district.parent == city and district.version == 2
    assert district.history.first().history_change_reason == "对应市级任务"  # type: ignore[union-attr]
    task_parent_set(task=district, parent_id=None, user=personas.supervisor, reason="取消对应")
    district.refresh_from_db()
    assert district.parent is None


def test_a_cycle_a_lower_parent_and_an_unseen_one_are_refused_naming_the_task(personas: Personas) -> None:
    city, *_ = city_tasks()
    district = task_factory("区级举措", level="district", parent=city)
    zone = task_factory("园区举措", level="zone")
    with pytest.raises(DomainError) as cycle:
        task_parent_set(task=city, parent_id=district.pk, user=personas.supervisor)
    assert cycle.value.code == "parent_cycle" and city.title in str(cycle.value.message)
    with pytest.raises(DomainError) as lower:
        task_parent_set(task=district, parent_id=zone.pk, user=personas.supervisor)
    assert lower.value.code == "parent_lower_level" and district.title in str(lower.value.message)
    with pytest.raises(NotFound):
        task_parent_set(task=district, parent_id=10**9, user=personas.supervisor)
    with pytest.raises(PermissionDenied):
        task_parent_set(task=personas.task_a, parent_id=None, user=personas.reporter_a)
    district.refresh_from_db()
    assert district.parent == city and district.version == 1


def test_the_task_page_shows_the_ancestors_and_changes_the_parent(personas: Personas) -> None:
    city, other, _ = city_tasks()
    district = task_factory("区级举措", level="district", parent=city)
    zone = task_factory("园区举措", level="zone", parent=district)
    client = login(personas.supervisor)
    page = client.get(f"/ledger/tasks/{zone.pk}/").content.decode()
    assert 'id="ancestors"' in page and "2024-C-0001" in page and 'id="task-parent"' in page
    client.post(f"/ledger/tasks/{district.pk}/parent/", {"parent_code": other.code, "reason": "改为对应保税维修"})
    district.refresh_from_db()
    assert district.parent == other
    client.post(f"/ledger/tasks/{district.pk}/parent/", {"parent_code": "", "reason": ""})
    district.refresh_from_db()
    assert district.parent == other  # no reason, no change
    assert 'id="task-parent"' not in login(personas.leader).get(f"/ledger/tasks/{zone.pk}/").content.decode()
    refused = login(personas.reporter_a).post(f"/ledger/tasks/{personas.task_a.pk}/parent/",
                                              {"parent_code": city.code, "reason": "试图"})
    assert refused.status_code == 403
    personas.task_a.refresh_from_db()
    assert personas.task_a.parent is None


def test_the_chain_above_a_task_is_one_query_however_deep_and_a_cycle_ends_it(
        personas: Personas, django_assert_num_queries: Any) -> None:
    ministry = task_factory("部委任务", level="ministry")
    city = task_factory("市级任务", level="city", parent=ministry)
    district = task_factory("区级任务", level="district", parent=city)
    zone = task_factory("园区任务", level="zone", parent=district)
    with django_assert_num_queries(1):
        assert [t.title for t in task_ancestors(zone)] == ["部委任务", "市级任务", "区级任务"]
    assert task_ancestors(ministry) == []
    # A cycle written around the services (ministry under zone): the breadcrumbs stop, they do not loop.
    Task.objects.filter(pk=ministry.pk).update(parent=zone)
    assert [t.title for t in task_ancestors(zone)] == ["部委任务", "市级任务", "区级任务"]
    assert [t.pk for t in task_chain(city.pk)] == [city.pk, ministry.pk, zone.pk, district.pk]


def test_the_api_sets_a_parent_on_update_and_on_create(personas: Personas) -> None:
    city, *_ = city_tasks()
    district = task_factory("区级举措", level="district")
    client = login(personas.supervisor)
    url = f"/api/v1/tasks/{district.pk}"
    response = client.patch(url, data={"version": 1, "parent_id": city.pk, "reason": "对应"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["parent_id"] == city.pk
    refused = client.patch(f"/api/v1/tasks/{city.pk}", data={"version": 1, "parent_id": district.pk},
                           content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "parent_cycle"
    created = client.post("/api/v1/tasks", data={"title": "新举措", "level": "zone", "parent_id": district.pk},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["parent_id"] == district.pk
    lower = client.post("/api/v1/tasks", data={"title": "错挂", "level": "city", "parent_id": district.pk},
                        content_type="application/json")
    assert lower.status_code == 400 and not Task.objects.filter(title="错挂").exists()
    assert login(personas.reporter_a).post("/api/v1/tasks", data={"title": "x"},
                                           content_type="application/json").status_code == 403
    missing = client.patch(url, data={"version": 2, "parent_id": 10**9}, content_type="application/json")
    assert missing.status_code == 404


def test_the_api_reads_a_drafts_suggestions_and_sets_its_parent(personas: Personas) -> None:
    cross_border, repair, _ = city_tasks()
    zone = task_factory("园区任务", code="2024-Z-0001", level="zone")
    document, (first, second, _) = district_plan()
    draft_parents_suggest(document, personas.supervisor)
    client = login(personas.supervisor)
    read = client.get(f"/api/v1/documents/drafts/{second.pk}/parent").json()
    assert read["parent_id"] == repair.pk and read["preselected"] is True
    assert read["suggestions"][0]["reasons"][0] == {"kind": "code", "text": "文中注明任务编号：2024-C-0002"}
    url = f"/api/v1/documents/drafts/{first.pk}/parent"
    chosen = client.put(url, data={"parent_id": cross_border.pk}, content_type="application/json")
    assert chosen.status_code == 200 and chosen.json()["parent_id"] == cross_border.pk
    assert chosen.json()["preselected"] is False
    lower = client.put(url, data={"parent_id": zone.pk}, content_type="application/json")
    assert lower.status_code == 400 and lower.json()["code"] == "parent_lower_level"
    assert login(personas.reporter_a).get(url).status_code == 403


def test_the_review_page_shows_every_drafts_suggestions_in_a_fixed_number_of_queries(
        personas: Personas, django_assert_max_num_queries: object) -> None:
    city_tasks()
    document, _ = district_plan()
    for n in range(40):
        DraftMeasure.objects.create(document=document, title=f"推动跨境电商发展{n}", text=f"推动跨境电商发展{n}",
                                    start=0, end=2)
    draft_parents_suggest(document, personas.supervisor)
    client = login(personas.supervisor)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = client.get(f"/ledger/review/{document.pk}/").content.decode()
    assert page.count('class="accept-suggestion"') >= 40


def test_a_reference_by_number_finds_the_task_by_its_place_in_its_plan(personas: Personas) -> None:
    text = "市级实施方案\n一、扩大对外开放。二、优化营商环境。"
    city_plan = Document.objects.create(title="市级实施方案", text=text, content_hash="e" * 64)
    for code, sentence in (("2024-C-0101", "扩大对外开放"), ("2024-C-0102", "优化营商环境")):
        start = text.index(sentence)
        task_factory(sentence, code=code, level="city", source_document=city_plan, source_start=start,
                     source_end=start + len(sentence))
    document, (first, *_) = district_plan()
    first.text = first.title = "开展政务服务提质行动(对应市级实施方案第2条)"
    first.save()
    draft_parents_suggest(document, personas.supervisor)
    link = DraftParent.objects.select_related("parent").get(measure=first)
    assert link.parent is not None and link.parent.code == "2024-C-0102" and link.chosen_by is None
    assert "对应市级实施方案第2条" in link.suggestions[0]["reasons"][0]["text"]


def test_parents_are_suggested_again_for_a_plan_read_before_its_higher_level(personas: Personas) -> None:
    document, (first, *_) = district_plan()  # read before the city's tasks were confirmed
    client = login(personas.supervisor)
    assert 'id="suggest-again"' in client.get(f"/ledger/review/{document.pk}/").content.decode()
    cross_border, *_ = city_tasks()
    client.post(f"/ledger/review/{document.pk}/suggest/")
    assert DraftParent.objects.get(measure=first).suggestions[0]["task_id"] == cross_border.pk
    assert login(personas.reporter_a).post(f"/ledger/review/{document.pk}/suggest/").status_code == 403
