"""The daily digest: one message per person per day (inbox, e-mail, group robots), retried and
logged, never lost and never sent twice (issue 12, point 2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.services import tick_run
from luoshi.reports.choices import DeliveryState, NotificationKind
from luoshi.reports.models import Notification, Webhook, WebhookDelivery
from luoshi.reports.services import (
    digests_compose,
    notifications_deliver,
    report_create,
    report_return,
    webhooks_deliver,
)
from luoshi.reports.services.digests import retry_wait
from luoshi.reports.tests.receiver import robot

pytestmark = pytest.mark.django_db

TODAY = date(2024, 10, 9)


@pytest.fixture(autouse=True)
def addresses(personas: Personas) -> None:
    for user in (personas.reporter_a, personas.reporter_b, personas.supervisor):
        user.email = f"{user.username}@example.org"
        user.save()


@pytest.fixture
def quick_robots(settings: Settings) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "WEBHOOK_TIMEOUT_SECONDS": 0.5, "WEBHOOK_RETRY_SECONDS": 60,
                       "WEBHOOK_MAX_ATTEMPTS": 3}


def overdue_tasks(personas: Personas, count: int) -> list[Task]:
    return [task_factory(f"逾期任务{i}", lead_unit=personas.unit_a, deadline=TODAY - timedelta(days=10 + i))
            for i in range(count)]


def digests_of(user: User) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.DIGEST))


def test_43_overdue_tasks_reach_their_reporter_as_one_digest(personas: Personas) -> None:
    """One tick sent one reporter 43 separate overdue reminders (issue 12): now one digest."""
    Task.objects.exclude(lead_unit=personas.unit_a).update(deadline=None)
    Task.objects.filter(pk=personas.task_a.pk).update(deadline=None)
    overdue_tasks(personas, 43)
    report = tick_run(today=TODAY)
    assert report.overdue_reminders == 43 and not report.errors
    to_a = [m for m in mail.outbox if m.to == ["rep_a@example.org"]]
    assert len(to_a) == 1
    assert "已逾期 43 项" in to_a[0].subject
    assert to_a[0].body.count("逾期催办") == 43
    (digest,) = digests_of(personas.reporter_a)
    assert digest.items.filter(kind=NotificationKind.DEADLINE_OVERDUE).count() == 43


def test_a_second_tick_the_same_day_sends_no_second_digest(personas: Personas) -> None:
    overdue_tasks(personas, 3)
    tick_run(today=TODAY)
    sent = len(mail.outbox)
    late = task_factory("新逾期", lead_unit=personas.unit_a, deadline=TODAY - timedelta(days=1))
    again = tick_run(today=TODAY)
    assert again.overdue_reminders == 1 and again.digests == 0
    assert len(mail.outbox) == sent and len(digests_of(personas.reporter_a)) == 1
    # The new reminder waits, undigested, for the next day's digest: nothing is lost.
    tomorrow = tick_run(today=TODAY + timedelta(days=1))
    assert tomorrow.digests == 1
    newest = Notification.objects.get(recipient=personas.reporter_a, kind=NotificationKind.DIGEST,
                                      dedupe_key="digest:2024-10-10")
    assert late.code in newest.body and newest.items.filter(kind=NotificationKind.DEADLINE_OVERDUE).count() == 1


def test_the_inbox_shows_the_digest_with_its_items_not_each_reminder(personas: Personas, client: Client) -> None:
    overdue_tasks(personas, 5)
    tick_run(today=TODAY)
    client.force_login(personas.reporter_a)
    page = client.get(reverse("reports:messages")).content.decode()
    assert page.count("每日待办汇总:") == 1
    assert page.count("逾期催办:") == 5  # each task once, inside the digest
    assert page.count('class="small digest-items"') == 1


def test_a_returned_report_tells_its_author_in_the_inbox_and_the_digest(personas: Personas) -> None:
    report = report_create(user=personas.reporter_a, task=personas.task_a, narrative="进展", percent_done=10,
                           submit=True, today=TODAY)
    report_return(user=personas.supervisor, report=report, comment="请补充证明材料")
    message = Notification.objects.get(recipient=personas.reporter_a, kind=NotificationKind.REPORT_RETURNED)
    assert "请补充证明材料" in message.body
    assert notifications_deliver() == 0  # not mailed on its own
    digests_compose(today=TODAY)
    assert notifications_deliver() == 1
    (sent,) = [m for m in mail.outbox if m.to == ["rep_a@example.org"]]
    assert "被退回的报告" in sent.body and personas.task_a.code in sent.body
    assert sent.subject == "[落实] 每日待办汇总:被退回的报告 1 项"


def test_a_unit_robot_gets_the_units_digest_once(personas: Personas, quick_robots: None) -> None:
    overdue_tasks(personas, 2)
    with robot() as receiver:
        Webhook.objects.create(name="科技局群", url=receiver.url, unit=personas.unit_a)
        Webhook.objects.create(name="生态环境局群", url=receiver.url, unit=personas.unit_b)
        first = tick_run(today=TODAY)
        second = tick_run(today=TODAY)
    Task.objects.filter(lead_unit=personas.unit_b).update(deadline=None)
    assert (first.webhooks_sent, second.webhooks_sent) == (2, 0)  # each unit's robot, once
    (payload,) = [p for p in receiver.received if p["text"]["content"].startswith("区科技局")]
    assert payload["msgtype"] == "text"
    content = payload["text"]["content"]
    assert content.startswith("区科技局 2024-10-09 每日待办汇总:") and "已逾期 2 项" in content
    assert content.count("逾期催办:") == 2
    delivery = WebhookDelivery.objects.get(webhook__unit=personas.unit_a)
    assert (delivery.state, delivery.attempts) == (DeliveryState.SENT, 1)
    assert delivery.key in receiver.keys


def test_the_installation_wide_robot_gets_one_line_per_unit(personas: Personas, quick_robots: None) -> None:
    overdue_tasks(personas, 2)
    Task.objects.filter(pk=personas.task_b.pk).update(deadline=TODAY - timedelta(days=1))
    with robot() as receiver:
        Webhook.objects.create(name="督查室群", url=receiver.url)
        tick_run(today=TODAY)
    content = receiver.received[0]["text"]["content"]
    assert "区科技局:" in content and "已逾期 2 项" in content and "区生态环境局:" in content


def test_a_robot_answering_500_is_retried_later_and_delivered_once(personas: Personas, quick_robots: None,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    overdue_tasks(personas, 1)
    with robot(["500"]) as receiver:
        Webhook.objects.create(name="科技局群", url=receiver.url, unit=personas.unit_a)
        assert tick_run(today=TODAY).webhooks_sent == 0
        delivery = WebhookDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
        assert "500" in delivery.last_error
        assert "webhook failed, will retry" in caplog.text
        assert delivery.next_attempt_at is not None
        assert webhooks_deliver() == 0  # not before its wait is over
        later = delivery.next_attempt_at + timedelta(seconds=1)
        assert webhooks_deliver(now=later) == 1
        assert webhooks_deliver(now=later + timedelta(days=1)) == 0
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (DeliveryState.SENT, 2, "")
    assert len(receiver.received) == 2 and receiver.received[0] == receiver.received[1]
    assert len(set(receiver.keys)) == 1  # the same message, named the same, so a receiver can drop the repeat


def test_a_robot_that_times_out_is_retried_and_given_up_after_the_last_attempt(
        personas: Personas, quick_robots: None, caplog: pytest.LogCaptureFixture) -> None:
    overdue_tasks(personas, 1)
    with robot(["slow", "slow", "slow"]) as receiver:
        Webhook.objects.create(name="科技局群", url=receiver.url, unit=personas.unit_a)
        tick_run(today=TODAY)
        now = timezone.now()
        for _ in range(2):
            now += timedelta(days=1)
            webhooks_deliver(now=now)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3)
    assert "timed out" in delivery.last_error
    assert "webhook gave up" in caplog.text
    assert webhooks_deliver(now=now + timedelta(days=30)) == 0  # a failed row stays for an admin to see


def test_the_wait_before_a_retry_doubles(settings: Settings) -> None:
    settings.LUOSHI = {**settings.LUOSHI, "WEBHOOK_RETRY_SECONDS": 60}
    assert [retry_wait(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_an_unreachable_robot_does_not_stop_the_e_mail(personas: Personas, quick_robots: None) -> None:
    overdue_tasks(personas, 1)
    with robot() as receiver:
        url = receiver.url  # the server is gone after the block: connections are refused
    Webhook.objects.create(name="科技局群", url=url, unit=personas.unit_a)
    report = tick_run(today=TODAY)
    assert report.emails_sent >= 1 and report.webhooks_sent == 0 and not report.errors
    assert WebhookDelivery.objects.get().state == DeliveryState.PENDING
