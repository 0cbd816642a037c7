"""Reporting periods: their state today, and a supervisor closing or reopening one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.history import records_history
from luoshi.core.periods import Period, period_from_key
from luoshi.ledger.permissions import Action, require
from luoshi.reports import rules
from luoshi.reports.constants import setting
from luoshi.reports.models import ReportingPeriod

MSG_BAD_PERIOD = _("填报期“%(key)s”格式不正确,应为 2024-09、2024-Q3、2024-H2 或 2024。")


@dataclass(frozen=True)
class PeriodInfo:
    """A period with its dates and its state on a given day."""

    period: Period
    due_date: date
    close_date: date
    state: str
    decided: bool | None


def period_parse(key: str) -> Period:
    """The period of a key; DomainError with a clear message when the key is malformed."""
    try:
        return period_from_key(key)
    except ValueError as exc:
        raise DomainError(MSG_BAD_PERIOD % {"key": key}, field="period_key", code="bad_period") from exc


def period_info(period: Period, today: date | None = None) -> PeriodInfo:
    """Dates and state of `period` on `today`, taking a supervisor's decision into account."""
    today = today or business_today()
    due_workdays = int(setting("REPORT_DUE_WORKDAYS"))
    close_after = int(setting("REPORT_CLOSE_AFTER_WORKDAYS"))
    decided = ReportingPeriod.objects.filter(key=period.key).values_list("closed", flat=True).first()
    return PeriodInfo(
        period=period,
        due_date=rules.report_due_date(period, due_workdays),
        close_date=rules.report_close_date(period, due_workdays, close_after),
        state=rules.period_state(period, today, due_workdays=due_workdays, close_after_workdays=close_after,
                                 closed=decided),
        decided=decided,
    )


@records_history
@transaction.atomic
def period_close(*, user: Any, key: str, note: str = "") -> ReportingPeriod:
    """Close a period to new reports now (a supervisor's decision, kept in history)."""
    require(user, Action.PERIOD_MANAGE)
    period = period_parse(key)
    row, _created = ReportingPeriod.objects.select_for_update().get_or_create(key=period.key)
    row.closed, row.decided_by, row.note = True, user, note[:200]
    row.save()
    return row


@records_history
@transaction.atomic
def period_reopen(*, user: Any, key: str, note: str = "") -> ReportingPeriod:
    """Reopen a period: reports are taken again (counted late after the due date)."""
    require(user, Action.PERIOD_MANAGE)
    period = period_parse(key)
    row, _created = ReportingPeriod.objects.select_for_update().get_or_create(key=period.key)
    row.closed, row.decided_by, row.note = False, user, note[:200]
    row.save()
    return row
