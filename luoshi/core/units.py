"""Units of measure and their conversion (万元 ↔ 亿元, 万人 ↔ 人, 亩 ↔ 公顷 …). Pure, no Django.

A value may be converted from one unit to another only when both units measure the same thing
with a known factor. Conversion is exact (Decimal), so that 1.2亿元 becomes 12000万元 and not
11999.999999999998.

The trap: unit words are built from multipliers and counting words (万 + 元, 亿 + 元, 万 + 人次),
but not every unit that starts with a multiplier character is one: 百分点 is not 100 × 分点, and
千瓦时 is a counting word of its own. So known units come from an explicit table first; only
words that are not in the table are split into a multiplier prefix and a counting word, and two
such words convert only when their counting words are identical (万个 ↔ 个, 万家 ↔ 家). Anything
else is ambiguous and refused: 个 vs 家, % vs 百分点, 人 vs 人次.
"""

from __future__ import annotations

from decimal import Decimal

# (family, factor to the family's base unit)
_TABLE: dict[str, tuple[str, Decimal]] = {}


def _family(name: str, units: dict[str, int | str]) -> None:
    for unit, factor in units.items():
        _TABLE[unit] = (name, Decimal(str(factor)))


_family("money", {"元": 1, "千元": 1_000, "万元": 10_000, "百万元": 1_000_000, "千万元": 10_000_000,
                  "亿元": 100_000_000, "万亿元": 1_000_000_000_000})
_family("people", {"人": 1, "万人": 10_000})
_family("person_times", {"人次": 1, "万人次": 10_000, "亿人次": 100_000_000})
_family("area_m2", {"平方米": 1, "万平方米": 10_000, "平方公里": 1_000_000})
# 1 公顷 = 15 亩 exactly (1 亩 = 666.67 m² is the rounded form; the legal definition is 1/15 公顷).
_family("area_mu", {"亩": 1, "万亩": 10_000, "公顷": 15})
_family("length", {"米": 1, "公里": 1_000, "千米": 1_000})
_family("weight", {"吨": 1, "万吨": 10_000, "亿吨": 100_000_000})
_family("containers", {"标准箱": 1, "万标准箱": 10_000, "TEU": 1})
_family("percent", {"%": 1})
_family("percentage_points", {"百分点": 1, "个百分点": 1})
_family("power", {"千瓦": 1, "万千瓦": 10_000, "兆瓦": 1_000, "吉瓦": 1_000_000})
_family("energy", {"千瓦时": 1, "度": 1, "万千瓦时": 10_000, "亿千瓦时": 100_000_000})

# Multiplier prefixes for words not in the table, longest first.
_PREFIXES: list[tuple[str, Decimal]] = [
    ("万亿", Decimal("1000000000000")), ("千万", Decimal("10000000")), ("百万", Decimal("1000000")),
    ("亿", Decimal("100000000")), ("万", Decimal("10000")), ("千", Decimal("1000")),
]

_SPELLINGS = {"％": "%", "百分比": "%", "万 元": "万元", "亿 元": "亿元", "teu": "TEU", "TEUs": "TEU"}


def normalize_unit(unit: str | None) -> str:
    """The canonical spelling: no spaces or brackets, full-width ％ as %."""
    text = (unit or "").strip()
    for left, right in (("（", "("), ("）", ")")):
        text = text.replace(left, right)
    text = text.strip("()[]【】 \u3000")
    text = text.replace(" ", "").replace("\u3000", "")
    return _SPELLINGS.get(text, text)


def _decompose(unit: str) -> tuple[str, Decimal] | None:
    """(family, factor) of a unit: from the table, else multiplier prefix + counting word."""
    if unit in _TABLE:
        return _TABLE[unit]
    for prefix, factor in _PREFIXES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            base = unit[len(prefix):]
            if base in _TABLE:
                family, base_factor = _TABLE[base]
                return family, factor * base_factor
            return "word:" + base, factor
    if unit:
        return "word:" + unit, Decimal(1)
    return None


def conversion_factor(from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """The factor f such that value_in_to_unit = value_in_from_unit × f, or None when ambiguous.

    Equal units (after normalisation) always give 1, including two empty units. An empty unit
    against a non-empty one is ambiguous (the caller decides whether a missing unit means
    "the indicator's unit").
    """
    source, target = normalize_unit(from_unit), normalize_unit(to_unit)
    if source == target:
        return Decimal(1)
    a, b = _decompose(source), _decompose(target)
    if a is None or b is None or a[0] != b[0]:
        return None
    factor = a[1] / b[1]
    # Division leaves exponents (1E+4); an integral factor is written out so results print plainly.
    return factor.quantize(Decimal(1)) if factor == factor.to_integral_value() else factor


def convert(value: Decimal | float | int, from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """`value` expressed in `to_unit`, exactly; None when the units cannot be converted unambiguously."""
    factor = conversion_factor(from_unit, to_unit)
    if factor is None:
        return None
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return amount if factor == 1 else amount * factor


def is_rate_unit(unit: str | None) -> bool:
    """True for percentages and percentage points, whose tolerances are in percentage points."""
    return normalize_unit(unit) in {"%", "百分点", "个百分点", "‰"}
