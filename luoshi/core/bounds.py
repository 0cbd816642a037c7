"""Bounds of plain values accepted from outside, so that out-of-range input is a 422, not a crash.

A year outside these bounds cannot be a plan year (and years like 0 or 63940 make date
arithmetic fail); API schemas use `Year` for every year they accept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

YEAR_MIN = 1949
YEAR_MAX = 2100

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description=f"年份({YEAR_MIN}–{YEAR_MAX})")]

# Money and indicator values are stored with 16 digits before the point at most; anything larger
# (1e308, say) is refused at the door rather than failing in the database or in rounding.
AMOUNT_LIMIT = Decimal("1e15")

Amount = Annotated[Decimal, Field(ge=-AMOUNT_LIMIT, le=AMOUNT_LIMIT, allow_inf_nan=False,
                                  description="数值(绝对值不超过 10¹⁵)")]
