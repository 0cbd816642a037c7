"""Suggestions and proposals (建议提案办理) on the battle map and in briefings, as JSON-able data.

The numbers are those of the proposals app's figures (`proposals.selectors.session_figures`, the
same facts and rules as its figures page and the assessment); this module only shapes them for
the charts and gives each number the filters of the proposals list that shows its items
(`proposals.selectors.proposal_list(figure=…)`), so every number drills down to its items.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.briefings.rules import OverdueUnitLine, ProposalSummary
from luoshi.ledger.models import Unit
from luoshi.ledger.permissions import Action, can, reads_everything, unit_id_of
from luoshi.proposals import rules
from luoshi.proposals.choices import FIGURE_LABELS
from luoshi.proposals.models import Session
from luoshi.proposals.selectors import NO_CATEGORY, FigureRow, figure_facts, session_figures, sessions

# Units shown in the chart and the table, most items first; the figures page lists them all.
UNIT_LIMIT = 20

# The columns of the panel's tables: (figure, attribute of rules.Figures, rate shown beside it).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("received", "received", ""),
    ("assigned", "assigned", ""),
    ("on_time", "on_time", "on_time_rate"),
    ("late", "late", ""),
    ("overdue", "overdue", ""),
    ("A", "a", "a_share"),
    ("B", "b", "b_share"),
    ("C", "c", "c_share"),
    ("evaluated", "evaluated", "satisfaction_rate"),
    ("satisfied", "satisfied", ""),
    ("basically", "basically", ""),
    ("unsatisfied", "unsatisfied", ""),
    ("commitments", "commitments", ""),
    ("commitments_done", "commitments_done", "commitments_done_rate"),
)


def _cells(figures: rules.Figures) -> dict[str, dict[str, Any]]:
    return {figure: {"value": getattr(figures, attribute), "rate": getattr(figures, rate) if rate else None}
            for figure, attribute, rate in COLUMNS}


def _row(row: FigureRow, session: Session, key: str) -> dict[str, Any]:
    filters: dict[str, Any] = {"session": session.pk}
    if key == "unit":
        filters["unit"] = row.key
    else:
        filters["category"] = row.key or NO_CATEGORY
    return {"name": row.label, "filters": filters, "cells": _cells(row.figures)}


def proposal_panel_data(*, session_id: int | None = None, today: date | None = None) -> dict[str, Any]:
    """The panel for a session (the latest one when None or unknown): totals, per host unit (the
    UNIT_LIMIT with most items) and per category, each number with the list filters of its items
    (`figure` plus the row's `unit` or `category` and the `session`)."""
    choices = list(sessions())
    session = next((s for s in choices if s.pk == session_id), None) or (choices[0] if choices else None)
    data: dict[str, Any] = {
        "sessions": [{"id": s.pk, "name": s.name, "items": s.item_count} for s in choices],  # type: ignore[attr-defined]
        "session": {"id": session.pk, "name": session.name} if session is not None else None,
        "list_url": reverse("proposals:list"),
        "figures_url": reverse("proposals:figures"),
        "columns": [{"key": figure, "label": str(FIGURE_LABELS[figure])} for figure, _a, _r in COLUMNS],
        "total": None, "by_unit": [], "by_category": [], "units_total": 0,
    }
    if session is None:
        return data
    figures = session_figures(session=session, today=today)
    data["total"] = {"name": _("合计"), "filters": {"session": session.pk}, "cells": _cells(figures.total)}
    data["by_unit"] = [_row(r, session, "unit") for r in figures.by_unit[:UNIT_LIMIT]]
    data["units_total"] = len(figures.by_unit)
    data["by_category"] = [_row(r, session, "category") for r in figures.by_category]
    return data


# Units named in a briefing's sentence on overdue replies.
OVERDUE_UNITS = 3


def briefing_proposal_summary(*, user: Any, year: int, as_of: date, unit_id: int | None = None
                              ) -> ProposalSummary | None:
    """The proposals figures a briefing freezes: the sessions of `year`, counted as of `as_of`,
    within what `user` may see (a unit reporter: the items their unit hosts) and the briefing's
    unit scope (`unit_id`: that unit as host). None when there are no sessions that year or the
    user may not read proposals."""
    if not can(user, Action.PROPOSAL_VIEW):
        return None
    if not reads_everything(user):
        own = unit_id_of(user)
        if own is None or (unit_id is not None and unit_id != own):
            return None
        unit_id = own
    names = list(Session.objects.filter(year=year).order_by("opened_on", "name").values_list("name", flat=True))
    if not names:
        return None
    facts = figure_facts(year=year, unit_ids=[unit_id] if unit_id is not None else None)
    figures = rules.figures_of(facts, as_of)
    overdue: dict[int, int] = {}
    for fact in facts:
        if fact.unit_id is not None and rules.fact_in_figure(fact, "overdue", as_of):
            overdue[fact.unit_id] = overdue.get(fact.unit_id, 0) + 1
    top = sorted(overdue.items(), key=lambda kv: (-kv[1], kv[0]))[:OVERDUE_UNITS]
    unit_names = {pk: short or name for pk, name, short in
                  Unit.objects.filter(pk__in=[pk for pk, _n in top]).values_list("pk", "name", "short_name")}
    most_overdue: list[OverdueUnitLine] = [{"unit": unit_names.get(pk, ""), "overdue": n} for pk, n in top]
    return {
        "year": year, "sessions": names, "received": figures.received, "assigned": figures.assigned,
        "replied": figures.replied, "on_time": figures.on_time, "late": figures.late, "overdue": figures.overdue,
        "a": figures.a, "b": figures.b, "c": figures.c, "evaluated": figures.evaluated,
        "satisfied": figures.satisfied, "basically": figures.basically, "unsatisfied": figures.unsatisfied,
        "commitments": figures.commitments, "commitments_done": figures.commitments_done,
        "most_overdue": most_overdue,
    }
