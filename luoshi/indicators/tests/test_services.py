"""Indicator services: confirming extracted targets, entering observations, the catalogue, task links."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.documents.models import Document, ExtractedItem
from luoshi.indicators.choices import Expression, ObservationSource
from luoshi.indicators.constants import MSG_NOT_ALLOWED_OBSERVE
from luoshi.indicators.models import Indicator, Observation
from luoshi.indicators.services import (
    indicator_adopt_standard,
    indicator_create,
    indicator_match,
    indicator_task_link,
    indicator_update,
    name_key,
    observation_delete,
    observation_record,
    target_confirm_from_item,
    target_set,
)
from luoshi.indicators.standard import STANDARD_INDICATORS
from luoshi.indicators.tests.factories import TODAY, indicator_factory, observe
from luoshi.ledger.tests.factories import Personas

pytestmark = pytest.mark.django_db

TEXT = ("2024年经济社会发展主要预期目标:地区生产总值同比增长4.8%左右;一般公共预算收入同比增长6%;"
        "固定资产投资同比持平,居民人均可支配收入保持与经济增长基本同步。城镇新增就业9.5万人。新增学位1万个以上。")


def _item(quote: str, indicator: str, value: float, unit: str, comparator: str = "eq",
          period: str = "2024") -> ExtractedItem:
    document, _ = Document.objects.get_or_create(
        content_hash=hashlib.sha256(TEXT.encode()).hexdigest(), defaults={"title": "工作报告", "text": TEXT})
    start = TEXT.index(quote)
    return ExtractedItem.objects.create(document=document, kind="target", indicator=indicator, value=value, unit=unit,
                                        comparator=comparator, period=period, quote=quote, start=start,
                                        end=start + len(quote))


def test_a_confirmed_target_keeps_its_source_span_and_lands_in_the_standard_indicator(personas: Personas) -> None:
    item = _item("地区生产总值同比增长4.8%左右", "地区生产总值增速", 4.8, "%", "about")
    target = target_confirm_from_item(item=item, user=personas.supervisor)
    assert target is not None
    assert target.indicator.name == "地区生产总值增速"
    assert target.indicator.expression == Expression.GROWTH and target.indicator.frequency == "quarter"
    assert (target.comparator, target.value, target.year) == ("about", Decimal("4.8000"), 2024)
    assert target.source_item == item and target.source_document == item.document
    assert target.source_quote == "地区生产总值同比增长4.8%左右"
    item.refresh_from_db()
    assert item.status == "confirmed"


def test_a_confirmed_value_is_converted_into_the_indicators_unit(personas: Personas) -> None:
    """Extraction gives 95000 人; the catalogue keeps 城镇新增就业 in 万人."""
    target = target_confirm_from_item(item=_item("城镇新增就业9.5万人", "城镇新增就业", 95000, "人"),
                                      user=personas.supervisor)
    assert target is not None and target.indicator.unit == "万人" and target.value == Decimal("9.5")


def test_flat_is_recognised_from_its_words(personas: Personas) -> None:
    target = target_confirm_from_item(item=_item("固定资产投资同比持平", "固定资产投资同比", 0, "%", "about"),
                                      user=personas.supervisor)
    assert target is not None and target.comparator == "flat"
    assert target.indicator.name == "固定资产投资增速"


def test_in_step_follows_economic_growth(personas: Personas) -> None:
    item = _item("居民人均可支配收入保持与经济增长基本同步", "居民人均可支配收入", 0, "%", "eq")
    target = target_confirm_from_item(item=item, user=personas.supervisor)
    assert target is not None and target.comparator == "in_step"
    assert target.reference_indicator is not None and target.reference_indicator.name == "地区生产总值增速"
    assert target.value is None


def test_an_unknown_indicator_is_created_from_the_item(personas: Personas) -> None:
    target = target_confirm_from_item(item=_item("新增学位1万个以上", "新增中小学学位数", 10000, "个", "gte"),
                                      user=personas.supervisor)
    assert target is not None
    assert target.indicator.name == "新增中小学学位数" and target.indicator.cumulative
    assert target.comparator == "gte" and target.value == Decimal("10000")


def test_confirming_again_updates_the_same_target(personas: Personas) -> None:
    item = _item("城镇新增就业9.5万人", "城镇新增就业", 95000, "人")
    first = target_confirm_from_item(item=item, user=personas.supervisor)
    second = target_confirm_from_item(item=item, user=personas.supervisor)
    assert first is not None and second is not None and first.pk == second.pk
    assert Indicator.objects.count() == 1


def test_items_that_are_not_targets_with_a_year_are_skipped(personas: Personas) -> None:
    assert target_confirm_from_item(item=_item("城镇新增就业9.5万人", "城镇新增就业", 95000, "人", period=""),
                                    user=personas.supervisor) is None


def test_only_oversight_confirms_targets(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        target_confirm_from_item(item=_item("城镇新增就业9.5万人", "城镇新增就业", 95000, "人"), user=personas.leader)


def test_names_match_across_wordings() -> None:
    assert name_key("地区生产总值同比增长") == name_key("地区生产总值增速")
    assert name_key("实施7个片区合流制改造"[0:2] + "片区合流制改造") == name_key("片区合流制改造")
    assert name_key("一般公共预算收入") != name_key("一般公共预算收入增速")
    indicator = indicator_factory("城镇新增就业", aliases="新增就业")
    assert indicator_match("新增就业") == indicator
    assert indicator_match("  ") is None


def test_no_two_standard_entries_share_a_name() -> None:
    keys = [k for entry in STANDARD_INDICATORS for k in {name_key(n) for n in (entry.name, *entry.aliases)}]
    assert len(keys) == len(set(keys))


def test_the_baseline_is_last_years_year_end_actual(personas: Personas) -> None:
    indicator = indicator_factory("海绵城市建成区面积占比", unit="%", expression="share", cumulative=False)
    observe(indicator, 2023, {12: 38.7})
    target = target_set(indicator=indicator, year=2024, user=personas.supervisor, comparator="gte", value=44)
    assert target.baseline == Decimal("38.7")


def test_a_target_needs_its_value_or_reference(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    indicator = indicator_factory()
    with pytest.raises(ValidationError):
        target_set(indicator=indicator, year=2024, user=personas.supervisor, comparator="about", value=None)
    with pytest.raises(ValidationError):
        target_set(indicator=indicator, year=2024, user=personas.supervisor, comparator="in_step")
    with pytest.raises(ValidationError):
        target_set(indicator=indicator, year=2024, user=personas.supervisor, comparator="in_step",
                   reference_indicator=indicator)


# --- observations ------------------------------------------------------------------------------------

def test_a_reporter_enters_their_units_indicator_and_corrections_keep_history(personas: Personas) -> None:
    indicator = indicator_factory(responsible_unit=personas.unit_a)
    first = observation_record(indicator=indicator, period="2024-03", value=2.3, user=personas.reporter_a,
                               today=TODAY)
    assert first.period_end == date(2024, 3, 31) and first.value == Decimal("2.3")
    observation_record(indicator=indicator, period="2024年3月", value=2.4, user=personas.reporter_a,
                       note="统计局修订", today=TODAY)
    assert Observation.objects.count() == 1
    history = list(Observation.history.order_by("history_id"))
    assert [h.value for h in history] == [Decimal("2.3000"), Decimal("2.4000")]
    assert history[-1].history_user == personas.reporter_a and history[-1].history_change_reason == "页面填报"


def test_re_entering_the_same_value_writes_no_history(personas: Personas) -> None:
    indicator = indicator_factory(responsible_unit=personas.unit_a)
    observation_record(indicator=indicator, period="2024-03", value=2.3, user=personas.reporter_a, today=TODAY)
    observation_record(indicator=indicator, period="2024-03", value=Decimal("2.30"), user=personas.reporter_a,
                       today=TODAY)
    assert Observation.history.count() == 1


@pytest.mark.parametrize("who", ["reporter_b", "leader"])
def test_others_may_not_enter_observations(personas: Personas, who: str) -> None:
    indicator = indicator_factory(responsible_unit=personas.unit_a)
    with pytest.raises(PermissionDenied) as caught:
        observation_record(indicator=indicator, period="2024-03", value=1, user=getattr(personas, who), today=TODAY)
    assert caught.value.message == MSG_NOT_ALLOWED_OBSERVE
    assert not Observation.objects.exists()


@pytest.mark.parametrize("who", ["supervisor", "admin"])
def test_oversight_enters_any_indicator(personas: Personas, who: str) -> None:
    indicator = indicator_factory(responsible_unit=personas.unit_a)
    observation_record(indicator=indicator, period="2024-03", value=1, user=getattr(personas, who), today=TODAY,
                       source=ObservationSource.API)
    assert Observation.objects.get().source == "api"


def test_a_future_period_is_refused(personas: Personas) -> None:
    indicator = indicator_factory()
    with pytest.raises(DomainError) as caught:
        observation_record(indicator=indicator, period="2024-12", value=1, user=personas.supervisor, today=TODAY)
    assert "尚未开始" in str(caught.value.message)


def test_a_quarterly_indicator_refuses_a_month_that_ends_no_quarter(personas: Personas) -> None:
    indicator = indicator_factory(frequency="quarter")
    with pytest.raises(DomainError) as caught:
        observation_record(indicator=indicator, period="2024-05", value=1, user=personas.supervisor, today=TODAY)
    assert "季末" in str(caught.value.message)


def test_units_are_converted_when_unambiguous_and_refused_when_not(personas: Personas) -> None:
    indicator = indicator_factory(unit="万元")
    observation = observation_record(indicator=indicator, period="2024-03", value=1.2, unit="亿元",
                                     user=personas.supervisor, today=TODAY)
    assert observation.value == Decimal("12000")
    with pytest.raises(DomainError) as caught:
        observation_record(indicator=indicator, period="2024-04", value=5, unit="人", user=personas.supervisor,
                           today=TODAY)
    assert "无法换算" in str(caught.value.message)


def test_deleting_an_observation_leaves_it_in_the_history(personas: Personas) -> None:
    indicator = indicator_factory(responsible_unit=personas.unit_a)
    observation = observation_record(indicator=indicator, period="2024-03", value=1, user=personas.reporter_a,
                                     today=TODAY)
    with pytest.raises(PermissionDenied):
        observation_delete(observation=observation, user=personas.reporter_b)
    observation_delete(observation=observation, user=personas.reporter_a)
    assert not Observation.objects.exists()
    assert Observation.history.filter(history_type="-").count() == 1


# --- catalogue ---------------------------------------------------------------------------------------

def test_names_and_aliases_may_not_collide(personas: Personas) -> None:
    indicator_create(user=personas.supervisor, name="城镇新增就业", unit="万人", aliases=["新增就业"])
    with pytest.raises(DomainError):
        indicator_create(user=personas.supervisor, name="新增就业")
    with pytest.raises(PermissionDenied):
        indicator_create(user=personas.reporter_a, name="别的指标")


def test_an_update_changes_only_catalogue_fields(personas: Personas) -> None:
    indicator = indicator_factory()
    updated = indicator_update(indicator=indicator, user=personas.supervisor, unit="（万元）", aliases=["甲", "乙"])
    assert updated.unit == "万元" and updated.aliases == "甲\n乙"
    with pytest.raises(DomainError):
        indicator_update(indicator=indicator, user=personas.supervisor, created_at=None)


def test_an_extracted_indicator_adopts_the_standard_one_converting_its_targets(personas: Personas) -> None:
    entry = next(e for e in STANDARD_INDICATORS if e.name == "城镇新增就业")
    extracted = indicator_factory("新增城镇就业人员", unit="人")
    target_set(indicator=extracted, year=2024, user=personas.supervisor, value=95000)
    adopted = indicator_adopt_standard(extracted, entry)
    assert adopted.name == "城镇新增就业" and adopted.unit == "万人" and "新增城镇就业人员" in adopted.all_names
    assert adopted.targets.get().value == Decimal("9.5")


def test_an_indicator_with_data_is_never_adopted(personas: Personas) -> None:
    entry = next(e for e in STANDARD_INDICATORS if e.name == "城镇新增就业")
    curated = indicator_factory("新增城镇就业人员", unit="人")
    observe(curated, 2024, {1: 5000})
    assert indicator_adopt_standard(curated, entry).name == "新增城镇就业人员"


def test_only_oversight_links_tasks(personas: Personas) -> None:
    indicator = indicator_factory()
    with pytest.raises(PermissionDenied):
        indicator_task_link(indicator=indicator, task=personas.task_a, user=personas.reporter_a)
    indicator_task_link(indicator=indicator, task=personas.task_a, user=personas.supervisor)
    assert list(personas.task_a.indicators.all()) == [indicator]
