"""The inbox and e-mail outbox: once per event and person, delivered once, failures retried."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from luoshi.ledger.tests.factories import Personas
from luoshi.reports.choices import EmailState, NotificationKind
from luoshi.reports.models import Notification
from luoshi.reports.services import notifications_deliver, notifications_mark_read, notify

pytestmark = pytest.mark.django_db


def with_email(user: Any, address: str) -> Any:
    user.email = address
    user.save()
    return user


def test_the_same_event_reaches_a_person_once(personas: Personas) -> None:
    user = with_email(personas.reporter_a, "a@example.org")
    for _ in range(3):
        notify(recipients=[user, user], kind=NotificationKind.DEADLINE_REMINDER, subject="提醒", dedupe_key="e1",
               deliver_on_commit=False)
    assert Notification.objects.filter(recipient=user).count() == 1
    assert notifications_deliver() == 1
    assert notifications_deliver() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@example.org"]


def test_a_person_without_an_address_gets_the_inbox_message_only(personas: Personas) -> None:
    notify(recipients=[personas.reporter_b], kind=NotificationKind.NOTICE_ISSUED, subject="督办", dedupe_key="n1",
           deliver_on_commit=False)
    assert Notification.objects.get().email_state == EmailState.NONE
    assert notifications_deliver() == 0 and mail.outbox == []


def test_a_failed_send_is_retried_then_given_up(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    user = with_email(personas.reporter_a, "a@example.org")
    notify(recipients=[user], kind=NotificationKind.COMMENT, subject="批示", deliver_on_commit=False)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("smtp down")

    monkeypatch.setattr("luoshi.reports.services.notifications.send_mail", broken)
    assert notifications_deliver() == 0
    assert Notification.objects.get().email_state == EmailState.PENDING
    notifications_deliver()
    notifications_deliver()
    message = Notification.objects.get()
    assert (message.email_state, message.email_attempts) == (EmailState.FAILED, 3)


def test_delivery_happens_after_the_action_commits(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    user = with_email(personas.reporter_a, "a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], kind=NotificationKind.REPORT_RETURNED, subject="被退回")
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email_state == EmailState.SENT


def test_marking_read_touches_only_ones_own_messages(personas: Personas) -> None:
    notify(recipients=[personas.reporter_a, personas.reporter_b], kind=NotificationKind.COMMENT, subject="批示",
           deliver_on_commit=False)
    assert notifications_mark_read(user=personas.reporter_a) == 1
    assert Notification.objects.filter(read_at__isnull=True).get().recipient == personas.reporter_b
