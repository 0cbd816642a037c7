"""Reading numbers as written in Chinese text: Arabic (half or full width), Chinese numerals, mixes.

Pure functions, no state: ``parse_chinese_numeral("三千五百万")`` is 35000000.0,
``parse_arabic("1,234.5")`` is 1234.5, ``parse_arabic("1.8", "万")`` is 18000.0.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .resources import (
    CHINESE_BIG_UNITS,
    CHINESE_DIGIT_VALUES,
    CHINESE_SMALL_UNITS,
    FULL_WIDTH_DIGITS,
    MULTIPLIERS,
)


def parse_arabic(digits: str, multiplier: str | None = None) -> float | None:
    """The value of Arabic digits (half or full width, optional thousands commas) times a multiplier.

    Returns None when the digits do not form a number.
    """
    cleaned = digits.translate(FULL_WIDTH_DIGITS).replace(",", "")
    try:
        exact = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not exact.is_finite():
        return None
    if multiplier:
        factor = MULTIPLIERS.get(multiplier)
        if factor is None:
            return None
        # Decimal keeps 2.3亿 at 230000000 instead of 229999999.99999997.
        exact *= Decimal(int(factor))
    return float(exact)


def parse_chinese_numeral(numeral: str) -> float | None:
    """The value of a Chinese numeral: 十二 -> 12, 一百零五 -> 105, 两万 -> 20000, 万 -> 10000,
    三亿五千万 -> 350000000, 二〇二四 -> 2024 (digit by digit), 半 -> 0.5.

    Returns None for an empty string or characters that are not numerals.
    """
    if not numeral:
        return None
    if numeral == "半":
        return 0.5
    if all(char in CHINESE_DIGIT_VALUES for char in numeral):
        if len(numeral) == 1:
            return float(CHINESE_DIGIT_VALUES[numeral])
        # Written digit by digit, as years are (二〇二四).
        return float("".join(str(CHINESE_DIGIT_VALUES[char]) for char in numeral))
    completed = 0  # value of everything up to the last 亿
    myriads = 0  # value of the current 亿 group up to its last 万
    section = 0  # value of the current 万 group
    digit = 0
    for char in numeral:
        if char in CHINESE_DIGIT_VALUES:
            digit = CHINESE_DIGIT_VALUES[char]
        elif char in CHINESE_SMALL_UNITS:
            section += (digit or 1) * CHINESE_SMALL_UNITS[char]
            digit = 0
        elif char in CHINESE_BIG_UNITS:
            group = section + digit
            if CHINESE_BIG_UNITS[char] == 10_000:
                myriads = (myriads + group or 1) * 10_000
            else:
                completed = (completed + myriads + group or 1) * 100_000_000
                myriads = 0
            section = 0
            digit = 0
        else:
            return None
    return float(completed + myriads + section + digit)
