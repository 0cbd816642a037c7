"""Confirming task-list drafts: every unit resolved or the confirmation refused, never dropped;
the heading becomes the measure's parent; person and outcome reach the task (issue #11 points 2, 4)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import UnitLevel
from luoshi.ledger.models import Task, Unit
from luoshi.ledger.services import UnitResolver, draft_measure_confirm, unit_name_resolve
from luoshi.ledger.tests.factories import PASSWORD, Personas, unit_factory

pytestmark = pytest.mark.django_db

TEXT = "一、提升营商环境\n1.推行一件事集成办理。（牵头单位：区政务服务办；配合单位：区发改委、区数据局；责任人：周宁；预期成效：办理时限压缩一半）\n"


def make_plan() -> tuple[DraftMeasure, DraftMeasure]:
    document = Document.objects.create(title="某区优化营商环境实施方案", text=TEXT, content_hash="t" * 64,
                                       kind="policy", issued_on=date(2025, 3, 1))
    heading = DraftMeasure.objects.create(document=document, title="提升营商环境", text=TEXT[:7], start=0, end=7,
                                          heading=True)
    start = TEXT.index("1.")
    measure = DraftMeasure.objects.create(
        document=document, title="推行一件事集成办理", text=TEXT[start:-1], start=start, end=len(TEXT) - 1,
        parent=heading, category="提升营商环境", lead_unit_name="区政务服务办",
        co_unit_names=["区发改委", "区数据局"], responsible_person_name="周宁", expected_outcome="办理时限压缩一半",
        deadline=date(2025, 12, 31),
    )
    return heading, measure


@pytest.fixture
def directory() -> dict[str, Unit]:
    district = unit_factory("某某区人民政府", level=UnitLevel.DISTRICT, short_name="区政府", aliases="新区政府")
    return {
        "district": district,
        "office": unit_factory("某某区政务服务办公室", short_name="区政务服务办", parent=district),
        "ndrc": unit_factory("某某区发展和改革委员会", short_name="区发展改革委", parent=district),
        "city_ndrc": unit_factory("某某市发展和改革委员会", level=UnitLevel.CITY, short_name="市发展改革委"),
    }


def test_a_draft_naming_a_unit_the_directory_lacks_is_refused_naming_it(
        personas: Personas, directory: dict[str, Unit]) -> None:
    _, measure = make_plan()
    with pytest.raises(DomainError) as refused:
        draft_measure_confirm(measure=measure, user=personas.supervisor)
    assert "区数据局" in str(refused.value) and "区发改委" not in str(refused.value)
    assert not Task.objects.filter(source_measure=measure).exists()
    assert not Task.objects.filter(source_measure__heading=True).exists()  # nothing half-written


def test_a_unit_created_in_one_step_resolves_and_the_task_keeps_every_unit(
        personas: Personas, directory: dict[str, Unit]) -> None:
    heading, measure = make_plan()
    created = unit_name_resolve(name="区数据局", user=personas.supervisor, level=UnitLevel.DEPARTMENT,
                                parent=directory["district"], full_name="某某区数据管理局")
    assert created.short_name == "区数据局"
    task = draft_measure_confirm(measure=measure, user=personas.supervisor)
    assert task.lead_unit == directory["office"]
    assert set(task.co_units.all()) == {directory["ndrc"], created}  # 区发改委 = 区发展改革委, not the city's
    assert task.responsible_person is not None and task.responsible_person.name == "周宁"
    assert task.expected_outcome == "办理时限压缩一半"
    assert task.parent is not None and task.parent.source_measure == heading  # the heading, confirmed with it


def test_a_name_mapped_to_an_existing_unit_is_saved_as_its_alias(
        personas: Personas, directory: dict[str, Unit]) -> None:
    _, measure = make_plan()
    unit_name_resolve(name="区数据局", user=personas.supervisor, map_to=directory["ndrc"])
    directory["ndrc"].refresh_from_db()
    assert "区数据局" in directory["ndrc"].all_names
    task = draft_measure_confirm(measure=measure, user=personas.supervisor)
    assert list(task.co_units.all()) == [directory["ndrc"]]


def test_resolving_a_name_needs_one_choice_a_free_name_and_a_reviewer(
        personas: Personas, directory: dict[str, Unit]) -> None:
    with pytest.raises(DomainError):
        unit_name_resolve(name="区数据局", user=personas.supervisor)
    with pytest.raises(DomainError):
        unit_name_resolve(name="区发展改革委", user=personas.supervisor, map_to=directory["office"])
    with pytest.raises(PermissionDenied):
        unit_name_resolve(name="区数据局", user=personas.reporter_a, map_to=directory["ndrc"])


def test_the_resolver_matches_abbreviations_and_levels_but_never_a_contained_name(
        directory: dict[str, Unit]) -> None:
    resolver = UnitResolver()
    assert resolver.resolve("区发改委") == directory["ndrc"]
    assert resolver.resolve("区发展和改革委员会") == directory["ndrc"]
    assert resolver.resolve("发改委") == directory["ndrc"]  # a district plan's bare name is the district's
    assert resolver.resolve("市发改委") == directory["city_ndrc"]
    assert resolver.resolve("区政府办公室") is None  # not 区政府 (the district government)
    assert UnitResolver(task_level="city").resolve("发改委") == directory["city_ndrc"]


def login(user: object) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_the_review_page_shows_every_field_and_proposes_the_missing_unit(
        personas: Personas, directory: dict[str, Unit]) -> None:
    heading, measure = make_plan()
    measure.problems = ["invalid_deadline"]
    measure.save()
    page = login(personas.supervisor).get(f"/ledger/review/{measure.document_id}/").content.decode()
    for shown in ("提升营商环境", "区发改委、区数据局", "周宁", "办理时限压缩一半", "完成时限不是有效日期",
                  "单位“区数据局”不在单位名录中", 'id="proposed-units"'):
        assert shown in page
    assert page.count('class="unit-proposal"') == 1  # 区发改委 resolves; only 区数据局 is proposed


def test_the_review_page_creates_a_proposed_unit_and_then_confirms_the_draft(
        personas: Personas, directory: dict[str, Unit]) -> None:
    _, measure = make_plan()
    client = login(personas.supervisor)
    response = client.post(f"/ledger/review/{measure.document_id}/units/", {
        "prefix": "u0", "u0-name": "区数据局", "u0-full_name": "某某区数据局", "u0-level": UnitLevel.DEPARTMENT,
        "u0-parent": directory["district"].pk,
    })
    assert response.status_code == 302 and Unit.objects.filter(name="某某区数据局").exists()
    response = client.post(f"/ledger/drafts/{measure.pk}/confirm/", {
        f"m{measure.pk}-title": measure.title, f"m{measure.pk}-level": "district",
        f"m{measure.pk}-co_unit_names": "区发改委、区数据局",
    })
    task = Task.objects.get(source_measure=measure)
    assert {u.name for u in task.co_units.all()} == {"某某区发展和改革委员会", "某某区数据局"}


def test_an_edit_on_the_review_page_cannot_drop_an_unknown_unit(
        personas: Personas, directory: dict[str, Unit]) -> None:
    _, measure = make_plan()
    client = login(personas.supervisor)
    client.post(f"/ledger/drafts/{measure.pk}/confirm/", {
        f"m{measure.pk}-title": measure.title, f"m{measure.pk}-level": "district", f"m{measure.pk}-lead_unit": "",
        f"m{measure.pk}-co_unit_names": "区发改委、区数据局",
    })
    assert not Task.objects.filter(source_measure=measure).exists()
    measure.refresh_from_db()
    assert measure.co_unit_names == ["区发改委", "区数据局"]


def test_a_rejected_heading_leaves_its_measures_without_it(personas: Personas, directory: dict[str, Unit]) -> None:
    from luoshi.ledger.services import draft_measure_reject

    heading, measure = make_plan()
    measure.co_unit_names = ["区发改委"]
    measure.save()
    draft_measure_reject(measure=heading, user=personas.supervisor)
    task = draft_measure_confirm(measure=measure, user=personas.supervisor)
    assert task.parent is None and Task.objects.count() == 1 + 3  # the personas' three tasks


def test_bulk_confirming_a_heading_with_its_measures_makes_one_heading_task(
        personas: Personas, directory: dict[str, Unit]) -> None:
    heading, measure = make_plan()
    measure.co_unit_names = ["区发改委"]
    measure.save()
    response = login(personas.supervisor).post(f"/ledger/review/{measure.document_id}/bulk/", {
        "selected": [heading.pk, measure.pk], "action": "confirm"})
    assert response.status_code == 302
    heading_task = Task.objects.get(source_measure=heading)
    assert Task.objects.get(source_measure=measure).parent == heading_task
    assert heading_task.lead_unit is None and heading_task.category == ""


def test_a_county_plan_names_its_departments_without_the_county(directory: dict[str, Unit]) -> None:
    county = unit_factory("青山县人民政府", level=UnitLevel.DISTRICT, short_name="青山县")
    commerce = unit_factory("青山县商务局", parent=county)
    resolver = UnitResolver()
    assert resolver.resolve("县商务局") == commerce
    assert resolver.resolve("商务局") == commerce
    assert resolver.resolve("市商务局") is None  # the city's, which this directory lacks


# A city's action plan in another style: 〔〕 notes, verb phrasing, a group note, a wrapped line.
CITY_PLAN = """云岭市数字经济提速行动方案（2025—2026年）

云岭市人民政府

一、总体要求

坚持应用牵引，加快数字化转型。

二、重点行动

（一）夯实数字底座

1.建设城市算力中心。2025年底前建成一期。〔牵头单位：市发展改革委；配合单位：市数据局、市工业和信息化局；完成时限：2025年12月底前〕

2.推进千兆光网进楼入户。
市通信管理办公室牵头，市住房城乡建设局配合。

（二）培育数字企业

3.实施企业上云行动。

4.建设数字产业园。
牵头单位：市工业和信息化局；配合单位：各区人民政府；完成时限：持续推进
"""


def test_a_city_plan_goes_from_text_to_a_ledger_tree_with_every_unit(personas: Personas) -> None:
    from luoshi.documents.services import document_ingest
    from luoshi.ledger.services import draft_measures_confirm_bulk

    city = unit_factory("云岭市人民政府", level=UnitLevel.CITY, short_name="市政府")
    for name, short in (("云岭市发展和改革委员会", "市发展改革委"), ("云岭市工业和信息化局", "市工业和信息化局"),
                        ("云岭市住房和城乡建设局", "市住房城乡建设局")):
        unit_factory(name, level=UnitLevel.CITY, short_name=short, parent=city)
    document = document_ingest(data=CITY_PLAN.encode("utf-8"), filename="plan.txt").document
    drafts = list(document.measures.order_by("start"))
    missing = UnitResolver(task_level="city").unresolved(
        [name for d in drafts for name in (d.lead_unit_name, *d.co_unit_names)])
    assert missing == ["市数据局", "市通信管理办公室", "各区人民政府"]
    with pytest.raises(DomainError):
        draft_measures_confirm_bulk(measures=drafts, user=personas.supervisor)
    assert not Task.objects.filter(source_document=document).exists()  # all or nothing
    for name in missing:
        unit_name_resolve(name=name, user=personas.supervisor, level=UnitLevel.CITY, parent=city)
    draft_measures_confirm_bulk(measures=drafts, user=personas.supervisor)
    tasks = {t.title: t for t in Task.objects.filter(source_document=document)}
    assert tasks["建设城市算力中心"].parent == tasks["夯实数字底座"]
    assert tasks["夯实数字底座"].parent == tasks["重点行动"]
    assert tasks["建设城市算力中心"].lead_unit == Unit.objects.get(name="云岭市发展和改革委员会")
    assert {u.name for u in tasks["建设城市算力中心"].co_units.all()} == {"市数据局", "云岭市工业和信息化局"}
    assert tasks["建设城市算力中心"].deadline == date(2025, 12, 31)
    assert tasks["推进千兆光网进楼入户"].lead_unit == Unit.objects.get(name="市通信管理办公室")
    assert tasks["实施企业上云行动"].lead_unit == Unit.objects.get(name="云岭市工业和信息化局")  # the group note
    assert tasks["实施企业上云行动"].co_units.get().name == "各区人民政府"
    assert tasks["建设数字产业园"].category == "重点行动 › 培育数字企业"
    # 持续推进 reaches the task: no deadline to miss, and the ledger export says so
    assert tasks["建设数字产业园"].ongoing and tasks["建设数字产业园"].deadline is None
    assert not tasks["建设城市算力中心"].ongoing
    from luoshi.briefings.exports.ledger_xlsx import ledger_rows
    row = next(ledger_rows(Task.objects.filter(pk=tasks["建设数字产业园"].pk)))
    assert "持续推进" in row


def test_a_county_name_is_never_a_districts_unit(directory: dict[str, Unit]) -> None:
    district_commerce = unit_factory("某某区商务局", short_name="区商务局", parent=directory["district"])
    resolver = UnitResolver()
    assert resolver.resolve("区商务局") == district_commerce and resolver.resolve("商务局") == district_commerce
    assert resolver.resolve("县商务局") is None
