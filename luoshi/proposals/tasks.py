"""Scheduled work of the proposals app on the task queue: reminders and overdue notices for
replies and co-handlers' opinions, each hour just after the tick (whose digests then carry them).

`luoshi proposals_remind` runs the same service once, for installations that prefer cron; the
service keys every message by its event, so running both sends nothing twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from luoshi.proposals.services import proposal_reminders_send

logger = logging.getLogger("luoshi.proposals")


@db_periodic_task(crontab(minute=str((int(settings.LUOSHI["TICK_MINUTE"]) + 5) % 60)))
def scheduled_proposal_reminders() -> None:
    """Write the due reminders; delivery goes with the next tick's digest."""
    written = proposal_reminders_send()
    logger.info("proposal reminders", extra={"written": written})
