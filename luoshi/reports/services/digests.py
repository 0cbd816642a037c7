"""The daily digest (每日待办汇总): one message per person per day, in the inbox, by e-mail and,
when configured, to group robots (企业微信 / 钉钉 style webhooks).

`digests_compose` gathers each person's reminders and returned reports not yet in a digest
into one digest message dated today (unique per person and day: a second run writes nothing),
and one robot message per configured webhook. `webhooks_deliver` posts pending robot messages,
retrying a timeout or an error answer with growing waits and logging every failure; a row is
claimed before it is posted, so two schedulers never post the same message twice.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.clock import business_today
from luoshi.reports.choices import DIGESTED_KINDS, DeliveryState, EmailState, NotificationKind
from luoshi.reports.constants import setting
from luoshi.reports.models import Notification, Webhook, WebhookDelivery
from luoshi.reports.services.notifications import absolute_url, email_of

logger = logging.getLogger("luoshi.reports.digest")

# The digest's sections, in reading order: what is coming due, what is late, what came back.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("due", (NotificationKind.DEADLINE_REMINDER, NotificationKind.REPORT_REMINDER)),
    ("overdue", (NotificationKind.DEADLINE_OVERDUE,)),
    ("returned", (NotificationKind.REPORT_RETURNED,)),
    ("liaison", (NotificationKind.LIAISON_FOLLOW_UP,)),
)


def _section_titles() -> dict[str, str]:
    return {"due": _("即将到期"), "overdue": _("已逾期"), "returned": _("被退回的报告"), "liaison": _("对接跟进")}


@dataclass
class DigestReport:
    """What one composition wrote: digests per person, robot messages per webhook."""

    digests: int = 0
    items: int = 0
    webhook_messages: int = 0
    recipients: list[int] = field(default_factory=list)


def _sections(items: list[Notification]) -> list[tuple[str, list[Notification]]]:
    titles = _section_titles()
    rows = []
    for key, kinds in SECTIONS:
        chosen = [item for item in items if item.kind in kinds]
        if chosen:
            rows.append((titles[key], chosen))
    return rows


def digest_text(items: list[Notification], *, links: bool) -> tuple[str, str]:
    """The subject and body of a digest of `items`; with `links`, each line ends with its address."""
    sections = _sections(items)
    counts = "、".join(_("%(section)s %(n)s 项") % {"section": title, "n": len(rows)} for title, rows in sections)
    subject = _("每日待办汇总:%(counts)s") % {"counts": counts}
    lines: list[str] = []
    for title, rows in sections:
        lines.append(f"【{title}】")
        for item in rows:
            line = f"· {item.subject}"
            if links and item.url:
                line += f"  {absolute_url(item.url)}"
            lines.append(line)
    return subject, "\n".join(lines)


def _digest_for(user: Any, items: list[Notification], today: date) -> Notification | None:
    """Write `user`'s digest of `items` for `today`, or None when they already have one today."""
    subject, body = digest_text(items, links=True)
    digest = Notification(recipient=user, kind=NotificationKind.DIGEST, subject=subject[:200], body=body,
                          url=reverse("reports:messages"), dedupe_key=f"digest:{today.isoformat()}",
                          email_state=EmailState.PENDING if email_of(user) else EmailState.NONE)
    try:
        with transaction.atomic():
            digest.save()
            # Only items still undigested: a concurrent run that got here first keeps its own.
            Notification.objects.filter(pk__in=[i.pk for i in items], digest__isnull=True).update(digest=digest)
    except IntegrityError:
        return None  # today's digest exists: these items wait for tomorrow's
    return digest


def digests_compose(*, today: date | None = None) -> DigestReport:
    """Gather every person's undigested reminders and returned reports into one digest for
    `today` each, then one message per active webhook; returns what was written."""
    today = today or business_today()
    report = DigestReport()
    pending = list(Notification.objects.filter(kind__in=DIGESTED_KINDS, digest__isnull=True)
                   .select_related("recipient").only("pk", "kind", "subject", "url", "recipient")
                   .order_by("recipient_id", "pk"))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for item in pending:
        by_user[item.recipient_id].append(item)
    for items in by_user.values():
        digest = _digest_for(items[0].recipient, items, today)
        if digest is not None:
            report.digests += 1
            report.items += len(items)
            report.recipients.append(digest.recipient_id)
    report.webhook_messages = _webhook_messages(today)
    return report


# --- group robots -----------------------------------------------------------------------------

def _robot_payload(title: str, lines: list[str]) -> dict[str, Any]:
    # The "text" message both 企业微信 and 钉钉 robots accept: {"msgtype": "text", "text": {"content": ...}}.
    return {"msgtype": "text", "text": {"content": "\n".join([title, *lines])}}


def _webhook_messages(today: date) -> int:
    """One message per active webhook for `today`'s digests (none when there is nothing to say)."""
    webhooks = list(Webhook.objects.filter(active=True).select_related("unit"))
    if not webhooks:
        return 0
    items = list(Notification.objects.filter(digest__kind=NotificationKind.DIGEST,
                                             digest__dedupe_key=f"digest:{today.isoformat()}")
                 .select_related("task__lead_unit", "recipient__person__unit").order_by("kind", "task_id", "pk"))
    if not items:
        return 0
    written = 0
    for webhook in webhooks:
        if WebhookDelivery.objects.filter(webhook=webhook, day=today).exists():
            continue
        payload = _webhook_payload(webhook, items, today)
        if payload is None:
            continue
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(webhook=webhook, day=today, payload=payload)
        except IntegrityError:
            continue  # another run wrote it first
        written += 1
    return written


def _unit_of(item: Notification) -> Any:
    person = getattr(item.recipient, "person", None) if hasattr(item.recipient, "person") else None
    return person.unit if person is not None and person.unit_id else None


def _webhook_payload(webhook: Webhook, items: list[Notification], today: date) -> dict[str, Any] | None:
    """A unit's robot gets the unit's items (one line per task and kind); the installation-wide
    robot gets one line per unit with its counts."""
    if webhook.unit_id is not None:
        seen: set[tuple[str, str]] = set()
        mine = []
        for item in items:
            unit = _unit_of(item)
            if unit is None or unit.pk != webhook.unit_id or (item.kind, item.subject) in seen:
                continue
            seen.add((item.kind, item.subject))
            mine.append(item)
        if not mine:
            return None
        subject, body = digest_text(mine, links=True)
        return _robot_payload(f"{webhook.unit} {today.isoformat()} {subject}", body.splitlines())
    per_unit: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    titles = _section_titles()
    for item in items:
        unit = _unit_of(item)
        name = str(unit) if unit is not None else _("未归属单位")
        for key, kinds in SECTIONS:
            if item.kind in kinds:
                per_unit[name][titles[key]].add(item.subject)
    lines = []
    for name in sorted(per_unit):
        parts = "、".join(_("%(section)s %(n)s 项") % {"section": title, "n": len(subjects)}
                         for title, subjects in per_unit[name].items())
        lines.append(f"· {name}:{parts}")
    return _robot_payload(_("落实 %(day)s 每日待办汇总") % {"day": today.isoformat()}, lines)


def _post(url: str, payload: dict[str, Any], key: str, timeout: float) -> None:
    """POST `payload` as JSON; raises on a timeout, a refused connection, a non-2xx answer or a
    robot's own error code (both robots answer {"errcode": 0} when they took the message)."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "X-Luoshi-Delivery": key})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (admin-configured http(s) URL)
        body = response.read(4096)
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return  # a receiver answering 2xx with plain text took the message
    if isinstance(answer, dict) and answer.get("errcode", 0) not in (0, "0"):
        raise ValueError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def retry_wait(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: the base wait, doubled each time."""
    return timedelta(seconds=float(setting("WEBHOOK_RETRY_SECONDS")) * 2 ** max(attempts - 1, 0))


def webhooks_deliver(*, now: datetime | None = None, limit: int = 200) -> int:
    """Post pending robot messages that are due; returns how many were taken by their receiver.

    Each row is claimed (pending → sending, with a lease) by a conditional update before it is
    posted. A failure is logged and retried after `retry_wait`; after WEBHOOK_MAX_ATTEMPTS the
    row stays failed (and is logged as an error), never silently dropped. A row left "sending"
    by a process that died is taken again once its lease has passed.
    """
    now = now or timezone.now()
    timeout = float(setting("WEBHOOK_TIMEOUT_SECONDS"))
    max_attempts = int(setting("WEBHOOK_MAX_ATTEMPTS"))
    lease = timedelta(seconds=timeout * 2 + 30)
    due = (WebhookDelivery.objects.filter(
        Q(state=DeliveryState.PENDING, next_attempt_at__isnull=True)
        | Q(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        | Q(state=DeliveryState.SENDING, next_attempt_at__lt=now))
        .select_related("webhook").order_by("pk"))
    sent = 0
    for row in due[:limit]:
        claimed = WebhookDelivery.objects.filter(pk=row.pk, state=row.state, attempts=row.attempts).update(
            state=DeliveryState.SENDING, attempts=row.attempts + 1, next_attempt_at=now + lease)
        if not claimed:
            continue
        attempts = row.attempts + 1
        try:
            _post(row.webhook.url, row.payload, row.key, timeout)
        except (OSError, ValueError, urllib.error.URLError) as exc:  # timeouts are OSError too
            error = f"{type(exc).__name__}: {exc}"[:300]
            if attempts >= max_attempts:
                logger.error("webhook gave up", extra={"delivery": row.pk, "attempts": attempts, "error": error})
                WebhookDelivery.objects.filter(pk=row.pk).update(state=DeliveryState.FAILED, last_error=error)
            else:
                logger.warning("webhook failed, will retry",
                               extra={"delivery": row.pk, "attempts": attempts, "error": error})
                WebhookDelivery.objects.filter(pk=row.pk).update(
                    state=DeliveryState.PENDING, last_error=error, next_attempt_at=now + retry_wait(attempts))
            continue
        WebhookDelivery.objects.filter(pk=row.pk).update(state=DeliveryState.SENT, sent_at=timezone.now(),
                                                         last_error="")
        sent += 1
    return sent
