"""Reads of the indicators app, for pages, the API, exports and the battle-map dashboard.

The dashboard engineer's entry points are `indicator_status_rows` (one typed row per indicator
with its target, latest actual, light, forecast and at-risk flag) and `indicator_chart` (the
month-by-month series of one indicator against its pro-rated target). Both read the
observations they need in one query and assess with the pure rules of rules.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from luoshi.core.clock import business_today
from luoshi.core.kept import kept_here
from luoshi.core.periods import MONTHS, figure_period_label, frequency_of, month_end
from luoshi.indicators import rules
from luoshi.indicators.choices import StatusLight, TargetComparator
from luoshi.indicators.constants import FIGURES_TOKEN, FORECAST_METHOD_LABELS, MODE_LABELS
from luoshi.indicators.filtersets import IndicatorFilterSet
from luoshi.indicators.models import Indicator, IndicatorTarget, Observation
from luoshi.indicators.permissions import indicators_visible_to

# How many earlier years feed the seasonality of the forecast.
SEASONAL_YEARS = 3

Series = dict[int, float]  # month of the period end -> value


@dataclass(frozen=True)
class IndicatorStatusRow:
    """One indicator in one year, assessed at `as_of`. Used by the catalogue page, the API and the
    dashboard. `assessment` holds the numbers (see rules.Assessment); the other fields are the
    same facts ready to show."""

    indicator: Indicator
    year: int
    as_of: date
    target: IndicatorTarget | None
    assessment: rules.Assessment
    latest_period: date | None
    baseline: float | None = None  # the one used: entered on the target, else last year's year-end actual

    @property
    def light(self) -> str:
        return self.assessment.light

    @property
    def light_label(self) -> str:
        return str(StatusLight(self.assessment.light).label)

    @property
    def at_risk(self) -> bool:
        return self.assessment.at_risk

    @property
    def target_phrase(self) -> str:
        return self.target.phrase if self.target is not None else ""

    @property
    def latest_label(self) -> str:
        if self.latest_period is None:
            return ""
        return figure_period_label(self.latest_period, self.indicator.frequency, cumulative=self.indicator.cumulative)

    @property
    def forecast_value(self) -> float | None:
        return self.assessment.forecast.value if self.assessment.forecast else None

    @property
    def forecast_method_label(self) -> str:
        forecast = self.assessment.forecast
        return str(FORECAST_METHOD_LABELS.get(forecast.method, forecast.method)) if forecast else ""

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS[self.assessment.mode])


def default_year(today: date | None = None) -> int:
    """The year pages open on: the latest year with targets up to this year, else this year.
    Kept until a target is written (FIGURES_TOKEN): every page of indicators asks."""
    today = today or business_today()
    year = kept_here(("indicator-default-year", today.year), [FIGURES_TOKEN], lambda: (
        IndicatorTarget.objects.filter(year__lte=today.year).order_by("-year")
        .values_list("year", flat=True).first()))
    return int(year) if year else today.year


def active_indicator_count() -> int:
    """How many indicators are active; kept until an indicator is written (FIGURES_TOKEN)."""
    return kept_here("indicator-active-count", [FIGURES_TOKEN],
                     lambda: Indicator.objects.filter(is_active=True).count())


def default_as_of(year: int, today: date | None = None) -> date:
    """Today within the current year; the year's last day for a past year."""
    today = today or business_today()
    return min(today, date(year, 12, 31))


def _series(indicator_ids: Sequence[int], year: int, as_of: date) -> dict[int, dict[int, Series]]:
    """indicator id -> year -> month -> value, for `year` up to `as_of` and SEASONAL_YEARS before it."""
    result: dict[int, dict[int, Series]] = defaultdict(lambda: defaultdict(dict))
    rows = (Observation.objects.filter(indicator_id__in=indicator_ids,
                                       period_end__gte=date(year - SEASONAL_YEARS, 1, 1), period_end__lte=as_of)
            .values_list("indicator_id", "period_end", "value"))
    for indicator_id, period_end, value in rows:
        result[indicator_id][period_end.year][period_end.month] = float(value)
    return result


def _rule(target: IndicatorTarget | None, previous_year: Series) -> rules.TargetRule | None:
    """The target's rule; without a stored baseline, last year's year-end actual is the baseline."""
    if target is None:
        return None
    rule = target.rule()
    if rule.baseline is None and 12 in previous_year:
        rule = replace(rule, baseline=previous_year[12])
    return rule


def _assess_all(indicators: Sequence[Indicator], targets: Mapping[int, IndicatorTarget], year: int,
                as_of: date) -> dict[int, tuple[rules.Assessment, date | None, float | None]]:
    """Assess every indicator; in-step targets after the indicators they follow."""
    ids = {i.pk for i in indicators} | {t.reference_indicator_id for t in targets.values()
                                         if t.reference_indicator_id}
    series = _series(sorted(ids), year, as_of)
    by_id = {i.pk: i for i in indicators}
    missing_refs = ids - set(by_id)
    if missing_refs:
        by_id.update({i.pk: i for i in Indicator.objects.filter(pk__in=missing_refs)})
        extra_targets = IndicatorTarget.objects.filter(indicator_id__in=missing_refs, year=year)
        targets = {**{t.indicator_id: t for t in extra_targets}, **targets}
    done: dict[int, tuple[rules.Assessment, date | None, float | None]] = {}

    def assess(indicator_id: int, depth: int = 0) -> tuple[rules.Assessment, date | None, float | None]:
        if indicator_id in done:
            return done[indicator_id]
        indicator = by_id[indicator_id]
        target = targets.get(indicator_id)
        years = series.get(indicator_id, {})
        current = dict(years.get(year, {}))
        previous = [dict(years[y]) for y in range(year - SEASONAL_YEARS, year) if y in years]
        reference_latest = reference_forecast = None
        if target is not None and target.comparator == TargetComparator.IN_STEP and target.reference_indicator_id:
            if depth < 3 and target.reference_indicator_id in by_id:  # guards against cycles of references
                reference = assess(target.reference_indicator_id, depth + 1)[0]
                reference_target = targets.get(target.reference_indicator_id)
                fallback = (float(reference_target.value) if reference_target is not None
                            and reference_target.value is not None else None)
                reference_latest = reference.latest_value if reference.latest_value is not None else fallback
                reference_forecast = reference.forecast.value if reference.forecast is not None else fallback
        rule = _rule(target, years.get(year - 1, {}))
        assessment = rules.assess(
            rule, current, expression=indicator.expression,
            cumulative=indicator.cumulative, previous_years=previous,
            reference_latest=reference_latest, reference_forecast=reference_forecast,
        )
        latest = month_end(year, assessment.latest_month) if assessment.latest_month else None
        done[indicator_id] = (assessment, latest, rule.baseline if rule is not None else None)
        return done[indicator_id]

    for indicator in indicators:
        assess(indicator.pk)
    return done


# How many indicators the task page's search offers at once (see projects.selectors).
LINK_SEARCH_LIMIT = 20


def indicators_to_link(*, user: Any, task: Any, query: str) -> list[Indicator]:
    """The active indicators `user` may see that `task` does not serve yet, matching the words of
    `query` as the catalogue's search does (name, other names, definition): at most LINK_SEARCH_LIMIT."""
    base = indicators_visible_to(user, Indicator.objects.filter(is_active=True).exclude(tasks=task))
    rows = IndicatorFilterSet(data={"q": query[:100]}, queryset=base).qs
    return list(rows.order_by("name").only("pk", "name", "unit")[:LINK_SEARCH_LIMIT])


def indicator_by_reference(*, user: Any, reference: str) -> Indicator | None:
    """The active indicator `user` may see whose name is `reference` (as the search fills it in)."""
    name = reference.strip()[:200]
    if not name:
        return None
    return indicators_visible_to(user, Indicator.objects.filter(is_active=True, name=name)).first()


def indicator_queryset() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("responsible_unit")


def indicator_status_rows(*, year: int, as_of: date | None = None, user: Any = None,
                          filters: Mapping[str, Any] | None = None,
                          with_target_only: bool = False) -> list[IndicatorStatusRow]:
    """Every indicator `user` may see (all of them when `user` is None — for trusted callers such as
    the dashboard's cache), assessed for `year` at `as_of` (default: today, or the year's end).

    `filters` are IndicatorFilterSet fields (q, unit, frequency, expression, light, at_risk);
    invalid filters give no rows. Sorted by name. Two queries plus one per 1,000 indicators.
    """
    as_of = as_of or default_as_of(year)
    base = indicator_queryset().filter(is_active=True)
    if user is not None:
        base = indicators_visible_to(user, base)
    if filters:  # the battle map asks with none: no form to build and validate (a millisecond a map)
        filterset = IndicatorFilterSet(data=filters, queryset=base)
        if not filterset.is_valid():
            return []
        base = filterset.qs
    indicators = list(base.order_by("name").prefetch_related(
        Prefetch("targets", queryset=IndicatorTarget.objects.filter(year=year).select_related(
            "reference_indicator", "indicator"), to_attr="year_targets")))
    targets = {i.pk: i.year_targets[0] for i in indicators if i.year_targets}  # type: ignore[attr-defined]
    if with_target_only:
        indicators = [i for i in indicators if i.pk in targets]
    assessed = _assess_all(indicators, targets, year, as_of)
    rows = [IndicatorStatusRow(i, year, as_of, targets.get(i.pk), *assessed[i.pk]) for i in indicators]
    light = (filters or {}).get("light")
    if light:
        rows = [r for r in rows if r.light == light]
    at_risk = (filters or {}).get("at_risk")
    if at_risk in {True, "true", "True", "1", "on"}:
        rows = [r for r in rows if r.at_risk]
    return rows


def indicator_status(indicator: Indicator, *, year: int, as_of: date | None = None) -> IndicatorStatusRow:
    """One indicator's status row (see indicator_status_rows)."""
    as_of = as_of or default_as_of(year)
    target = (IndicatorTarget.objects.select_related("reference_indicator", "indicator")
              .filter(indicator=indicator, year=year).first())
    targets = {indicator.pk: target} if target is not None else {}
    assessed = _assess_all([indicator], targets, year, as_of)
    return IndicatorStatusRow(indicator, year, as_of, target, *assessed[indicator.pk])


def indicator_chart(indicator: Indicator, *, year: int, as_of: date | None = None) -> dict[str, Any]:
    """The month-by-month picture of one indicator for ECharts: periods, actuals, the pro-rated
    requirement at each period, the year-end threshold and the forecast.

    {"periods": ["1月", …], "actual": [v|None, …], "required": [v|None, …], "previous": [v|None, …],
     "threshold": v|None, "forecast": v|None, "forecast_method": str, "unit": str, "light": str}
    """
    status = indicator_status(indicator, year=year, as_of=as_of)
    as_of = status.as_of
    step = MONTHS[frequency_of(indicator.frequency)]
    months = list(range(step, 13, step))
    years = _series([indicator.pk], year, as_of).get(indicator.pk, {})
    current = years.get(year, {})
    previous_year = years.get(year - 1, {})
    assessment = status.assessment
    required: list[float | None] = []
    bound = assessment.bound
    target = status.target
    shares = rules.seasonal_shares([years[y] for y in range(year - SEASONAL_YEARS, year) if y in years])
    rule = _rule(target, previous_year)
    baseline = rule.baseline if rule is not None else None
    for month in months:
        if bound is None:
            required.append(None)
            continue
        required.append(round(rules.required_at(bound, mode=assessment.mode, month=month, baseline=baseline,
                                                shares=shares if assessment.mode == "flow" else None), 4))
    forecast = assessment.forecast
    return {
        "periods": [figure_period_label(month_end(year, m), indicator.frequency) for m in months],
        "months": months,
        "actual": [current.get(m) for m in months],
        "previous": [previous_year.get(m) for m in months],
        "required": required,
        "threshold": bound.threshold if bound is not None else None,
        "forecast": round(forecast.value, 4) if forecast is not None else None,
        "forecast_method": status.forecast_method_label,
        "unit": indicator.unit,
        "light": assessment.light,
        "at_risk": assessment.at_risk,
    }


def indicator_years(indicator: Indicator) -> list[int]:
    """Years with a target or an observation, newest first."""
    years = set(indicator.targets.values_list("year", flat=True))
    years |= {d.year for d in indicator.observations.values_list("period_end", flat=True)}
    return sorted(years, reverse=True)


def indicator_observations(indicator: Indicator, *, year: int) -> QuerySet[Observation]:
    return indicator.observations.for_year(year).select_related("entered_by").order_by("period_end")


@dataclass(frozen=True)
class ObservationRevision:
    """One saved version of an observation: when, by whom, through which channel, and the value
    before and after (before is None for the first entry)."""

    when: Any
    who: Any
    action: str
    reason: str
    period_end: date
    before: Any
    after: Any


def observation_revisions(indicator: Indicator, limit: int = 100) -> list[ObservationRevision]:
    """Revisions of the indicator's observations, newest first. One query."""
    records = list(Observation.history.filter(indicator_id=indicator.pk).select_related("history_user")
                   .order_by("id", "history_date", "history_id"))
    revisions: list[ObservationRevision] = []
    previous: dict[int, Any] = {}
    for record in records:
        revisions.append(ObservationRevision(
            record.history_date, record.history_user, record.get_history_type_display(),
            record.history_change_reason or "", record.period_end, previous.get(record.id),
            None if record.history_type == "-" else record.value,
        ))
        previous[record.id] = record.value
    revisions.sort(key=lambda r: r.when, reverse=True)
    return revisions[:limit]


def indicators_for_task(task: Any) -> list[IndicatorStatusRow]:
    """Status rows of the indicators `task` serves, for the task page's panel."""
    indicators = list(indicator_queryset().filter(tasks=task).order_by("name"))
    if not indicators:
        return []
    year = default_year()
    as_of = default_as_of(year)
    targets = {t.indicator_id: t for t in IndicatorTarget.objects.select_related("reference_indicator", "indicator")
               .filter(indicator__in=indicators, year=year)}
    assessed = _assess_all(indicators, targets, year, as_of)
    return [IndicatorStatusRow(i, year, as_of, targets.get(i.pk), *assessed[i.pk]) for i in indicators]


def light_counts(rows: Sequence[IndicatorStatusRow]) -> dict[str, int]:
    """How many rows have each light, plus "at_risk"; for the catalogue's summary and the dashboard."""
    counts = {light: 0 for light in StatusLight.values}
    for row in rows:
        counts[row.light] += 1
    counts["at_risk"] = sum(1 for row in rows if row.at_risk)
    return counts
