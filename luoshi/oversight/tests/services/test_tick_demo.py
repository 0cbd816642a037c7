"""One tick over the demo sends each person at most one digest (issue 12, bar)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from luoshi.oversight.services import tick_run
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import Notification
from luoshi.web.demo.loader import demo_load

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.LUOSHI["DEMO_DOCS"])  # DOCS in the environment, else the seeds beside the checkout


def test_one_tick_over_the_demo_sends_each_person_at_most_one_digest() -> None:
    demo_load(SEEDS)
    for user in get_user_model().objects.all():
        user.email = f"{user.username}@example.org"
        user.save()
    mail.outbox.clear()
    first = tick_run(today=date(2025, 3, 14))
    assert not first.errors
    assert first.overdue_reminders + first.report_reminders + first.deadline_reminders > 20
    digests = Counter(m.to[0] for m in mail.outbox if "每日待办汇总" in m.subject)
    assert digests and max(digests.values()) == 1
    reminders = [m for m in mail.outbox if any(w in m.subject for w in ("逾期催办", "填报提醒", "完成时限提醒"))]
    assert reminders == []  # never one e-mail per task
    again = tick_run(today=date(2025, 3, 14))
    assert again.digests == 0 and again.emails_sent == 0
    per_person = Counter(Notification.objects.filter(kind=NotificationKind.DIGEST).values_list("recipient", flat=True))
    assert max(per_person.values()) == 1
