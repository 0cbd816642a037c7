"""Reads of the proposals app: lists, one item with its handling, figures, the public replies.

The figures are gathered in four queries whatever the number of items (items, host
assignments, accepted replies, commitments), turned into plain ItemFacts and counted by
rules.figures_of, so the figures page, the API, the dashboard panel and the assessment all
count the same way.

For the assessment and the battle map:

* `proposal_figures_for_units(period, unit_ids)` → {unit_id: ProposalUnitFigures}: the
  handling figures of each unit (as host) for a session, or for every session of a year when
  `period` is a year (an int) or a reports period key such as "2024" or "2024-Q3" (its year).
  `score` is rules.handling_score, 0–100, None when nothing can be counted yet.
* `proposal_panel(session)` → ProposalPanel: the totals and the five units with most overdue
  replies, for a dashboard panel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from luoshi.core.bounds import id_or_none
from luoshi.core.clock import business_today
from luoshi.ledger.choices import TaskStatus
from luoshi.ledger.models import Unit
from luoshi.portal.search import parse_query, query_condition
from luoshi.proposals import rules
from luoshi.proposals.choices import AssignmentRole, ReplyStatus
from luoshi.proposals.models import Assignment, Commitment, Proposal, Reply, Session
from luoshi.proposals.permissions import proposals_visible_to


def sessions() -> QuerySet[Session]:
    return Session.objects.annotate(item_count=Count("proposals")).order_by("-year", "body", "name")


# The value of the category filter for items without a category (drilled down from "—").
NO_CATEGORY = "__none__"


def proposal_list(*, user: Any, session: Session | None = None, status: str = "", unit_id: int | None = None,
                  category: str = "", text: str = "", figure: str = "", today: date | None = None
                  ) -> QuerySet[Proposal]:
    """Items the user may see, filtered; with the session and lead proposer loaded.

    `figure` (one of rules.FIGURE_KEYS) keeps the items behind that number of the figures —
    of the session, of the host `unit_id` (then the unit is the host the figure counts, not any
    handling unit), of the `category` — so a number on the figures page or the battle map opens
    exactly its items. An unknown figure gives no items."""
    items = proposals_visible_to(user, Proposal.objects.select_related("session", "lead_proposer"))
    if session is not None:
        items = items.filter(session=session)
    if status:
        items = items.filter(status=status)
    if figure:
        items = items.filter(pk__in=figure_item_ids(session=session, figure=figure, unit_id=unit_id,
                                                    category=category, today=today))
    elif unit_id:
        items = items.filter(pk__in=Assignment.objects.filter(unit_id=unit_id).values("proposal_id"))
    if category:
        items = items.filter(category="" if category == NO_CATEGORY else category)
    if text.strip():
        items = items.filter(Q(title__icontains=text.strip()) | Q(content__icontains=text.strip()))
    return items.order_by("session", "kind", "number")


def proposal_detail(*, user: Any, pk: int) -> Proposal | None:
    """One visible item with everything its page shows, or None."""
    return (proposals_visible_to(user, Proposal.objects.select_related("session", "lead_proposer", "leading_leader"))
            .prefetch_related("co_signers", "assignments__unit", "contacts__unit", "opinions__unit",
                              "replies__unit", "replies__commitments__task", "feedback",
                              "reassign_requests__unit").filter(pk=pk).first())


# --- figures ----------------------------------------------------------------------------------

def figure_facts(*, session: Session | None = None, year: int | None = None, years: Iterable[int] | None = None,
                 unit_ids: Iterable[int] | None = None) -> list[rules.ItemFacts]:
    """The facts of every item of a session (or a year's sessions, or the sessions of several
    `years`), one per host unit; items not yet assigned give one fact without a unit. With
    `unit_ids`, only those units' facts."""
    units = set(unit_ids) if unit_ids is not None else None
    items = Proposal.objects.all()
    host_rows = Assignment.objects.filter(role=AssignmentRole.HOST)
    reply_rows = Reply.objects.filter(status__in=[ReplyStatus.ACCEPTED, ReplyStatus.SUBMITTED])
    commitment_rows = Commitment.objects.filter(reply__status=ReplyStatus.ACCEPTED)
    if session is not None:
        items = items.filter(session=session)
        host_rows = host_rows.filter(proposal__session=session)
        reply_rows = reply_rows.filter(proposal__session=session)
        commitment_rows = commitment_rows.filter(reply__proposal__session=session)
    if year is not None:
        items = items.filter(session__year=year)
        host_rows = host_rows.filter(proposal__session__year=year)
        reply_rows = reply_rows.filter(proposal__session__year=year)
        commitment_rows = commitment_rows.filter(reply__proposal__session__year=year)
    if years is not None:
        wanted_years = sorted(set(years))
        items = items.filter(session__year__in=wanted_years)
        host_rows = host_rows.filter(proposal__session__year__in=wanted_years)
        reply_rows = reply_rows.filter(proposal__session__year__in=wanted_years)
        commitment_rows = commitment_rows.filter(reply__proposal__session__year__in=wanted_years)
    if units is not None:
        host_rows = host_rows.filter(unit_id__in=units)
        reply_rows = reply_rows.filter(unit_id__in=units)
        commitment_rows = commitment_rows.filter(reply__unit_id__in=units)
    # The latest accepted reply of each host counts (a reopened item's new reply replaces the old).
    # A reply awaiting review keeps its host from counting as overdue.
    replies: dict[tuple[int, int], tuple[date, date, str]] = {}
    waiting: set[tuple[int, int]] = set()
    for proposal_id, unit_id, submitted_on, due_date, classification, status in reply_rows.order_by(
            "round", "pk").values_list("proposal_id", "unit_id", "submitted_on", "due_date", "classification", "status"):
        if status == ReplyStatus.ACCEPTED:
            replies[(proposal_id, unit_id)] = (submitted_on, due_date, classification)
        else:
            waiting.add((proposal_id, unit_id))
    commitments: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for proposal_id, unit_id, status in commitment_rows.order_by().values_list("reply__proposal_id", "reply__unit_id",
                                                                               "task__status"):
        counts = commitments[(proposal_id, unit_id)]
        counts[0] += 1
        counts[1] += int(status == TaskStatus.COMPLETED)
    facts: list[rules.ItemFacts] = []
    if units is None:  # items without a host yet count as received
        # NOT EXISTS (an anti-join), not NOT IN (subquery): the subquery joined the items a second
        # time and was the slowest of the four queries on a province's year.
        hosted = Assignment.objects.filter(role=AssignmentRole.HOST, proposal_id=OuterRef("pk"))
        for pk, category, satisfaction in items.filter(~Exists(hosted)).order_by().values_list(
                "pk", "category", "satisfaction"):
            facts.append(rules.ItemFacts(proposal_id=pk, category=category, satisfaction=satisfaction))
    # One row per item and host, with the item's fields joined in; order_by() drops the models'
    # default orderings, which would join sessions and units only to sort.
    no_commitments = [0, 0]
    for pk, unit_id, category, reply_due, satisfaction in host_rows.order_by().values_list(
            "proposal_id", "unit_id", "proposal__category", "proposal__reply_due", "proposal__satisfaction"):
        key = (pk, unit_id)
        reply = replies.get(key)
        done = commitments.get(key, no_commitments)
        # positional: measurably cheaper than keywords over tens of thousands of rows
        if reply is None:
            facts.append(rules.ItemFacts(pk, unit_id, category, reply_due, None, None, "", satisfaction,
                                         done[0], done[1], key in waiting))
        else:
            facts.append(rules.ItemFacts(pk, unit_id, category, reply_due, reply[0], reply[1], reply[2],
                                         satisfaction, done[0], done[1], key in waiting))
    return facts


def figure_item_ids(*, session: Session | None, figure: str, unit_id: int | None = None, category: str = "",
                    today: date | None = None) -> list[int]:
    """The items behind one figure (see proposal_list), from the same facts the figures count."""
    if figure not in rules.FIGURE_KEYS:
        return []
    today = today or business_today()
    wanted_category = None if not category else "" if category == NO_CATEGORY else category
    return sorted({fact.proposal_id for fact in figure_facts(session=session, unit_ids=[unit_id] if unit_id else None)
                   if (wanted_category is None or fact.category == wanted_category)
                   and rules.fact_in_figure(fact, figure, today)})


@dataclass(frozen=True)
class FigureRow:
    """One line of a figures table: what it is about (a unit, a category) and its figures."""

    key: Any
    label: str
    figures: rules.Figures


@dataclass(frozen=True)
class SessionFigures:
    total: rules.Figures
    by_unit: list[FigureRow]
    by_category: list[FigureRow]


def session_figures(*, session: Session, today: date | None = None, categories: bool = True) -> SessionFigures:
    """A session's figures: in total, per host unit, per category (biggest first; left empty
    with `categories=False`)."""
    today = today or business_today()
    facts = figure_facts(session=session)
    by_unit: dict[int, list[rules.ItemFacts]] = defaultdict(list)
    by_category: dict[str, list[rules.ItemFacts]] = defaultdict(list)
    for fact in facts:
        if fact.unit_id is not None:
            by_unit[fact.unit_id].append(fact)
        if categories:
            by_category[fact.category].append(fact)
    names = {pk: short or name for pk, name, short in
             Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "name", "short_name")}
    unit_rows = [FigureRow(uid, names.get(uid, "—"), rules.figures_of(group, today)) for uid, group in by_unit.items()]
    category_rows = [FigureRow(cat, cat or "—", rules.figures_of(group, today)) for cat, group in by_category.items()]
    unit_rows.sort(key=lambda r: (-r.figures.received, r.label))
    category_rows.sort(key=lambda r: (-r.figures.received, r.label))
    return SessionFigures(total=rules.figures_of(facts, today), by_unit=unit_rows, by_category=category_rows)


@dataclass(frozen=True)
class ProposalUnitFigures:
    """One unit's handling figures (as host) and its handling score, for the assessment."""

    unit_id: int
    figures: rules.Figures
    score: float | None


def _year_of(period: Any) -> int | None:
    if isinstance(period, int):
        return period
    if isinstance(period, str):
        return id_or_none(period[:4])
    key = getattr(period, "key", None)
    return id_or_none(key[:4]) if isinstance(key, str) else None


def proposal_figures_for_units(period: Session | int | str | Any, unit_ids: Iterable[int],
                               today: date | None = None) -> dict[int, ProposalUnitFigures]:
    """Each unit's handling figures for a session, or for a year's sessions (`period` an int, a
    period key like "2024-Q3", or an object with such a `key`). Every requested unit is in the
    answer; a unit that hosts nothing has empty figures and score None."""
    today = today or business_today()
    wanted = list(dict.fromkeys(unit_ids))
    if isinstance(period, Session):
        facts = figure_facts(session=period, unit_ids=wanted)
    else:
        facts = figure_facts(year=_year_of(period), unit_ids=wanted)
    grouped: dict[int, list[rules.ItemFacts]] = defaultdict(list)
    for fact in facts:
        if fact.unit_id is not None:
            grouped[fact.unit_id].append(fact)
    answer = {}
    for unit_id in wanted:
        figures = rules.figures_of(grouped.get(unit_id, []), today)
        answer[unit_id] = ProposalUnitFigures(unit_id=unit_id, figures=figures, score=rules.handling_score(figures))
    return answer


@dataclass(frozen=True)
class ProposalPanel:
    """The dashboard panel: a session's totals and the units with most overdue replies."""

    session: Session | None
    total: rules.Figures
    most_overdue: list[FigureRow]


def proposal_panel(session: Session | None = None, today: date | None = None) -> ProposalPanel:
    """Panel data for a session (the latest one when None)."""
    session = session or Session.objects.order_by("-year", "-opened_on").first()
    if session is None:
        return ProposalPanel(session=None, total=rules.Figures(), most_overdue=[])
    figures = session_figures(session=session, today=today, categories=False)
    overdue = sorted((r for r in figures.by_unit if r.figures.overdue), key=lambda r: (-r.figures.overdue, r.label))
    return ProposalPanel(session=session, total=figures.total, most_overdue=overdue[:5])


# --- public -----------------------------------------------------------------------------------

def public_replies(*, text: str = "") -> QuerySet[Reply]:
    """Accepted replies marked public (答复全文公开), matching a Chinese query (every word must
    match, as on the portal's measure search)."""
    replies = Reply.objects.filter(status=ReplyStatus.ACCEPTED, is_public=True).select_related(
        "proposal__session", "unit")
    query = parse_query(text)
    if not query.empty:
        replies = replies.filter(query_condition(query))
    return replies.order_by("-proposal__session__year", "proposal__kind", "proposal__number", "pk")
