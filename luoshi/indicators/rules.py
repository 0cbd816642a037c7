"""What a target means, how far along an indicator should be, and where it will end the year. Pure.

Everything here takes plain values and returns plain values: no Django, no database. The
method is written out for users in docs/indicators.md; the constants below are the figures
that page quotes, and a target may override its own tolerance.

Vocabulary
----------
* comparator — how the work report phrases the target:
  ``eq`` (达到: 新增就业9.5万人), ``gte`` (以上/超: 新增学位1万个以上), ``lte`` (以内/不超过),
  ``about`` (左右: 增长4.8%左右), ``flat`` (持平: 固定资产投资同比持平),
  ``in_step`` (与经济增长同步: 居民收入与经济增长基本同步 — measured against another indicator).
* threshold — the year-end value the actual must reach (sense "min") or stay within ("max").
  ``eq`` and ``gte`` on a higher-is-better indicator are "reach at least"; exceeding a target
  is never a failure. ``about`` accepts anything down to target − tolerance (up to
  target + tolerance for lower-is-better indicators).
* mode — how the threshold is spread over the year:
  ``flow``   cumulative totals (新增就业 1-N月累计): required = threshold × expected share of the
             year, the share coming from earlier years' seasonality when there are any
             ("time half gone, work half done" when there are none);
  ``path``   stock levels (not cumulative) with a baseline (高技能人才达18万人, 海绵城市建成区占比44%): required moves
             in a straight line from last year's actual to the threshold;
  ``direct`` growth rates, year-to-date ratios, and stocks without a baseline: the latest value is
             already an estimate of the year's value and is compared with the threshold as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

Light = Literal["green", "yellow", "red", "none"]
Sense = Literal["min", "max"]
Mode = Literal["flow", "path", "direct"]

GREEN: Light = "green"
YELLOW: Light = "yellow"
RED: Light = "red"
NONE: Light = "none"

# 左右 on a rate: ±0.3 percentage points (4.8%左右 is met from 4.5%).
ABOUT_TOLERANCE_POINTS = 0.3
# 左右 on a level: ±3% of the target (10万人左右 is met from 9.7万人).
ABOUT_TOLERANCE_RELATIVE = 0.03
# 持平 on a growth rate: not below −0.5 percentage points; on a level: not below 99.5% of the baseline.
FLAT_TOLERANCE_POINTS = 0.5
FLAT_TOLERANCE_RELATIVE = 0.005
# 与…同步 (in step with another indicator): not more than 0.5 percentage points behind it.
IN_STEP_TOLERANCE_POINTS = 0.5
# Yellow band below the requirement: 1 percentage point for rates, 10% of the requirement for levels.
WARN_BAND_POINTS = 1.0
WARN_BAND_RELATIVE = 0.10
# Damping of the trend in the forecast: each further month counts 0.8 of the one before.
TREND_DAMPING = 0.8
# How many recent observations the trend is fitted to.
TREND_WINDOW = 6


@dataclass(frozen=True)
class TargetRule:
    """One year's target as the rules need it.

    `value` is in the indicator's unit (None for 持平 on a level, and for 与…同步).
    `is_rate` says that values are percentages, so tolerances are percentage points.
    `baseline` is the previous year's year-end actual. `tolerance` overrides the default
    tolerance of the comparator (percentage points for rates, a fraction for levels).
    """

    comparator: str
    value: float | None
    direction: str = "up"
    is_rate: bool = False
    tolerance: float | None = None
    baseline: float | None = None


@dataclass(frozen=True)
class Bound:
    """What the year-end value must satisfy: at least (`min`) or at most (`max`) `threshold`."""

    threshold: float
    sense: Sense


@dataclass(frozen=True)
class Forecast:
    """The expected year-end value and how it was obtained (a method name from FORECAST_METHODS)."""

    value: float
    method: str


@dataclass(frozen=True)
class Assessment:
    """An indicator's state at its latest observation.

    `light`: green (on track), yellow (slightly behind), red (clearly behind), none (no data or
    no evaluable target). `required` is what the target asks for by the latest period (after
    pro-rating); `gap` is latest − required, signed so that a negative gap is a shortfall.
    `at_risk` is True when the forecast misses the year-end bound.
    """

    light: Light
    mode: Mode
    latest_month: int | None
    latest_value: float | None
    required: float | None
    gap: float | None
    bound: Bound | None
    forecast: Forecast | None
    forecast_light: Light
    at_risk: bool


# Names of the forecast methods; their labels for users are in constants.FORECAST_METHOD_LABELS.
FORECAST_METHODS = ("final", "seasonal_share", "run_rate", "seasonal_drift", "damped_trend", "last_value")


def default_tolerance(comparator: str, is_rate: bool) -> float:
    """The documented tolerance of a comparator: percentage points for rates, a fraction for levels."""
    if comparator == "about":
        return ABOUT_TOLERANCE_POINTS if is_rate else ABOUT_TOLERANCE_RELATIVE
    if comparator == "flat":
        return FLAT_TOLERANCE_POINTS if is_rate else FLAT_TOLERANCE_RELATIVE
    if comparator == "in_step":
        return IN_STEP_TOLERANCE_POINTS
    return 0.0


def year_end_bound(rule: TargetRule, reference: float | None = None) -> Bound | None:
    """The year-end bound a target sets, or None when it cannot be evaluated.

    `reference` is the value of the indicator an ``in_step`` target follows (its actual when
    known, else its target). A ``flat`` target on a level needs a baseline.
    """
    up = rule.direction != "down"
    tolerance = rule.tolerance if rule.tolerance is not None else default_tolerance(rule.comparator, rule.is_rate)
    comparator = rule.comparator
    if comparator in {"eq", "gte", "lte"}:
        if rule.value is None:
            return None
        if comparator == "gte":
            return Bound(rule.value, "min")
        if comparator == "lte":
            return Bound(rule.value, "max")
        return Bound(rule.value, "min" if up else "max")
    if comparator == "about":
        if rule.value is None:
            return None
        margin = tolerance if rule.is_rate else abs(rule.value) * tolerance
        return Bound(rule.value - margin, "min") if up else Bound(rule.value + margin, "max")
    if comparator == "flat":
        if rule.is_rate:
            # 持平 on a growth rate: the rate itself is the change, so "flat" is 0 give or take.
            centre = rule.value if rule.value is not None else 0.0
            return Bound(centre - tolerance, "min") if up else Bound(centre + tolerance, "max")
        if rule.baseline is None:
            return None
        margin = abs(rule.baseline) * tolerance
        return Bound(rule.baseline - margin, "min") if up else Bound(rule.baseline + margin, "max")
    if comparator == "in_step":
        if reference is None:
            return None
        return Bound(reference - tolerance, "min") if up else Bound(reference + tolerance, "max")
    return None


def margin_of(value: float, bound: Bound) -> float:
    """How far `value` is on the good side of `bound` (negative: the shortfall)."""
    return value - bound.threshold if bound.sense == "min" else bound.threshold - value


def light_for(value: float, bound: Bound, is_rate: bool) -> Light:
    """Green when the bound is met, yellow within the warning band below it, red beyond."""
    margin = margin_of(value, bound)
    if margin >= -1e-9:
        return GREEN
    band = WARN_BAND_POINTS if is_rate else abs(bound.threshold) * WARN_BAND_RELATIVE
    return YELLOW if margin >= -band else RED


def mode_for(*, expression: str, cumulative: bool, has_baseline: bool) -> Mode:
    """How the threshold is spread over the year (see the module docstring)."""
    if expression == "growth":
        return "direct"
    if cumulative:
        # A year-to-date total accumulates; a year-to-date ratio already estimates the year's ratio.
        return "flow" if expression == "level" else "direct"
    return "path" if has_baseline else "direct"


def seasonal_shares(previous_years: Sequence[Mapping[int, float]]) -> dict[int, float]:
    """The average share of the year-end total reached by each month in earlier years.

    Only years with a positive December (year-end) value count. A month missing from a year
    is skipped for that year; months with no share at all are interpolated linearly between
    their neighbours (0 before January, 1 at December). The result rises monotonically.
    """
    samples: dict[int, list[float]] = {}
    for series in previous_years:
        total = series.get(12)
        if not total or total <= 0:
            continue
        for month, value in series.items():
            if 1 <= month <= 12:
                samples.setdefault(month, []).append(value / total)
    if not samples:
        return {}
    known = {month: fmean(values) for month, values in samples.items()}
    known[12] = 1.0
    shares: dict[int, float] = {}
    points = sorted(known.items())
    for month in range(1, 13):
        if month in known:
            shares[month] = known[month]
            continue
        before = max(((m, s) for m, s in points if m < month), default=(0, 0.0))
        after = min(((m, s) for m, s in points if m > month), default=(12, 1.0))
        shares[month] = before[1] + (after[1] - before[1]) * (month - before[0]) / (after[0] - before[0])
    running = 0.0
    for month in range(1, 13):  # averages of noisy years can dip; progress cannot
        running = max(running, min(shares[month], 1.0))
        shares[month] = running
    return shares


def expected_share(month: int, shares: Mapping[int, float] | None = None) -> float:
    """Share of the year's cumulative total expected by the end of `month`.

    From earlier years' seasonality when given (and positive), else linear: month / 12.
    """
    if shares and shares.get(month, 0) > 0:
        return float(shares[month])
    return month / 12


def required_at(bound: Bound, *, mode: Mode, month: int, baseline: float | None,
                shares: Mapping[int, float] | None = None) -> float:
    """What the bound asks for by the end of `month`, after pro-rating by `mode`."""
    if mode == "flow":
        return bound.threshold * expected_share(month, shares)
    if mode == "path" and baseline is not None:
        return baseline + (bound.threshold - baseline) * month / 12
    return bound.threshold


def _damped_sum(horizon: int, damping: float = TREND_DAMPING) -> float:
    return sum(damping ** h for h in range(1, horizon + 1))


def trend_slope(points: Sequence[tuple[int, float]]) -> float:
    """Least-squares slope per month of (month, value) points; 0 for fewer than two months."""
    if len(points) < 2:
        return 0.0
    xs = [float(m) for m, _ in points]
    ys = [v for _, v in points]
    mx, my = fmean(xs), fmean(ys)
    denominator = sum((x - mx) ** 2 for x in xs)
    if denominator == 0:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / denominator


def forecast_year_end(series: Mapping[int, float], *, mode: Mode,
                      previous_years: Sequence[Mapping[int, float]] = ()) -> Forecast | None:
    """Expected year-end value from this year's observations (month → value).

    * December is known: that value ("final").
    * flow (cumulative totals): latest ÷ the share earlier years had reached by that month
      ("seasonal_share"); without earlier years, latest × 12 ÷ month ("run_rate").
    * direct and path: latest + the average change from that month to December in earlier
      years ("seasonal_drift"); without them, a damped linear trend fitted to the last
      TREND_WINDOW observations ("damped_trend"); a single observation is carried forward
      ("last_value").
    Returns None when there is no observation.
    """
    if not series:
        return None
    month = max(series)
    latest = series[month]
    if month >= 12:
        return Forecast(latest, "final")
    if mode == "flow":
        shares = seasonal_shares(previous_years)
        share = shares.get(month, 0.0)
        if share > 0:
            return Forecast(latest / share, "seasonal_share")
        return Forecast(latest * 12 / month, "run_rate")
    drifts = [year[12] - year[month] for year in previous_years if 12 in year and month in year]
    if drifts:
        return Forecast(latest + fmean(drifts), "seasonal_drift")
    points = sorted(series.items())[-TREND_WINDOW:]
    if len(points) < 2:
        return Forecast(latest, "last_value")
    return Forecast(latest + trend_slope(points) * _damped_sum(12 - month), "damped_trend")


def assess(rule: TargetRule | None, series: Mapping[int, float], *, expression: str = "level",
           cumulative: bool = True, previous_years: Sequence[Mapping[int, float]] = (),
           reference_latest: float | None = None, reference_forecast: float | None = None) -> Assessment:
    """The state of one indicator in one year.

    `series` maps month (of the period end) to this year's observations up to the as-of date;
    `previous_years` holds earlier years' series of the same indicator (for seasonality).
    For an ``in_step`` target, `reference_latest` and `reference_forecast` are the followed
    indicator's latest value and forecast (its target value is an acceptable stand-in for both).
    """
    baseline = rule.baseline if rule else None
    mode = mode_for(expression=expression, cumulative=cumulative, has_baseline=baseline is not None)
    month = max(series) if series else None
    latest = series[month] if month is not None else None
    forecast = forecast_year_end(series, mode=mode, previous_years=previous_years)
    if rule is None:
        return Assessment(NONE, mode, month, latest, None, None, None, forecast, NONE, False)
    is_rate = rule.is_rate
    bound_now = year_end_bound(rule, reference_latest)
    bound_end = year_end_bound(rule, reference_forecast if reference_forecast is not None else reference_latest)
    light: Light = NONE
    required = gap = None
    if bound_now is not None and month is not None and latest is not None:
        shares = seasonal_shares(previous_years) if mode == "flow" else None
        required = required_at(bound_now, mode=mode, month=month, baseline=baseline, shares=shares)
        pro_rated = Bound(required, bound_now.sense)
        gap = latest - required
        light = light_for(latest, pro_rated, is_rate)
    forecast_light: Light = NONE
    at_risk = False
    if bound_end is not None and forecast is not None:
        forecast_light = light_for(forecast.value, bound_end, is_rate)
        at_risk = forecast_light != GREEN
    return Assessment(light, mode, month, latest, required, gap, bound_end or bound_now, forecast,
                      forecast_light, at_risk)
