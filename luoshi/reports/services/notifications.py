"""The in-app inbox and e-mail outbox: every reminder, notice and review result goes through here.

`notify` writes one inbox row per recipient and event (never two: see Notification);
`notifications_deliver` sends the pending e-mails through Django's mail settings. Services
that notify during a request schedule delivery after their transaction commits, so a rolled
back action sends nothing; the scheduler (`luoshi tick`) delivers whatever is still pending.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from luoshi.ledger.choices import Role
from luoshi.ledger.models import Task
from luoshi.reports.choices import EmailState
from luoshi.reports.constants import setting
from luoshi.reports.models import Notification

logger = logging.getLogger("luoshi.reports.mail")


def email_of(user: Any) -> str:
    """The address to write to: the account's, else the person record's; "" when neither."""
    address = (getattr(user, "email", "") or "").strip()
    if address:
        return address
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return (getattr(person, "email", "") or "").strip() if person is not None else ""


def unit_reporters(unit_id: int | None) -> QuerySet[Any]:
    """Active reporters of a unit."""
    if unit_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(is_active=True, person__role=Role.REPORTER, person__unit_id=unit_id)


def task_recipients(task: Task) -> list[Any]:
    """Who is reminded about a task: its lead unit's reporters and its responsible person."""
    users = list(unit_reporters(task.lead_unit_id).select_related("person"))
    person = task.responsible_person
    if person is not None and person.user_id is not None and all(u.pk != person.user_id for u in users):
        user = get_user_model().objects.filter(pk=person.user_id, is_active=True).select_related("person").first()
        if user is not None:
            users.append(user)
    return users


def supervisors() -> QuerySet[Any]:
    """Active supervisors and admins (and superusers without a person record)."""
    return get_user_model().objects.filter(is_active=True).filter(
        Q(person__role__in=[Role.SUPERVISOR, Role.ADMIN]) | Q(is_superuser=True, person__isnull=True)
    ).distinct()


def notify(*, recipients: Iterable[Any], kind: str, subject: str, body: str = "", url: str = "",
           task: Task | None = None, dedupe_key: str = "", deliver_on_commit: bool = True,
           email: bool = True) -> list[Notification]:
    """Write one inbox message per recipient; returns the messages written now.

    With a `dedupe_key`, a recipient who already has a message for that event gets nothing
    new (the unique constraint decides, so two concurrent runs cannot both write it).
    Recipients with an e-mail address get the message by e-mail too, through the outbox,
    unless `email` is false: reminders reach people by e-mail only in their daily digest.
    """
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        message = Notification(
            recipient=user, kind=kind, subject=str(subject)[:200], body=str(body), url=url[:300], task=task,
            dedupe_key=dedupe_key[:120],
            email_state=EmailState.PENDING if email and email_of(user) else EmailState.NONE,
        )
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            continue  # this person already has this event
        created.append(message)
    if created and deliver_on_commit:
        ids = [m.pk for m in created]
        transaction.on_commit(lambda: notifications_deliver(ids=ids))
    return created


def notifications_deliver(*, ids: Iterable[int] | None = None, limit: int = 500) -> int:
    """Send pending e-mails (all pending, or those of `ids`); returns how many were sent.

    Each message is claimed with a conditional UPDATE (pending → sending) before it is sent,
    so two processes delivering at once never send the same message twice. A failed send
    goes back to pending until EMAIL_MAX_ATTEMPTS, then stays failed (and is logged).
    """
    pending = Notification.objects.filter(email_state=EmailState.PENDING).select_related("recipient")
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    sent = 0
    max_attempts = int(setting("EMAIL_MAX_ATTEMPTS"))
    for message in pending.order_by("pk")[:limit]:
        claimed = Notification.objects.filter(pk=message.pk, email_state=EmailState.PENDING).update(
            email_state=EmailState.SENDING, email_attempts=message.email_attempts + 1)
        if not claimed:
            continue
        address = email_of(message.recipient)
        try:
            if not address:
                raise ValueError("no address")
            body = message.body
            if message.url:
                body = f"{body}\n\n{_absolute(message.url)}"
            send_mail(f"[落实] {message.subject}", body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # any mail failure: record it and keep going with the others
            logger.warning("mail failed", extra={"notification": message.pk}, exc_info=True)
            state = EmailState.FAILED if message.email_attempts + 1 >= max_attempts else EmailState.PENDING
            Notification.objects.filter(pk=message.pk).update(email_state=state)
            continue
        Notification.objects.filter(pk=message.pk).update(email_state=EmailState.SENT, emailed_at=timezone.now())
        sent += 1
    return sent


def absolute_url(url: str) -> str:
    """`url` with the site's address in front, for links read outside the site (mail, robots)."""
    return _absolute(url)


def _absolute(url: str) -> str:
    base = str(getattr(settings, "LUOSHI", {}).get("SITE_URL", "")).rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's messages read (all unread, or those of `ids`); returns how many."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
