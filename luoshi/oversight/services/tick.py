"""The scheduler's run (`luoshi tick`): everything that is due today, each step once.

Every step is idempotent: reminders and escalations are keyed by their event, snapshots by
their month, digests by person and day, e-mails and robot messages claimed before sending. Running tick twice, or two ticks at once, sends
nothing twice; a failing step is logged and the others still run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from luoshi.core.clock import business_today
from luoshi.oversight.choices import SnapshotKind
from luoshi.oversight.services.evaluation import evaluation_run, snapshot_monthly_due, snapshot_take
from luoshi.oversight.services.notices import notices_escalate
from luoshi.oversight.services.reminders import (
    deadline_reminders_send,
    liaison_follow_ups_send,
    overdue_reminders_send,
    report_reminders_send,
)
from luoshi.reports.services import digests_compose, notifications_deliver, webhooks_deliver

logger = logging.getLogger("luoshi.tick")


@dataclass
class TickReport:
    """What one run did, step by step (counts), and which steps failed."""

    today: date
    lights_changed: int = 0
    deadline_reminders: int = 0
    overdue_reminders: int = 0
    report_reminders: int = 0
    liaison_reminders: int = 0
    escalations: int = 0
    snapshot: str = ""
    digests: int = 0
    emails_sent: int = 0
    webhooks_sent: int = 0
    errors: list[str] = field(default_factory=list)


def _monthly_snapshot(today: date) -> str:
    due = snapshot_monthly_due(today)
    if due is None:
        return ""
    key, as_of = due
    snapshot, created = snapshot_take(key=key, kind=SnapshotKind.MONTHLY, as_of=as_of)
    return snapshot.key if created else ""


def tick_run(*, today: date | None = None) -> TickReport:
    """Run every due step for `today` (default: today in the site's time zone).

    Order matters: evaluate first (so reminders and notices see today's lights), then
    remind and escalate, then take the month's snapshot, gather each person's reminders into
    one daily digest, and deliver e-mails and group-robot messages last.
    """
    today = today or business_today()
    report = TickReport(today=today)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("lights_changed", lambda: evaluation_run(as_of=today)),
        ("deadline_reminders", lambda: deadline_reminders_send(today=today)),
        ("overdue_reminders", lambda: overdue_reminders_send(today=today)),
        ("report_reminders", lambda: report_reminders_send(today=today)),
        ("liaison_reminders", lambda: liaison_follow_ups_send(today=today)),
        ("escalations", lambda: notices_escalate(today=today)),
        ("snapshot", lambda: _monthly_snapshot(today)),
        ("digests", lambda: digests_compose(today=today).digests),
        ("emails_sent", lambda: notifications_deliver()),
        ("webhooks_sent", lambda: webhooks_deliver()),
    ]
    for name, step in steps:
        try:
            setattr(report, name, step())
        except Exception as exc:  # one failing step must not stop reminders or e-mail
            logger.exception("tick step failed", extra={"step": name})
            report.errors.append(f"{name}: {exc}")
    return report
