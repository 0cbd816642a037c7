"""Scheduled work on the queue: the tick (evaluation, reminders, escalations, snapshots, e-mail).

`luoshi worker` runs it on the schedule below; `luoshi tick` runs the same service once, for
installations that prefer cron. The tick is idempotent, so both together send nothing twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from luoshi.oversight.services import tick_run

logger = logging.getLogger("luoshi.tick")


@db_periodic_task(crontab(minute=settings.LUOSHI["TICK_MINUTE"]))
def scheduled_tick() -> None:
    """Run the tick; errors of one step are reported by the tick itself, not raised."""
    report = tick_run()
    logger.info("tick", extra={"today": str(report.today), "errors": len(report.errors)})
