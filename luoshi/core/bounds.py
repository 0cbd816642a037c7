"""Bounds of plain values accepted from outside, so that out-of-range input is a 422, not a crash.

A year outside these bounds cannot be a plan year (and years like 0 or 63940 make date
arithmetic fail); API schemas use `Year` for every year they accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

from pydantic import Field

YEAR_MIN = 1949
YEAR_MAX = 2100

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description=f"年份({YEAR_MIN}–{YEAR_MAX})")]

# A row's id from a URL or a form: decimal digits, no more than a 64-bit key holds. `str.isdigit`
# alone let through "²" (a digit int() refuses) and 5,000 nines (int() refuses more than 4,300
# digits): each was a 500 where a form or a query string carried an id.
ID_MAX_DIGITS = 18
ID_MAX = 10**ID_MAX_DIGITS - 1


def id_or_none(value: object) -> int | None:
    """The id `value` spells (spaces around it allowed), or None for anything else."""
    text = "" if value is None else str(value).strip()
    if not 0 < len(text) <= ID_MAX_DIGITS or not text.isdecimal():
        return None
    return int(text)


def ids_in(values: Iterable[object]) -> list[int]:
    """The ids among `values` (a form's ticked boxes), the rest left out."""
    return [found for found in map(id_or_none, values) if found is not None]

# Money and indicator values are stored with 16 digits before the point at most; anything larger
# (1e308, say) is refused at the door rather than failing in the database or in rounding.
AMOUNT_LIMIT = Decimal("1e15")

Amount = Annotated[Decimal, Field(ge=-AMOUNT_LIMIT, le=AMOUNT_LIMIT, allow_inf_nan=False,
                                  description="数值(绝对值不超过 10¹⁵)")]
