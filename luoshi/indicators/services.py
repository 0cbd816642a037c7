"""Writes of the indicators app: the catalogue, annual targets, observations and task links.

Every service is keyword-only, checks the acting user's permission (through
luoshi.indicators.permissions), validates with full_clean() and runs in a transaction. Field
history is recorded by django-simple-history on every save; services set the acting user and a
reason so that the history says who changed what and through which channel.
Excel imports live in luoshi.indicators.imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, overload

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError, PermissionDenied
from luoshi.core.history import acting_user, recording, save_with_history
from luoshi.core.periods import PeriodError, month_end, period_end_for, period_key, period_starts_after
from luoshi.core.units import convert, is_rate_unit, normalize_unit
from luoshi.documents.choices import DraftStatus, ItemKind
from luoshi.documents.models import ExtractedItem
from luoshi.indicators.choices import Direction, Expression, Frequency, ObservationSource, TargetComparator
from luoshi.indicators.constants import (
    MSG_FUTURE_PERIOD,
    MSG_NAME_TAKEN,
    MSG_NOT_ALLOWED_MANAGE,
    MSG_NOT_ALLOWED_OBSERVE,
    MSG_UNIT_MISMATCH,
)
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.indicators.permissions import can_edit_indicator, can_manage_indicators
from luoshi.indicators.standard import StandardIndicator, standard_for
from luoshi.ledger.models import Task, Unit

# Fields an indicator edit may change.
EDITABLE_INDICATOR_FIELDS = {
    "name", "aliases", "definition", "unit", "direction", "expression", "frequency", "cumulative",
    "responsible_unit", "is_active",
}

FOUR_PLACES = Decimal("0.0001")

_QUOTES = re.compile(r"[\s\u3000“”\"'‘’「」『』]")
_GROWTH_SUFFIX = re.compile(r"(同比)?(增长率|增长|增速|增幅)$|同比$")
# Verbs a work report puts before what it counts (实施7个片区合流制改造 → 片区合流制改造).
_LEADING_VERBS = re.compile(r"^(实施|完成|推进|推动|加快|开展|实现|持续)")


@overload
def _decimal(value: Decimal | float | int | str) -> Decimal: ...
@overload
def _decimal(value: None) -> None: ...
@overload
def _decimal(value: Decimal | float | int | str | None) -> Decimal | None: ...
def _decimal(value: Decimal | float | int | str | None) -> Decimal | None:
    """A value as stored: Decimal with four places (a converted 12345人 is 1.2345万人)."""
    if value is None:
        return None
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount.quantize(FOUR_PLACES)


def _require_manager(user: Any) -> None:
    if user is not None and not can_manage_indicators(user):
        raise PermissionDenied(MSG_NOT_ALLOWED_MANAGE)




# --- names ---------------------------------------------------------------------------------------

def name_key(name: str) -> str:
    """A name reduced for matching: no spaces or quotes, no leading 实施/完成/推进…, and a trailing
    同比/同比增长/增长/增幅 read as 增速.

    地区生产总值同比增长 and 地区生产总值增速 share a key; 一般公共预算收入 does not share one with
    一般公共预算收入增速 (a level is not its growth rate), which is why standard entries list both.
    """
    key = _LEADING_VERBS.sub("", _QUOTES.sub("", name or ""))
    return _GROWTH_SUFFIX.sub("增速", key) if _GROWTH_SUFFIX.search(key) else key


def indicator_name_index(indicators: Iterable[Indicator] | None = None) -> dict[str, Indicator]:
    """Every name and alias of every indicator, by name_key, for matching many names at once."""
    index: dict[str, Indicator] = {}
    for indicator in indicators if indicators is not None else Indicator.objects.all():
        for name in indicator.all_names:
            index.setdefault(name_key(name), indicator)
    for indicator in indicators if indicators is not None else Indicator.objects.all():
        index[name_key(indicator.name)] = indicator  # a name beats another indicator's alias
    return index


def indicator_match(name: str) -> Indicator | None:
    """The indicator whose name or an alias matches `name` (by name_key), or None."""
    if not name or not name.strip():
        return None
    exact = Indicator.objects.filter(name=name.strip()).first()
    if exact is not None:
        return exact
    return indicator_name_index().get(name_key(name))


# --- catalogue -----------------------------------------------------------------------------------

def _check_names_free(names: Iterable[str], exclude_pk: int | None = None) -> None:
    index = indicator_name_index(Indicator.objects.exclude(pk=exclude_pk) if exclude_pk else None)
    for name in names:
        other = index.get(name_key(name))
        if other is not None:
            raise DomainError(MSG_NAME_TAKEN % {"name": other.name}, field="name")


@transaction.atomic
def indicator_create(*, user: Any, name: str, unit: str = "", aliases: Iterable[str] = (), definition: str = "",
                     direction: str = Direction.HIGHER_IS_BETTER, expression: str = Expression.LEVEL,
                     frequency: str = Frequency.MONTH, cumulative: bool = True,
                     responsible_unit: Unit | None = None, is_active: bool = True) -> Indicator:
    """Add an indicator to the catalogue. Oversight only; names and aliases must not collide."""
    _require_manager(user)
    alias_list = [a.strip() for a in aliases if a and a.strip()]
    _check_names_free([name, *alias_list])
    indicator = Indicator(
        name=name.strip(), unit=normalize_unit(unit), aliases="\n".join(alias_list), definition=definition,
        direction=direction, expression=expression, frequency=frequency, cumulative=cumulative,
        responsible_unit=responsible_unit, is_active=is_active,
    )
    indicator.full_clean()
    save_with_history(indicator, user, _("新建指标"))
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, user: Any, **changes: Any) -> Indicator:
    """Change catalogue fields of an indicator (EDITABLE_INDICATOR_FIELDS). Oversight only."""
    _require_manager(user)
    unknown = set(changes) - EDITABLE_INDICATOR_FIELDS
    if unknown:
        raise DomainError(_("不能修改这些字段:%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if "aliases" in changes and not isinstance(changes["aliases"], str):
        changes["aliases"] = "\n".join(a.strip() for a in changes["aliases"] if a and a.strip())
    if "unit" in changes:
        changes["unit"] = normalize_unit(changes["unit"])
    for field, value in changes.items():
        setattr(locked, field, value)
    if "name" in changes or "aliases" in changes:
        _check_names_free(locked.all_names, exclude_pk=locked.pk)
    locked.full_clean()
    save_with_history(locked, user, _("修改指标"))
    return locked


def _unit_by_short_name(short_name: str) -> Unit | None:
    if not short_name:
        return None
    return Unit.objects.filter(short_name=short_name).first() or Unit.objects.filter(name=short_name).first()


def indicator_from_standard(entry: StandardIndicator, *, user: Any = None) -> Indicator:
    """The indicator for a standard entry: found by its names, or created with the entry's attributes.

    An existing indicator is returned unchanged, except that a missing responsible unit is filled
    in. No permission check: callers are confirmation services and the demo loader, which check.
    """
    for name in (entry.name, *entry.aliases):
        found = indicator_match(name)
        if found is not None:
            if found.responsible_unit_id is None and entry.responsible_unit:
                unit = _unit_by_short_name(entry.responsible_unit)
                if unit is not None:
                    found.responsible_unit = unit
                    save_with_history(found, user, _("补充责任单位"))
            return found
    indicator = Indicator(
        name=entry.name, unit=entry.unit, aliases="\n".join(entry.aliases), definition=entry.definition,
        direction=entry.direction, expression=entry.expression, frequency=entry.frequency,
        cumulative=entry.cumulative, responsible_unit=_unit_by_short_name(entry.responsible_unit),
    )
    indicator.full_clean()
    save_with_history(indicator, user, _("按标准指标新建"))
    return indicator


def indicator_adopt_standard(indicator: Indicator, entry: StandardIndicator, *, user: Any = None) -> Indicator:
    """Turn an indicator created from a document's wording (建成区面积) into the standard one
    (海绵城市建成区面积占比): its name, unit and attributes, keeping the old name as an alias and
    converting its targets into the new unit.

    Only an indicator without observations is changed (one with data has been curated); one
    whose targets cannot be converted, or whose new name is taken, is returned unchanged.
    """
    if indicator.name == entry.name or indicator.observations.exists():
        return indicator
    if Indicator.objects.filter(name=entry.name).exclude(pk=indicator.pk).exists():
        return indicator
    targets = list(indicator.targets.all())
    converted: list[tuple[IndicatorTarget, Decimal | None]] = []
    for target in targets:
        value = None if target.value is None else convert(target.value, indicator.unit or entry.unit, entry.unit)
        if target.value is not None and value is None:
            return indicator
        converted.append((target, _decimal(value)))
    old_names = indicator.all_names
    indicator.name = entry.name
    indicator.aliases = "\n".join(dict.fromkeys([*entry.aliases, *old_names]))
    indicator.unit, indicator.expression, indicator.frequency = entry.unit, entry.expression, entry.frequency
    indicator.cumulative, indicator.direction = entry.cumulative, entry.direction
    indicator.definition = indicator.definition or entry.definition
    indicator.responsible_unit = indicator.responsible_unit or _unit_by_short_name(entry.responsible_unit)
    indicator.full_clean()
    save_with_history(indicator, user, _("按标准指标整理"))
    for target, value in converted:
        if value != target.value:
            target.value = value
            save_with_history(target, user, _("按标准指标换算单位"))
    return indicator


# --- targets -------------------------------------------------------------------------------------

def baseline_for(indicator: Indicator, year: int) -> Decimal | None:
    """The previous year's actual: its year-end observation (December or the annual figure)."""
    previous = Observation.objects.filter(indicator=indicator, period_end=month_end(year - 1, 12)).first()
    return previous.value if previous is not None else None


@transaction.atomic
def target_set(*, indicator: Indicator, year: int, user: Any, comparator: str = TargetComparator.EQ,
               value: Decimal | float | None = None, tolerance: Decimal | float | None = None,
               baseline: Decimal | float | None = None, reference_indicator: Indicator | None = None,
               statement: str = "", source_item: ExtractedItem | None = None) -> IndicatorTarget:
    """Create or replace the target of `indicator` for `year`. Oversight only.

    When no baseline is given, the previous year's year-end observation is used if there is one.
    Raises ValidationError (value missing for its comparator, in-step target without reference).
    """
    _require_manager(user)
    target = IndicatorTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if target is None:
        target = IndicatorTarget(indicator=indicator, year=year)
    target.comparator = comparator
    target.value = _decimal(value)
    target.tolerance = _decimal(tolerance)
    target.baseline = _decimal(baseline) if baseline is not None else baseline_for(indicator, year)
    target.reference_indicator = reference_indicator
    target.statement = statement[:300]
    if source_item is not None:
        target.source_item = source_item
        target.source_document_id = source_item.document_id
        target.source_start, target.source_end = source_item.start, source_item.end
        target.statement = target.statement or source_item.quote.strip()[:300]
    target.full_clean()
    save_with_history(target, user, _("设定年度目标"))
    return target


def _comparator_for(item: ExtractedItem) -> str:
    quote = item.quote or ""
    if "持平" in quote and (item.value or 0) == 0:
        return TargetComparator.FLAT
    if "同步" in quote:
        return TargetComparator.IN_STEP
    if item.comparator in TargetComparator.values:
        return item.comparator
    return TargetComparator.EQ


def _indicator_for_item(item: ExtractedItem, user: Any) -> Indicator:
    name = (item.indicator or item.quote or "").strip()[:200]
    found = indicator_match(name)
    if found is not None:
        return found
    entry = standard_for(name_key(name))
    if entry is not None:
        return indicator_from_standard(entry, user=user)
    unit = normalize_unit(item.unit)
    is_rate = is_rate_unit(unit)
    growth = is_rate and any(word in (item.quote or "") for word in ("增长", "增速", "增幅", "下降", "持平"))
    quote = item.quote or ""
    # 达/累计达 names a stock at year end (小巨人企业达120家); other counts (新增博士后工作站15家)
    # accumulate over the year; a growth rate is a year-to-date figure; a share is a stock.
    stock = (is_rate and not growth) or any(word in quote for word in ("达到", "累计达", "达"))
    indicator = Indicator(
        name=name, unit=unit,
        expression=Expression.GROWTH if growth else (Expression.SHARE if is_rate else Expression.LEVEL),
        cumulative=not stock,
        direction=Direction.LOWER_IS_BETTER if "下降" in (item.quote or "") and not growth else Direction.HIGHER_IS_BETTER,
    )
    indicator.full_clean()
    save_with_history(indicator, user, _("由文件抽取新建"))
    return indicator


@transaction.atomic
def target_confirm_from_item(*, item: ExtractedItem, user: Any = None) -> IndicatorTarget | None:
    """Confirm an extracted target into the catalogue: its indicator (found by name or alias,
    else created from the standard entry, else from the item) and its target for the item's
    year, keeping the item and its exact span. The value is converted into the indicator's
    unit (extraction gives 95000 人; the catalogue keeps 城镇新增就业 in 万人 → 9.5).

    Returns None (and leaves the item as it is) when the item is not a target with a year, or
    when its unit cannot be converted into the indicator's. Marks the item confirmed.
    Raises PermissionDenied for a user who may not manage indicators.
    """
    if item.kind != ItemKind.TARGET or not (item.period or "").isdigit():
        return None
    _require_manager(user)
    indicator = _indicator_for_item(item, user)
    comparator = _comparator_for(item)
    value: Decimal | None = None
    if comparator not in {TargetComparator.IN_STEP} and not (comparator == TargetComparator.FLAT
                                                              and not indicator.is_rate):
        value = convert(item.value, item.unit or indicator.unit, indicator.unit)
        if value is None:
            return None
    target = target_set(indicator=indicator, year=int(item.period), user=user, comparator=comparator,
                        value=value, reference_indicator=_reference_for(indicator, comparator),
                        source_item=item)
    ExtractedItem.objects.filter(pk=item.pk).update(status=DraftStatus.CONFIRMED)
    return target


def _reference_for(indicator: Indicator, comparator: str) -> Indicator | None:
    """The indicator an in-step target follows: economic growth (地区生产总值增速) unless told otherwise."""
    if comparator != TargetComparator.IN_STEP:
        return None
    entry = standard_for(name_key("地区生产总值增速"))
    reference = indicator_from_standard(entry) if entry is not None else None
    return reference if reference is not None and reference.pk != indicator.pk else None


# --- observations --------------------------------------------------------------------------------

def observation_value_in_unit(indicator: Indicator, value: Decimal | float | int, unit: str | None) -> Decimal:
    """`value` in the indicator's unit; an empty unit means the indicator's own.

    Raises DomainError when the units cannot be converted unambiguously (人 for 万元, % for 百分点).
    """
    given = normalize_unit(unit)
    if not given:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    converted = convert(value, given, indicator.unit)
    if converted is None:
        raise DomainError(MSG_UNIT_MISMATCH % {"given": given, "expected": indicator.unit or "—"}, field="unit")
    return converted


def period_for(indicator: Indicator, period: object, *, today: date | None = None) -> date:
    """The period end of `period` (a date or text such as 2024-03) for `indicator`, refusing periods
    that do not fit its frequency or have not begun. Raises DomainError with a Chinese message."""
    try:
        period_end = period_end_for(period, indicator.frequency)
    except PeriodError as exc:
        raise DomainError(exc.message, field="period") from exc
    today = today or business_today()
    if period_starts_after(period_end, today, indicator.frequency):
        raise DomainError(MSG_FUTURE_PERIOD % {"period": period_key(period_end, indicator.frequency)},
                          field="period")
    return period_end


@transaction.atomic
def observation_record(*, indicator: Indicator, period: object, value: Decimal | float | int, user: Any,
                       unit: str | None = None, note: str = "", source: str = ObservationSource.MANUAL,
                       today: date | None = None) -> Observation:
    """Enter or correct the actual of `indicator` for `period`.

    A correction changes the value in place; the earlier value stays in the history with who
    changed it and when. Re-entering the same value and note writes nothing.
    Raises PermissionDenied (not oversight and not a reporter of the responsible unit) and
    DomainError (unreadable or future period, period not fitting the frequency, unit mismatch).
    """
    if not can_edit_indicator(user, indicator):
        raise PermissionDenied(MSG_NOT_ALLOWED_OBSERVE)
    period_end = period_for(indicator, period, today=today)
    amount = _decimal(observation_value_in_unit(indicator, value, unit))
    observation = (Observation.objects.select_for_update()
                   .filter(indicator=indicator, period_end=period_end).first())
    if observation is None:
        observation = Observation(indicator=indicator, period_end=period_end)
    elif observation.value == amount and observation.note == note:
        return observation
    observation.value = amount
    observation.note = note[:500]
    observation.source = source
    observation.entered_by = acting_user(user)
    observation.full_clean()
    reasons: dict[str, str] = {ObservationSource.IMPORT: _("Excel导入"), ObservationSource.API: _("接口填报")}
    reason = reasons.get(source, _("页面填报"))
    save_with_history(observation, user, str(reason))
    return observation


@transaction.atomic
def observation_delete(*, observation: Observation, user: Any) -> None:
    """Remove an observation entered by mistake; the history keeps it. Same permission as entering."""
    if not can_edit_indicator(user, observation.indicator):
        raise PermissionDenied(MSG_NOT_ALLOWED_OBSERVE)
    with recording(user):
        observation.delete()


# --- task links ----------------------------------------------------------------------------------

@transaction.atomic
def indicator_task_link(*, indicator: Indicator, task: Task, user: Any) -> None:
    """Record that `task` serves `indicator` (shown on both pages). Oversight only; idempotent."""
    _require_manager(user)
    with recording(user):
        indicator.tasks.add(task)


@transaction.atomic
def indicator_task_unlink(*, indicator: Indicator, task: Task, user: Any) -> None:
    _require_manager(user)
    with recording(user):
        indicator.tasks.remove(task)
