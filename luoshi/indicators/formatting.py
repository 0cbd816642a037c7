"""Writing numbers and targets the way offices read them (4.8%左右, 9.5万人, 7391.6亿元)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from luoshi.indicators.choices import TargetComparator

if TYPE_CHECKING:
    from luoshi.indicators.models import IndicatorTarget


def plain_number(value: Decimal | float | int | None, places: int = 4) -> str:
    """A number without trailing zeros or exponent: 4.8000 → 4.8, 12000 → 12000, None → —."""
    if value is None:
        return "—"
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    text = f"{number:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def compact_number(value: Decimal | float | int) -> str:
    """A count the way a report writes it: 10000 → 1万, 95000 → 9.5万, 2000000 → 200万,
    1.2e9 → 12亿; small numbers and numbers that do not shorten cleanly stay as they are."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    for factor, word in ((Decimal("100000000"), "亿"), (Decimal("10000"), "万")):
        if abs(number) >= factor:
            scaled = number / factor
            if scaled == scaled.quantize(Decimal("0.01")):
                return plain_number(scaled, 2).replace(",", "") + word
    return plain_number(number).replace(",", "")


def number_with_unit(value: Decimal | float | int | None, unit: str, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{plain_number(value, places)}{unit}"


def target_phrase(target: IndicatorTarget) -> str:
    """The target as the work report writes it: 4.8%左右, 1万个以上, 持平, 与地区生产总值增速同步."""
    unit = target.indicator.unit
    if target.value is None:
        number = ""
    elif target.indicator.is_rate or unit.startswith(("万", "亿")):
        number = f"{plain_number(target.value).replace(',', '')}{unit}"
    else:
        number = f"{compact_number(target.value)}{unit}"
    comparator = target.comparator
    if comparator == "about":
        return _("%(n)s左右") % {"n": number}
    if comparator == "gte":
        return _("%(n)s以上") % {"n": number}
    if comparator == "lte":
        return _("%(n)s以内") % {"n": number}
    if comparator == "flat":
        return _("持平")
    if comparator == "in_step":
        reference = target.reference_indicator
        return _("与%(name)s同步") % {"name": reference.name} if reference else _("同步")
    return number


def comparator_suffix(comparator: str) -> str:
    """The word that follows a target number in a sentence: 左右, 以上, 以内, 持平, 同步 (nothing for 达到)."""
    if comparator == TargetComparator.IN_STEP:
        return _("同步")
    if comparator in TargetComparator.values and comparator != TargetComparator.EQ:
        return str(TargetComparator(comparator).label)
    return ""


def tolerance_text(target: IndicatorTarget) -> str:
    """The tolerance that applies, in words: ±0.3个百分点, 3%, or — for comparators without one."""
    from luoshi.indicators import rules

    if target.comparator not in {"about", "flat", "in_step"}:
        return "—"
    is_rate = target.indicator.is_rate
    value = float(target.tolerance) if target.tolerance is not None else rules.default_tolerance(
        target.comparator, is_rate)
    default = "" if target.tolerance is not None else _("(默认)")
    if is_rate or target.comparator == "in_step":
        return _("%(v)s个百分点") % {"v": plain_number(value)} + default
    return f"{plain_number(value * 100)}%" + default
