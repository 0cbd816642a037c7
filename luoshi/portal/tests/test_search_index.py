"""The public search's inverted index (issue 15, point 2): the same answers as the LIKE form it
replaced, kept current by every write, and asked by token equality (no scan of the texts)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.portal import search
from luoshi.portal.models import SearchToken
from luoshi.portal.selectors import measure_search, published_tasks
from luoshi.portal.services import measures_reindex, task_publication_update
from luoshi.portal.tests.conftest import Published

pytestmark = pytest.mark.django_db

QUERIES = ["海河", "实验室", "海河实验室", "海", "人才 补贴", "5G", "g", "研发补助", "滨海", "不存在的词",
           "智能制造", "安家", "区科技局", "英才计划", "2024", "a"]


@pytest.fixture
def more(published: Published) -> Published:
    p = published.personas
    for title, explanation, industries, areas in [
        ("推动5G基站建设2024年新增500个", "支持运营商在5G网络覆盖薄弱区域建站。", "通信", ""),
        ("海洋经济高质量发展", "培育海洋装备与海水淡化产业链。", "海洋装备、新材料", "临港经济区"),
        ("A股上市企业培育", "对在A股上市的企业给予奖励。", "", "滨海高新区、临港经济区"),
    ]:
        task = task_factory(title, lead_unit=p.unit_a)
        task_publication_update(task=task, user=p.supervisor, expected_version=1, is_public=True,
                                public_explanation=explanation, applies_to_industries=industries,
                                applies_to_areas=areas)
    return published


def _like_codes(q: str = "", industry: str = "", area: str = "") -> list[str]:
    """The answers of the LIKE form the index replaced (portal.search without an index)."""
    rows = published_tasks()
    query = search.parse_query(q)
    if not query.empty:
        rows = rows.filter(search.query_condition(query, "published__search_text"))
    if industry:
        rows = rows.filter(search.any_of("published__industries", [industry])
                           | search.Q(published__industries=""))
    if area:
        rows = rows.filter(search.any_of("published__areas", [area]) | search.Q(published__areas=""))
    return sorted(rows.values_list("code", flat=True))


def _indexed_codes(q: str = "", industry: str = "", area: str = "") -> list[str]:
    return sorted(measure_search(q=q, industry=industry, area=area).values_list("code", flat=True))


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_answers_as_the_like_form_did(more: Published, q: str) -> None:
    assert _indexed_codes(q) == _like_codes(q)


@pytest.mark.parametrize(("industry", "area"), [("通信", ""), ("海洋装备", ""), ("", "临港经济区"),
                                                ("生物医药", "滨海高新区"), ("不存在", "不存在")])
def test_the_finder_answers_as_the_like_form_did(more: Published, industry: str, area: str) -> None:
    assert _indexed_codes("", industry, area) == _like_codes("", industry, area)


def test_some_queries_find_something(more: Published) -> None:
    """The comparison above is not vacuous."""
    assert _indexed_codes("海河实验室") and _indexed_codes("5G") and _indexed_codes("海")


def test_a_search_asks_the_token_table_and_never_scans_the_texts(more: Published) -> None:
    with CaptureQueriesContext(connection) as queries:
        list(measure_search(q="海河实验室 补助", industry="生物医药"))
    (search_sql,) = [q["sql"] for q in queries.captured_queries if "portal_searchtoken" in q["sql"]]
    conditions = search_sql.split(" WHERE ", 1)[1]  # the rank (title LIKE the query) reads matches only
    assert "search_text" not in search_sql and "LIKE" not in conditions.upper()


def test_entries_follow_a_rename_and_a_withdrawal(published: Published) -> None:
    lab = published.lab
    lab.title = "建设渤海湾创新走廊"
    lab.save()
    assert lab.code in _indexed_codes("渤海湾") and lab.code not in _indexed_codes("中试")
    task_publication_update(task=Task.objects.get(pk=lab.pk), user=published.personas.supervisor,
                            expected_version=Task.objects.get(pk=lab.pk).version, is_public=False,
                            public_explanation="")
    assert not SearchToken.objects.filter(measure_id=lab.pk).exists()


def test_reindex_rebuilds_the_entries(more: Published, personas: Personas) -> None:
    before = sorted(SearchToken.objects.values_list("measure_id", "token"))
    SearchToken.objects.all().delete()
    indexed, _removed = measures_reindex()
    assert indexed == 5 and sorted(SearchToken.objects.values_list("measure_id", "token")) == before
