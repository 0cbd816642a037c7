"""proposal_reminders_send: reminders before the reply deadline, overdue notices after it, once each."""

from __future__ import annotations

from datetime import timedelta

from luoshi.core.workdays import add_working_days
from luoshi.ledger.tests.factories import Personas
from luoshi.proposals.services import proposal_reminders_send, reply_submit
from luoshi.proposals.tests.factories import assigned, letter
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import Notification


def test_a_host_is_reminded_once_before_the_deadline(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    assert item.reply_due is not None
    day = add_working_days(item.reply_due, -5)
    assert proposal_reminders_send(today=day) >= 1
    assert proposal_reminders_send(today=day) == 0
    assert Notification.objects.filter(recipient=personas.reporter_a, kind=NotificationKind.DEADLINE_REMINDER,
                                       dedupe_key__startswith="proposal-due:").count() == 1


def test_an_overdue_reply_tells_the_unit_and_the_supervisors(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    assert item.reply_due is not None
    proposal_reminders_send(today=item.reply_due + timedelta(days=1))
    assert Notification.objects.filter(recipient=personas.reporter_a, kind=NotificationKind.DEADLINE_OVERDUE).exists()
    assert Notification.objects.filter(recipient=personas.supervisor, kind=NotificationKind.NOTICE_ISSUED).exists()


def test_a_unit_that_replied_is_not_chased(personas: Personas) -> None:
    item = assigned(personas.supervisor, [personas.unit_a])
    assert item.reply_due is not None
    reply_submit(user=personas.reporter_a, proposal=item, text="答复", classification="A", file=letter())
    assert proposal_reminders_send(today=item.reply_due + timedelta(days=1)) == 0


def test_the_command_runs_the_reminders_once(personas: Personas) -> None:
    import io

    from django.core.management import call_command

    item = assigned(personas.supervisor, [personas.unit_a])
    assert item.reply_due is not None
    day = str(item.reply_due + timedelta(days=1))
    out = io.StringIO()
    call_command("proposals_remind", "--date", day, stdout=out)
    assert "messages written" in out.getvalue() and not out.getvalue().startswith("proposals: 0 ")
    again = io.StringIO()
    call_command("proposals_remind", "--date", day, stdout=again)
    assert again.getvalue().startswith("proposals: 0 ")
