"""The battle map's panel of suggestions and proposals (建议提案办理), as JSON-able data.

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

from luoshi.proposals import rules
from luoshi.proposals.choices import FIGURE_LABELS
from luoshi.proposals.models import Session
from luoshi.proposals.selectors import NO_CATEGORY, FigureRow, session_figures, sessions

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
