"""Reads of the projects app, for pages, the API, exports and the battle-map dashboard.

The dashboard engineer's entry points are `project_rollup(year=, by=pipeline|unit|programme)`
(promised counts and sums against the list, investment completed against plan, delivery,
overdue milestones, lights), `project_rows` (one assessed row per project) and `project_chart`
(one project's monthly investment against its plan). Each reads what it needs in three queries
whatever the number of projects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from luoshi.core.bounds import YEAR_MAX, YEAR_MIN, id_or_none
from luoshi.core.clock import business_today
from luoshi.core.kept import kept_here
from luoshi.core.periods import month_end
from luoshi.projects import rules
from luoshi.projects.choices import MilestoneKind, MilestoneState, Pipeline, ProjectLight, RollupBy
from luoshi.projects.constants import FIGURES_TOKEN
from luoshi.projects.filtersets import ProjectFilterSet
from luoshi.projects.models import KeyProject, ProjectBatch, ProjectInvestment, ProjectMilestone
from luoshi.projects.permissions import projects_visible_to

ZERO = Decimal(0)


def default_year(today: date | None = None) -> int:
    """The year pages open on: the latest year with projects or batches up to this year."""
    today = today or business_today()
    years = [y for y in (
        KeyProject.objects.filter(year__lte=today.year).order_by("-year").values_list("year", flat=True).first(),
        ProjectBatch.objects.filter(year__lte=today.year).order_by("-year").values_list("year", flat=True).first(),
    ) if y]
    return int(max(years)) if years else today.year


def data_month(year: int, as_of: date | None = None) -> int:
    """The latest month of `year` (begun by `as_of`) for which any project reported investment;
    0 when none. Pace is measured at this month: offices report "1-10月" in November."""
    as_of = as_of or business_today()
    if as_of.year < year:
        return 0
    last = as_of.month if as_of.year == year else 12
    # Kept until an investment is written (FIGURES_TOKEN): every page of projects asks.
    return kept_here(("project-data-month", year, last), [FIGURES_TOKEN], lambda: int(
        ProjectInvestment.objects.filter(year=year, month__lte=last).order_by("-month")
        .values_list("month", flat=True).first() or 0))


def project_count() -> int:
    """How many key projects there are, every year; kept until a project is written."""
    return kept_here("project-count", [FIGURES_TOKEN], lambda: KeyProject.objects.count())


def default_as_of(year: int, today: date | None = None) -> date:
    """Today within the current year; for a past year, the end of its last reported month (so the
    page shows the state as of the latest report), or the year's end without reports."""
    today = today or business_today()
    if year >= today.year:
        return today
    month = data_month(year, today)
    return month_end(year, month) if month else date(year, 12, 31)


@dataclass(frozen=True)
class MilestoneView:
    kind: str
    label: str
    planned: date | None
    actual: date | None
    state: str
    overdue_days: int
    note: str = ""
    pk: int | None = None

    @property
    def state_label(self) -> str:
        return str(MilestoneState(self.state).label)


def milestone_views(milestones: Sequence[ProjectMilestone], as_of: date,
                    include_missing: bool = True) -> list[MilestoneView]:
    """Milestones in their natural order (开工 → 主体完工 → 竣工 → 投产), each with its state at `as_of`."""
    by_kind = {m.kind: m for m in milestones}
    views = []
    for kind in rules.MILESTONE_ORDER:
        m = by_kind.get(kind)
        if m is None and not include_missing:
            continue
        planned, actual = (m.planned_date, m.actual_date) if m else (None, None)
        views.append(MilestoneView(kind, str(MilestoneKind(kind).label), planned, actual,
                                   rules.milestone_state(planned, actual, as_of),
                                   rules.overdue_days(planned, actual, as_of), m.note if m else "",
                                   m.pk if m else None))
    return views


@dataclass(frozen=True)
class ProjectRow:
    """One project assessed for its year at `as_of`: investment completed up to `month`, pace
    against the annual plan, milestones, light and whether its pipeline's promise is delivered."""

    project: KeyProject
    month: int
    completed: Decimal
    pace: float | None
    light: str
    milestones: list[MilestoneView]
    delivered: bool

    @property
    def light_label(self) -> str:
        return str(ProjectLight(self.light).label)

    @property
    def overdue(self) -> list[MilestoneView]:
        return [m for m in self.milestones if m.state == MilestoneState.OVERDUE]

    @property
    def next_milestone(self) -> MilestoneView | None:
        return next((m for m in self.milestones if m.actual is None and m.planned is not None), None)

    @property
    def completion_rate(self) -> float | None:
        return rules.ratio(self.completed, self.project.planned_investment)


def _assess(project: KeyProject, completed: Decimal, invested: bool, milestones: Sequence[ProjectMilestone],
            month: int, as_of: date) -> ProjectRow:
    views = milestone_views(milestones, as_of)
    pace = rules.investment_pace(completed, project.planned_investment, month)
    worst = max((v.overdue_days for v in views), default=0)
    has_plan = project.planned_investment is not None or any(v.planned for v in views)
    light = rules.project_light(pace, worst, has_plan)
    actual = {v.kind: v.actual for v in views}
    started = actual.get("start") is not None and actual["start"].year == project.year  # type: ignore[union-attr]
    completed_year = (actual.get("completion") is not None
                      and actual["completion"].year == project.year)  # type: ignore[union-attr]
    done = rules.delivered(project.pipeline, started_in_year=started, completed_in_year=completed_year,
                           invested_in_year=invested)
    return ProjectRow(project, month, completed, pace, light, views, done)


def project_queryset() -> QuerySet[KeyProject]:
    return KeyProject.objects.with_related()


def project_rows(*, year: int, as_of: date | None = None, user: Any = None,
                 filters: Mapping[str, Any] | None = None) -> tuple[ProjectFilterSet, list[ProjectRow]]:
    """The projects of `year` that `user` may see (all when `user` is None, for trusted callers),
    filtered by ProjectFilterSet (invalid filters give no rows) and assessed at `as_of`.
    Three queries: projects, investment sums, milestones."""
    as_of = as_of or default_as_of(year)
    base = project_queryset().filter(year=year)
    if user is not None:
        base = projects_visible_to(user, base)
    filterset = ProjectFilterSet(data=filters or {}, queryset=base)
    if not filterset.is_valid():
        return filterset, []
    projects = list(filterset.qs.order_by("code"))
    month = data_month(year, as_of)
    ids = [p.pk for p in projects]
    sums: dict[int, Decimal] = {}
    invested: set[int] = set()
    milestones: dict[int, list[ProjectMilestone]] = defaultdict(list)
    if ids:
        subquery = filterset.qs.values("pk")
        for row in (ProjectInvestment.objects.filter(project__in=subquery, year=year, month__lte=month)
                    .values("project_id").annotate(total=Sum("amount"))):
            sums[row["project_id"]] = row["total"] or ZERO
            if row["total"]:
                invested.add(row["project_id"])
        for milestone in ProjectMilestone.objects.filter(project__in=subquery):
            milestones[milestone.project_id].append(milestone)
    rows = [_assess(p, sums.get(p.pk, ZERO), p.pk in invested, milestones.get(p.pk, []), month, as_of)
            for p in projects]
    light = (filters or {}).get("light")
    if light:
        rows = [r for r in rows if r.light == light]
    return filterset, rows


@dataclass
class RollupRow:
    """Projects grouped by pipeline, lead unit or programme, against what the work report promised.

    `promised_*` come from the batches (by pipeline and by programme; none by unit). `delivered`
    counts projects that did what their pipeline promises (started, completed, invested).
    Money is in 万元.
    """

    key: str
    label: str
    promised_count: int | None = None
    promised_investment: Decimal | None = None
    project_count: int = 0
    total_investment: Decimal = ZERO
    planned_investment: Decimal = ZERO
    completed_investment: Decimal = ZERO
    delivered: int = 0
    overdue_milestones: int = 0
    lights: dict[str, int] = field(default_factory=lambda: {v: 0 for v in ProjectLight.values})

    @property
    def listed_rate(self) -> float | None:
        """Projects on the list ÷ projects promised."""
        return rules.ratio(self.project_count, self.promised_count)

    @property
    def delivered_rate(self) -> float | None:
        """Projects delivered ÷ projects promised (÷ projects listed when nothing was promised)."""
        return rules.ratio(self.delivered, self.promised_count or self.project_count)

    @property
    def investment_rate(self) -> float | None:
        """Total investment of the listed projects ÷ total investment promised."""
        return rules.ratio(self.total_investment, self.promised_investment)

    @property
    def completion_rate(self) -> float | None:
        """Investment completed this year ÷ this year's planned investment."""
        return rules.ratio(self.completed_investment, self.planned_investment)

    def add(self, row: ProjectRow) -> None:
        project = row.project
        self.project_count += 1
        self.total_investment += project.total_investment or ZERO
        self.planned_investment += project.planned_investment or ZERO
        self.completed_investment += row.completed
        self.delivered += int(row.delivered)
        self.overdue_milestones += len(row.overdue)
        self.lights[row.light] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "label": self.label, "promised_count": self.promised_count,
            "promised_investment": self.promised_investment, "project_count": self.project_count,
            "total_investment": self.total_investment, "planned_investment": self.planned_investment,
            "completed_investment": self.completed_investment, "delivered": self.delivered,
            "overdue_milestones": self.overdue_milestones, "lights": dict(self.lights),
            "listed_rate": self.listed_rate, "delivered_rate": self.delivered_rate,
            "investment_rate": self.investment_rate, "completion_rate": self.completion_rate,
        }


def _group_key(row: ProjectRow, by: str) -> tuple[str, str]:
    project = row.project
    if by == RollupBy.PIPELINE:
        return project.pipeline, str(Pipeline(project.pipeline).label)
    if by == RollupBy.UNIT:
        if project.lead_unit is None:
            return "", _("未指定牵头单位")
        return str(project.lead_unit_id), str(project.lead_unit)
    return project.programme, project.programme or _("未归入工程")


def project_rollup(*, year: int, by: str = RollupBy.PIPELINE, as_of: date | None = None, user: Any = None,
                   filters: Mapping[str, Any] | None = None, rows: Sequence[ProjectRow] | None = None,
                   ) -> tuple[list[RollupRow], RollupRow]:
    """Roll the projects of `year` up by pipeline, lead unit or programme; returns (groups, total).

    Pipelines and programmes carry the batches' promised counts and sums (a pipeline with a promise
    but no listed project still appears). Pass `rows` (from project_rows) to avoid reading twice.
    Raises ValueError for an unknown `by`.
    """
    if by not in RollupBy.values:
        raise ValueError(by)
    if rows is None:
        _filterset, rows = project_rows(year=year, as_of=as_of, user=user, filters=filters)
    groups: dict[str, RollupRow] = {}
    if by in {RollupBy.PIPELINE, RollupBy.PROGRAMME}:
        for batch in ProjectBatch.objects.filter(year=year).exclude(pipeline=Pipeline.OTHER):
            if by == RollupBy.PIPELINE:
                key, label = batch.pipeline, str(Pipeline(batch.pipeline).label)
            else:
                key, label = batch.programme, batch.programme or _("未归入工程")
            group = groups.setdefault(key, RollupRow(key, label, 0, ZERO))
            group.promised_count = (group.promised_count or 0) + batch.promised_count
            group.promised_investment = (group.promised_investment or ZERO) + (batch.promised_investment or ZERO)
    for row in rows:
        key, label = _group_key(row, by)
        groups.setdefault(key, RollupRow(key, label)).add(row)
    order = {p: i for i, p in enumerate(Pipeline.values)}
    ordered = sorted(groups.values(), key=(lambda g: order.get(g.key, 99)) if by == RollupBy.PIPELINE
                     else (lambda g: (-g.total_investment, g.label)))
    total = RollupRow("", _("合计"))
    for group in ordered:
        total.project_count += group.project_count
        total.total_investment += group.total_investment
        total.planned_investment += group.planned_investment
        total.completed_investment += group.completed_investment
        total.delivered += group.delivered
        total.overdue_milestones += group.overdue_milestones
        for light, count in group.lights.items():
            total.lights[light] += count
        if group.promised_count is not None:
            total.promised_count = (total.promised_count or 0) + group.promised_count
            total.promised_investment = (total.promised_investment or ZERO) + (group.promised_investment or ZERO)
    return ordered, total


def project_detail(*, user: Any, pk: int) -> KeyProject | None:
    return projects_visible_to(user, project_queryset()).filter(pk=pk).first()


def project_status(project: KeyProject, *, as_of: date | None = None) -> ProjectRow:
    """One project's assessed row (see project_rows)."""
    as_of = as_of or default_as_of(project.year)
    month = data_month(project.year, as_of)
    completed = (ProjectInvestment.objects.filter(project=project, year=project.year, month__lte=month)
                 .aggregate(total=Sum("amount"))["total"] or ZERO)
    return _assess(project, completed, completed > 0, list(project.milestones.all()), month, as_of)


def project_chart(project: KeyProject, *, as_of: date | None = None) -> dict[str, Any]:
    """One project's year for ECharts: monthly amounts, the running total and the plan's pace line.

    {"months": ["1月", …], "monthly": [v|None, …], "cumulative": [v|None, …], "plan": [v|None, …],
     "planned": v|None, "unit": "万元"}
    """
    as_of = as_of or default_as_of(project.year)
    amounts = {i.month: float(i.amount) for i in project.investments.filter(year=project.year)}
    last = data_month(project.year, as_of)
    running = 0.0
    cumulative: list[float | None] = []
    for month in range(1, 13):
        running += amounts.get(month, 0.0)
        cumulative.append(round(running, 2) if month <= last else None)
    planned = float(project.planned_investment) if project.planned_investment is not None else None
    return {
        "months": [_("%(month)s月") % {"month": m} for m in range(1, 13)],
        "monthly": [amounts.get(m) for m in range(1, 13)],
        "cumulative": cumulative,
        "plan": [round(planned * rules.expected_share(m), 2) if planned is not None else None for m in range(1, 13)],
        "planned": planned,
        "unit": "万元",
    }


def batches_for_year(year: int) -> QuerySet[ProjectBatch]:
    return ProjectBatch.objects.filter(year=year).select_related("source_document").order_by("pipeline", "name")


def projects_for_task(task: Any) -> tuple[list[ProjectRow], list[ProjectBatch]]:
    """The key projects (assessed, each as `project_status` assesses it) and batches `task` serves,
    for the task page's panel. The queries grow with the years the projects belong to (each
    year's data month), not with the projects: their investment to date is summed in one query."""
    projects = list(project_queryset().filter(tasks=task).prefetch_related("milestones"))
    measured: dict[int, tuple[date, int]] = {}  # year → (as of, data month)
    for year in sorted({p.year for p in projects}):
        as_of = default_as_of(year)
        measured[year] = (as_of, data_month(year, as_of))
    completed = _invested_to_date([p.pk for p in projects], measured)
    rows = []
    for project in projects:
        as_of, month = measured[project.year]
        done = completed.get(project.pk, ZERO)
        rows.append(_assess(project, done, done > 0, list(project.milestones.all()), month, as_of))
    return rows, list(ProjectBatch.objects.filter(tasks=task))


# How many projects the task page's search offers at once: it narrows as the user types, so that
# the page never carries the whole catalogue (a province lists thousands of key projects a year).
LINK_SEARCH_LIMIT = 20


def projects_to_link(*, user: Any, task: Any, query: str) -> list[KeyProject]:
    """The key projects `user` may see that `task` does not serve yet, matching the words of
    `query` as the project list's search does: the latest year first, at most LINK_SEARCH_LIMIT."""
    rows = ProjectFilterSet(data={"q": query[:100]},
                            queryset=projects_visible_to(user, KeyProject.objects.exclude(tasks=task))).qs
    return list(rows.order_by("-year", "code").only("pk", "year", "code", "name")[:LINK_SEARCH_LIMIT])


def project_link_reference(project: KeyProject) -> str:
    """What the task page's search fills in for a project: its year and code ("2024/BH2024-009")."""
    return f"{project.year}/{project.code}"


def project_by_reference(*, user: Any, reference: str) -> KeyProject | None:
    """The project a reference names, among those `user` may see: "2024/BH2024-009" (a year's
    code, as the search fills in), or a code alone (its latest year); None for anything else."""
    reference = reference.strip()[:100]
    if not reference:
        return None
    visible = projects_visible_to(user, KeyProject.objects.all())
    year_text, _slash, code = reference.partition("/")
    year = id_or_none(year_text)
    if code and year is not None and YEAR_MIN <= year <= YEAR_MAX:
        found = visible.filter(year=year, code=code.strip()).first()
        if found is not None:
            return found
    return visible.filter(code=reference).order_by("-year").first()


def _invested_to_date(project_ids: list[int], measured: Mapping[int, tuple[date, int]]) -> dict[int, Decimal]:
    """Each project's investment in its own year up to that year's data month, in one query."""
    if not project_ids:
        return {}
    in_its_year = Q()
    for year, (_as_of, month) in measured.items():
        in_its_year |= Q(project__year=year, year=year, month__lte=month)
    return {row["project_id"]: row["total"] or ZERO for row in (
        ProjectInvestment.objects.filter(in_its_year, project_id__in=project_ids).order_by()
        .values("project_id").annotate(total=Sum("amount")))}


def unit_choices_with_projects(year: int) -> list[tuple[int, str]]:
    """Lead units that have projects in `year`, for filter menus."""
    pairs = (KeyProject.objects.filter(year=year).exclude(lead_unit=None)
             .values_list("lead_unit_id", "lead_unit__short_name", "lead_unit__name").distinct())
    return sorted({(pk, short or name) for pk, short, name in pairs}, key=lambda p: p[1])


def programme_choices(year: int) -> list[str]:
    values = set(KeyProject.objects.filter(year=year).exclude(programme="").values_list("programme", flat=True))
    values |= set(ProjectBatch.objects.filter(year=year).exclude(programme="").values_list("programme", flat=True))
    return sorted(values)
