"""The public portal: published measures only, searchable in Chinese, no login, nothing leaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import Conflict, DomainError, PermissionDenied
from luoshi.ledger.services import task_update
from luoshi.ledger.tests.factories import PASSWORD
from luoshi.portal.models import PublishedMeasure
from luoshi.portal.selectors import measure_search
from luoshi.portal.services import task_publication_update
from luoshi.portal.tests.conftest import Published

pytestmark = pytest.mark.django_db


def titles(rows: Any) -> list[str]:
    return [t.title for t in rows]


def test_a_two_character_word_finds_its_measure(published: Published) -> None:
    assert titles(measure_search(q="海河")) == ["建设海河实验室", "实施海河英才计划"]
    assert titles(measure_search(q="英才")) == ["实施海河英才计划"]
    assert titles(measure_search(q="补助")) == ["建设海河实验室"]  # from the explanation


def test_several_words_must_all_match(published: Published) -> None:
    assert titles(measure_search(q="海河 人才")) == ["实施海河英才计划"]
    assert titles(measure_search(q="海河实验室")) == ["建设海河实验室"]
    assert titles(measure_search(q="港口")) == []


def test_the_title_match_ranks_first(published: Published) -> None:
    assert titles(measure_search(q="人才"))[0] == "实施海河英才计划"


def test_unpublished_tasks_never_appear(published: Published) -> None:
    assert "海河实验室内部人事调整" not in titles(measure_search(q="海河"))
    assert "海河实验室内部人事调整" not in titles(measure_search(q="人事"))
    assert "实施7个片区合流制改造" not in titles(measure_search())


def test_a_stale_index_row_shows_nothing(published: Published) -> None:
    """Rows are never the gate: an index row of a task made private by any means stays hidden (#6)."""
    from luoshi.ledger.models import Task

    Task.objects.filter(pk=published.lab.pk).update(is_public=False)
    assert PublishedMeasure.objects.filter(task=published.lab).exists()
    assert "建设海河实验室" not in titles(measure_search(q="海河"))


def test_the_enterprise_finder_matches_industry_and_area(published: Published) -> None:
    assert titles(measure_search(industry="生物医药")) == ["建设海河实验室", "实施海河英才计划"]  # the latter: any
    assert titles(measure_search(industry="港口物流", area="滨海高新区")) == ["实施海河英才计划"]
    assert titles(measure_search(area="滨海高新区")) == ["建设海河实验室", "实施海河英才计划"]


def test_browsing_by_unit(published: Published) -> None:
    assert titles(measure_search(unit=published.personas.unit_b.pk)) == ["实施海河英才计划"]


def test_publishing_requires_a_supervisor_and_an_explanation(published: Published) -> None:
    p = published.personas
    with pytest.raises(PermissionDenied):
        task_publication_update(task=p.task_b, user=p.reporter_b, expected_version=1, is_public=True,
                                public_explanation="解读")
    with pytest.raises(DomainError):
        task_publication_update(task=p.task_b, user=p.supervisor, expected_version=1, is_public=True,
                                public_explanation="  ")
    with pytest.raises(Conflict):
        task_publication_update(task=published.lab, user=p.supervisor, expected_version=1, is_public=False,
                                public_explanation="")


def test_withdrawing_removes_the_measure_from_the_index(published: Published) -> None:
    task_publication_update(task=published.lab, user=published.personas.supervisor,
                            expected_version=published.lab.version, is_public=False, public_explanation="")
    assert not PublishedMeasure.objects.filter(task=published.lab).exists()
    assert titles(measure_search(q="海河")) == ["实施海河英才计划"]


def test_a_renamed_public_task_is_found_by_its_new_title(published: Published) -> None:
    task_update(task=published.talent, user=published.personas.supervisor, title="实施鲲鹏人才计划")
    assert titles(measure_search(q="鲲鹏")) == ["实施鲲鹏人才计划"]


def test_reindex_rebuilds_the_index(published: Published) -> None:
    PublishedMeasure.objects.all().delete()
    PublishedMeasure.objects.create(task=published.secret, search_text=" 海河 ")
    call_command("reindex")
    assert set(PublishedMeasure.objects.values_list("task_id", flat=True)) == {published.lab.pk, published.talent.pk}


def test_public_pages_need_no_login_and_show_published_measures_only(published: Published, client: Client,
                                                                     django_assert_max_num_queries: Any) -> None:
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200 and "区科技局" in home.content.decode()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("portal:measures"), {"q": "海河"})
    html = page.content.decode()
    assert "建设海河实验室" in html and "实施海河英才计划" in html
    assert "内部人事调整" not in html and "内部信息" not in html
    detail = client.get(reverse("portal:measure", args=[published.lab.pk])).content.decode()
    assert "支持企业与海河实验室合作开展研发" in detail and "生物医药" in detail
    assert client.get(reverse("portal:measure", args=[published.secret.pk])).status_code == 404
    finder = client.get(reverse("portal:finder"), {"industry": "智能制造"}).content.decode()
    assert "建设海河实验室" in finder


def test_the_public_api_needs_no_login_and_leaks_nothing(published: Published, client: Client) -> None:
    data = client.get("/api/v1/public/measures", {"q": "海河"}).json()
    assert data["count"] == 2
    assert {r["title"] for r in data["results"]} == {"建设海河实验室", "实施海河英才计划"}
    fields = set(data["results"][0])
    assert not fields & {"progress_note", "responsible_person", "description", "version"}
    assert client.get(f"/api/v1/public/measures/{published.secret.pk}").status_code == 404
    assert client.get(f"/api/v1/public/measures/{published.lab.pk}").json()["lead_unit"] == "区科技局"


def test_supervisors_set_the_public_fields_on_their_page(published: Published, client: Client) -> None:
    p = published.personas
    assert client.login(username="rep_a", password=PASSWORD)
    assert client.get(reverse("portal:manage")).status_code == 404
    client.logout()
    assert client.login(username="sup", password=PASSWORD)
    assert "建设海河实验室" in client.get(reverse("portal:manage"), {"public": "1"}).content.decode()
    task = p.task_b
    response = client.post(reverse("portal:manage_edit", args=[task.pk]), {
        "is_public": "on", "public_explanation": "实施7个片区雨污合流制改造,改善水环境。",
        "applies_to_areas": "塘沽、汉沽", "version": task.version,
    })
    assert response.status_code == 302
    assert titles(measure_search(q="雨污")) == ["实施7个片区合流制改造"]
    refused = client.post(reverse("portal:manage_edit", args=[p.task_shared.pk]), {
        "is_public": "on", "public_explanation": "", "version": 1})
    assert "须有面向公众的政策解读" in refused.content.decode()
