"""The meaning of each comparator, time-of-year pro-rating and the forecast (issue #5). No database."""

from __future__ import annotations

import pytest

from luoshi.indicators.rules import (
    Bound,
    TargetRule,
    assess,
    default_tolerance,
    expected_share,
    forecast_year_end,
    light_for,
    mode_for,
    required_at,
    seasonal_shares,
    year_end_bound,
)

# (comparator, value, direction, is_rate, baseline, tolerance, reference, actual, light)
YEAR_END_CASES = [
    # 达到 (eq): reach at least the target on a higher-is-better indicator; exceeding is never a failure.
    ("eq", 9.5, "up", False, None, None, None, 9.5, "green"),
    ("eq", 9.5, "up", False, None, None, None, 11.0, "green"),
    ("eq", 9.5, "up", False, None, None, None, 9.0, "yellow"),
    ("eq", 9.5, "up", False, None, None, None, 8.0, "red"),
    # ... and stay at most the target on a lower-is-better one.
    ("eq", 100, "down", False, None, None, None, 95, "green"),
    ("eq", 100, "down", False, None, None, None, 105, "yellow"),
    ("eq", 100, "down", False, None, None, None, 120, "red"),
    # 以上/超 (gte)
    ("gte", 10000, "up", False, None, None, None, 10000, "green"),
    ("gte", 10000, "up", False, None, None, None, 9500, "yellow"),
    ("gte", 10000, "up", False, None, None, None, 8000, "red"),
    # 以内 (lte), here on a rate: the warning band is 1 percentage point.
    ("lte", 5, "down", True, None, None, None, 4.9, "green"),
    ("lte", 5, "down", True, None, None, None, 5.5, "yellow"),
    ("lte", 5, "down", True, None, None, None, 6.5, "red"),
    # 左右 (about) on a rate: ±0.3 percentage points; above the band is over-achievement.
    ("about", 4.8, "up", True, None, None, None, 4.5, "green"),
    ("about", 4.8, "up", True, None, None, None, 6.0, "green"),
    ("about", 4.8, "up", True, None, None, None, 4.4, "yellow"),
    ("about", 4.8, "up", True, None, None, None, 3.4, "red"),
    ("about", 4.8, "up", True, None, 0.1, None, 4.6, "yellow"),
    ("about", 3.0, "down", True, None, None, None, 3.3, "green"),
    ("about", 3.0, "down", True, None, None, None, 3.4, "yellow"),
    # 左右 on a level: ±3% of the target.
    ("about", 100, "up", False, None, None, None, 97, "green"),
    ("about", 100, "up", False, None, None, None, 96.9, "yellow"),
    ("about", 100, "up", False, None, None, None, 80, "red"),
    # 持平 (flat) on a growth rate: not below −0.5 percentage points.
    ("flat", None, "up", True, None, None, None, 0.3, "green"),
    ("flat", None, "up", True, None, None, None, -0.5, "green"),
    ("flat", None, "up", True, None, None, None, -0.6, "yellow"),
    ("flat", None, "up", True, None, None, None, -1.6, "red"),
    # 持平 on a level: not below 99.5% of last year's actual; without a baseline it cannot be judged.
    ("flat", None, "up", False, 200, None, None, 199, "green"),
    ("flat", None, "up", False, 200, None, None, 198, "yellow"),
    ("flat", None, "up", False, 200, None, None, 170, "red"),
    ("flat", None, "up", False, None, None, None, 170, "none"),
    # 与经济增长同步 (in_step): not more than 0.5 percentage points behind the followed indicator.
    ("in_step", None, "up", True, None, None, 4.2, 3.7, "green"),
    ("in_step", None, "up", True, None, None, 4.2, 5.0, "green"),
    ("in_step", None, "up", True, None, None, 4.2, 3.6, "yellow"),
    ("in_step", None, "up", True, None, None, 4.2, 2.0, "red"),
    ("in_step", None, "up", True, None, None, None, 2.0, "none"),
]


@pytest.mark.parametrize(("comparator", "value", "direction", "is_rate", "baseline", "tolerance", "reference",
                          "actual", "light"), YEAR_END_CASES)
def test_each_comparator_judges_a_year_end_value(comparator: str, value: float | None, direction: str,
                                                  is_rate: bool, baseline: float | None, tolerance: float | None,
                                                  reference: float | None, actual: float, light: str) -> None:
    rule = TargetRule(comparator, value, direction, is_rate, tolerance, baseline)
    result = assess(rule, {12: actual}, expression="growth" if is_rate else "level", cumulative=False,
                    reference_latest=reference, reference_forecast=reference)
    assert result.light == light
    assert result.at_risk is (light not in {"green", "none"})


def test_default_tolerances_are_the_documented_ones() -> None:
    assert default_tolerance("about", True) == 0.3
    assert default_tolerance("about", False) == 0.03
    assert default_tolerance("flat", True) == 0.5
    assert default_tolerance("flat", False) == 0.005
    assert default_tolerance("in_step", True) == 0.5
    assert default_tolerance("eq", True) == 0.0


def test_a_target_without_a_value_has_no_bound() -> None:
    assert year_end_bound(TargetRule("eq", None)) is None
    assert year_end_bound(TargetRule("about", None)) is None
    assert year_end_bound(TargetRule("unknown", 5)) is None


def test_the_bound_of_about_on_a_lower_is_better_level_is_a_ceiling() -> None:
    assert year_end_bound(TargetRule("about", 100, "down")) == Bound(103, "max")


@pytest.mark.parametrize(("expression", "cumulative", "has_baseline", "mode"), [
    ("growth", True, True, "direct"), ("growth", False, False, "direct"),
    ("level", True, False, "flow"), ("level", True, True, "flow"),
    ("share", True, True, "direct"),
    ("level", False, True, "path"), ("share", False, True, "path"),
    ("level", False, False, "direct"),
])
def test_the_mode_follows_expression_cumulation_and_baseline(expression: str, cumulative: bool,
                                                             has_baseline: bool, mode: str) -> None:
    assert mode_for(expression=expression, cumulative=cumulative, has_baseline=has_baseline) == mode


# --- time of year ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("actual", "light"), [(60, "green"), (55, "yellow"), (40, "red")])
def test_a_cumulative_total_is_compared_with_time_elapsed(actual: float, light: str) -> None:
    """Time half gone, work half done: by June a 120 target asks for 60."""
    result = assess(TargetRule("eq", 120), {6: actual}, cumulative=True)
    assert result.required == pytest.approx(60)
    assert result.light == light


def test_earlier_years_seasonality_replaces_the_straight_line() -> None:
    """School places come in September: a low summer total is not behind when last year looked the same."""
    last_year = {8: 2000, 9: 15000, 10: 16000, 12: 18000}
    result = assess(TargetRule("gte", 10000), {8: 1200, 9: 8600, 10: 9200}, cumulative=True,
                    previous_years=[last_year])
    assert result.required == pytest.approx(10000 * 16000 / 18000)
    assert result.light == "green"
    linear = assess(TargetRule("gte", 10000), {8: 1200}, cumulative=True)
    assert linear.light == "red"


def test_a_stock_moves_from_last_years_actual_to_the_target() -> None:
    result = assess(TargetRule("gte", 44, is_rate=True, baseline=38.7), {6: 41.0}, expression="share",
                    cumulative=False)
    assert result.mode == "path"
    assert result.required == pytest.approx(38.7 + (44 - 38.7) / 2)
    assert result.light == "yellow"


def test_a_growth_rate_is_compared_with_the_annual_target_all_year() -> None:
    result = assess(TargetRule("about", 4.8, is_rate=True), {3: 4.6}, expression="growth")
    assert result.required == pytest.approx(4.5)
    assert result.light == "green"


def test_a_ceiling_on_a_cumulative_total_is_pro_rated_too() -> None:
    """以内 on a cumulative total (energy use within 1200): 650 by June is over the 600 allowed."""
    result = assess(TargetRule("lte", 1200, "down"), {6: 650}, cumulative=True)
    assert result.required == pytest.approx(600)
    assert result.light == "yellow"


def test_required_at_without_a_baseline_is_the_bound_itself() -> None:
    assert required_at(Bound(10, "min"), mode="path", month=6, baseline=None) == 10


def test_expected_share_is_linear_without_seasonality() -> None:
    assert expected_share(3) == 0.25
    assert expected_share(3, {3: 0.1}) == 0.1
    assert expected_share(3, {3: 0.0}) == 0.25


def test_seasonal_shares_average_years_interpolate_and_never_fall() -> None:
    shares = seasonal_shares([{6: 40, 12: 100}, {6: 60, 9: 50, 12: 100}, {6: 10}])  # the last has no December
    assert shares[6] == pytest.approx(0.5)
    assert shares[3] == pytest.approx(0.25)  # between 0 (before January) and June
    assert shares[9] == pytest.approx(0.5)  # an average below June's is lifted to June's
    assert shares[12] == 1.0
    assert all(shares[m] <= shares[m + 1] for m in range(1, 12))


def test_seasonal_shares_need_a_positive_year_end() -> None:
    assert seasonal_shares([{6: 5, 12: 0}]) == {}


# --- forecast ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("series", "mode", "previous", "value", "method"), [
    ({3: 1.0, 12: 4.0}, "flow", [], 4.0, "final"),
    ({3: 30.0}, "flow", [], 120.0, "run_rate"),
    ({6: 50.0}, "flow", [{6: 40.0, 12: 100.0}], 125.0, "seasonal_share"),
    ({9: 4.2}, "direct", [{9: 4.6, 12: 4.8}], 4.4, "seasonal_drift"),
    ({3: 5.0}, "direct", [], 5.0, "last_value"),
    ({1: 1.0, 2: 2.0, 3: 3.0}, "path", [], 3.0 + sum(0.8 ** h for h in range(1, 10)), "damped_trend"),
    ({1: 5.0, 2: 5.0}, "direct", [], 5.0, "damped_trend"),
])
def test_the_forecast_method_is_chosen_by_mode_and_history(series: dict[int, float], mode: str,
                                                          previous: list[dict[int, float]], value: float,
                                                          method: str) -> None:
    forecast = forecast_year_end(series, mode=mode, previous_years=previous)  # type: ignore[arg-type]
    assert forecast is not None
    assert forecast.method == method
    assert forecast.value == pytest.approx(value)


def test_there_is_no_forecast_without_data() -> None:
    assert forecast_year_end({}, mode="flow") is None
    result = assess(TargetRule("eq", 10), {})
    assert result.light == "none" and result.forecast is None and not result.at_risk


def test_the_trend_uses_only_the_recent_window() -> None:
    """An early jump does not dominate: only the last six observations set the slope."""
    series = {1: 100.0, 2: 0.0, 3: 0.0, 4: 0.0, 5: 0.0, 6: 0.0, 7: 0.0}
    forecast = forecast_year_end(series, mode="direct")
    assert forecast is not None and forecast.value == pytest.approx(0.0)


@pytest.mark.parametrize(("series", "at_risk"), [({10: 8.2}, True), ({10: 8.8}, False)])
def test_at_risk_when_the_forecast_misses_the_target(series: dict[int, float], at_risk: bool) -> None:
    last_year = {10: 8.6, 12: 9.6}
    result = assess(TargetRule("eq", 9.5), series, cumulative=True, previous_years=[last_year])
    assert result.forecast is not None and result.forecast.method == "seasonal_share"
    assert result.at_risk is at_risk


def test_in_step_uses_the_reference_forecast_for_the_year_end() -> None:
    rule = TargetRule("in_step", None, is_rate=True)
    result = assess(rule, {9: 4.5}, expression="growth", reference_latest=4.2, reference_forecast=5.5)
    assert result.light == "green"  # against 4.2 now
    assert result.at_risk  # against 5.5 at the year's end


def test_without_a_target_there_is_a_forecast_but_no_light() -> None:
    result = assess(None, {3: 30.0})
    assert result.light == "none" and result.forecast is not None and not result.at_risk


def test_light_for_a_zero_threshold_has_no_relative_band() -> None:
    assert light_for(-0.1, Bound(0, "min"), is_rate=False) == "red"
