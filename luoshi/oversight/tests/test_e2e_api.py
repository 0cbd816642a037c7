"""The whole loop of the five mechanisms through the API, asserting the state after every step (#4).

assign → report with evidence → return → resubmit → accept; the task slips, a reminder goes out,
a notice is issued, escalates, is answered and closed; an adjustment is requested, approved and
appears in the task's history; the period's assessment ranks the units.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from luoshi.api.models import ApiToken
from luoshi.core.workdays import add_working_days
from luoshi.ledger.models import Task
from luoshi.ledger.tests.factories import Personas, task_factory
from luoshi.oversight.models import EvaluationSnapshot, SupervisionNotice, UnitScore
from luoshi.oversight.services import tick_run
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import Notification, ProgressReport
from luoshi.reports.services import digests_compose, notifications_deliver
from luoshi.reports.tests.files import PDF

pytestmark = pytest.mark.django_db


class Api:
    """A client that acts as one user through a bearer token, as another platform would."""

    def __init__(self, user: Any) -> None:
        _token, raw = ApiToken.issue(user=user, name="e2e")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}")

    def post(self, path: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json",
                                headers=headers)

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")

    def upload(self, path: str, name: str, content: bytes) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(f"/api/v1{path}", data={"files": [SimpleUploadedFile(name, content)]})


def kinds_for(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_whole_loop_through_the_api(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    p = personas
    today = timezone.localdate()
    for user, address in ((p.reporter_a, "a@unit.example"), (p.leader, "leader@gov.example"),
                          (p.supervisor, "sup@gov.example")):
        user.email = address
        user.save()
    supervisor, reporter, reporter_b, leader = Api(p.supervisor), Api(p.reporter_a), Api(p.reporter_b), Api(p.leader)
    task = task_factory("建设海河实验室二期", start_date=today - timedelta(days=60),
                        deadline=add_working_days(today, 3), category="科技创新")
    other = p.task_b
    Task.objects.filter(pk=other.pk).update(start_date=today - timedelta(days=60), deadline=today + timedelta(days=60))

    # 1. Organise: a task force led by the leader owns the task; the task is assigned in bulk.
    response = supervisor.post("/task-forces", {"name": "海河实验室专班", "leader_id": p.leader.person.pk,
                                                "member_ids": [p.reporter_a.person.pk]})
    assert response.status_code == 201, response.content
    force_id = response.json()["id"]
    assert supervisor.post(f"/task-forces/{force_id}/tasks", {"task_ids": [task.pk]}).json()["task_ids"] == [task.pk]
    assert reporter.post("/assignments", {"task_ids": [task.pk], "lead_unit_id": p.unit_b.pk}).status_code == 403
    response = supervisor.post("/assignments", {
        "task_ids": [task.pk], "lead_unit_id": p.unit_a.pk, "co_unit_ids": [p.unit_b.pk],
        "responsible_person_id": p.reporter_a.person.pk, "versions": {str(task.pk): 1}})
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert (task.lead_unit, list(task.co_units.all()), task.responsible_person, task.version) == (
        p.unit_a, [p.unit_b], p.reporter_a.person, 2)
    assert reporter.get(f"/tasks/{task.pk}").status_code == 200  # now the reporter's task
    response = supervisor.post(f"/reports/tasks/{task.pk}/milestones",
                               {"title": "完成主体结构", "due_date": str(add_working_days(today, 2))})
    assert response.status_code == 201
    milestone_id = response.json()["id"]

    # 2. Report with evidence: a draft (a retry with the same key makes no second), a file, submit.
    body = {"task_id": task.pk, "narrative": "已完成选址和立项。", "percent_done": 20, "milestone_ids": [milestone_id]}
    first = reporter.post("/reports/", body, **{"Idempotency-Key": "e2e-report-1"})
    again = reporter.post("/reports/", body, **{"Idempotency-Key": "e2e-report-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    report_id = first.json()["id"]
    assert again.json()["id"] == report_id
    assert ProgressReport.objects.filter(task=task).count() == 1
    assert reporter.upload(f"/reports/{report_id}/evidence", "病毒.exe", b"MZ\x90\x00").status_code == 400
    response = reporter.upload(f"/reports/{report_id}/evidence", "立项批复.pdf", PDF)
    assert response.status_code == 201, response.content
    evidence_id = response.json()[0]["id"]
    assert reporter_b.get(f"/reports/evidence/{evidence_id}/download").status_code == 404  # a draft is its author's
    response = reporter.post(f"/reports/{report_id}/submit")
    assert response.json()["status"] == "submitted"
    assert reporter_b.get(f"/reports/evidence/{evidence_id}/download").status_code == 200  # co-unit, submitted
    download = supervisor.get(f"/reports/evidence/{evidence_id}/download")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"

    # 3. Return with a comment; the author is told in the inbox at once, and by e-mail in the
    #    day's digest (issue 12: one e-mail a day, not one per event).
    assert leader.post(f"/reports/{report_id}/return", {"comment": "越权"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post(f"/reports/{report_id}/return", {"comment": "请补充立项批复文号。"})
    assert response.json()["status"] == "returned"
    assert NotificationKind.REPORT_RETURNED in kinds_for(p.reporter_a)
    digests_compose()
    notifications_deliver()
    assert any("每日待办汇总" in m.subject and "被退回" in m.body for m in mail.outbox)

    # 4. Resubmit: a second version, the returned one kept, its evidence carried over.
    response = reporter.post(f"/reports/{report_id}/resubmit",
                             {"narrative": "已完成选址和立项,批复文号津发改〔2024〕12号。", "percent_done": 25},
                             **{"Idempotency-Key": "e2e-resubmit-1"})
    assert response.status_code == 201, response.content
    second = response.json()
    assert (second["revision"], second["supersedes_id"], second["status"]) == (2, report_id, "submitted")
    assert len(second["evidence"]) == 1
    versions = reporter.get(f"/reports/?task={task.pk}").json()["results"]
    assert sorted((v["revision"], v["status"]) for v in versions) == [(1, "returned"), (2, "submitted")]

    # 5. Accept with a grade: the task's progress follows, the milestone counts as reached.
    response = supervisor.post(f"/reports/{second['id']}/accept", {"comment": "材料齐全。", "grade": 4})
    assert response.json()["status"] == "accepted"
    assert supervisor.post(f"/reports/{second['id']}/accept", {}).status_code == 409  # reviewed already
    task.refresh_from_db()
    assert (task.progress_percent, task.status) == (25, "in_progress")
    milestones = reporter.get(f"/reports/tasks/{task.pk}/milestones").json()
    assert milestones[0]["reached_on"] is not None

    # 6. Time passes: a reminder before the deadline, then the task slips past it and turns red.
    assert task.deadline is not None
    reminder_day = add_working_days(task.deadline, -1)
    report = tick_run(today=reminder_day)
    assert report.deadline_reminders >= 1 and not report.errors
    assert NotificationKind.DEADLINE_REMINDER in kinds_for(p.reporter_a)
    assert any("完成时限提醒" in m.body and "a@unit.example" in m.to for m in mail.outbox)  # in the digest
    assert tick_run(today=reminder_day).deadline_reminders == 0  # a second run sends nothing twice
    slipped = task.deadline + timedelta(days=1)
    report = tick_run(today=slipped)
    assert report.overdue_reminders == 1
    task.refresh_from_db()
    assert task.light == "red"
    with override_settings(LUOSHI_BUSINESS_DATE=slipped.isoformat()):  # the API evaluates on the business date
        evaluation = supervisor.get(f"/oversight/tasks/{task.pk}/evaluation").json()
    assert (evaluation["light"], evaluation["as_of"]) == ("red", slipped.isoformat())

    # 7. A notice on the lagging task; unanswered past its reply deadline, it escalates to the
    #    task force's leader; the unit answers, the supervisor closes it.
    assert reporter.post("/oversight/notices", {"task_id": task.pk, "requirement": "x"}).status_code == 403
    response = supervisor.post("/oversight/notices", {"task_id": task.pk, "requirement": "请于5个工作日内报告滞后原因和赶进措施。"},
                               **{"Idempotency-Key": "e2e-notice-1"})
    assert response.status_code == 201, response.content
    notice = response.json()
    assert (notice["status"], notice["unit_id"]) == ("issued", p.unit_a.pk)
    assert NotificationKind.NOTICE_ISSUED in kinds_for(p.reporter_a)
    late = date.fromisoformat(notice["reply_due"]) + timedelta(days=1)
    assert tick_run(today=late).escalations == 1
    assert tick_run(today=late).escalations == 0
    assert supervisor.get(f"/oversight/notices/{notice['id']}").json()["status"] == "escalated"
    assert NotificationKind.NOTICE_ESCALATED in kinds_for(p.leader)
    assert any("督办升级" in m.subject and "leader@gov.example" in m.to for m in mail.outbox)
    assert reporter_b.post(f"/oversight/notices/{notice['id']}/reply", {"reply": "越权"}).status_code == 404
    response = reporter.post(f"/oversight/notices/{notice['id']}/reply", {"reply": "因设备到货延迟,已调整施工组织,申请延期。"})
    assert response.json()["status"] == "answered"
    assert supervisor.post(f"/oversight/notices/{notice['id']}/close", {"comment": "同意。"}).json()["status"] == "closed"

    # 8. Adjustment: the reporter asks for a later deadline; a deadline before the start is refused;
    #    the supervisor approves; the change is in the task's history with who, before, after, why.
    bad = reporter.post("/oversight/adjustments", {"task_id": task.pk, "reason": "笔误",
                                                   "changes": {"deadline": str(today - timedelta(days=90))}})
    assert bad.status_code == 400 and "开始日期" in bad.json()["message"]
    assert reporter.patch(f"/tasks/{task.pk}", {"version": task.version, "deadline": "2030-01-01"}).status_code == 403
    new_deadline = today + timedelta(days=60)
    response = reporter.post("/oversight/adjustments", {"task_id": task.pk, "reason": "设备到货延迟",
                                                        "changes": {"deadline": str(new_deadline)}})
    assert response.status_code == 201, response.content
    adjustment = response.json()
    assert adjustment["before"] == {"deadline": str(task.deadline)}
    assert reporter.post(f"/oversight/adjustments/{adjustment['id']}/approve").status_code == 403
    response = supervisor.post(f"/oversight/adjustments/{adjustment['id']}/approve", {"comment": "同意延期。"})
    assert response.json()["status"] == "approved"
    task.refresh_from_db()
    assert task.deadline == new_deadline
    history = reporter.get(f"/tasks/{task.pk}/history").json()
    # The approval writes the change and, at once, the light it leads to (newest first).
    assert [c["field"] for c in history[0]["changes"]] == ["light"]
    assert history[0]["reason"].startswith(f"调整申请#{adjustment['id']}")
    change = history[1]
    assert change["reason"].startswith(f"调整申请#{adjustment['id']}")
    assert change["who"] == str(p.supervisor)
    deadline_change = next(c for c in change["changes"] if c["field"] == "deadline")
    assert (deadline_change["before"], deadline_change["after"]) == (adjustment["before"]["deadline"],
                                                                     str(new_deadline))

    # 9. The other unit reports too, but is returned and never resubmits.
    response = reporter_b.post("/reports/", {"task_id": other.pk, "narrative": "正在准备。", "percent_done": 5,
                                             "submit": True})
    assert response.status_code == 201, response.content
    supervisor.post(f"/reports/{response.json()['id']}/return", {"comment": "内容过于简略。"})

    # 10. Assessment: compute the month, read the ranking; leaders read it, only supervisors compute.
    period = f"{today:%Y-%m}"
    assert leader.post(f"/oversight/assessments/{period}/compute").status_code == 403
    response = supervisor.post(f"/oversight/assessments/{period}/compute")
    assert response.status_code == 200, response.content
    ranking = {row["unit_id"]: row for row in leader.get(f"/oversight/assessments/{period}").json()}
    a, b = ranking[p.unit_a.pk], ranking[p.unit_b.pk]
    assert a["grade"] == pytest.approx((0 + 0.75) / 2)  # one returned, one accepted at "good"
    assert b["grade"] == 0
    assert a["total"] > b["total"]
    assert (a["rank"], b["rank"]) == (1, 2)
    assert UnitScore.objects.filter(period_key=period).count() == len(ranking)

    # 11. A snapshot counts, never types: staged progress among the tasks.
    response = supervisor.post("/oversight/snapshots")
    assert response.status_code == 201
    snapshot = response.json()
    assert snapshot["task_count"] == Task.objects.count()
    assert snapshot["staged_progress"] == Task.objects.filter(progress_percent__gt=0).count()
    assert EvaluationSnapshot.objects.count() >= 1
    assert SupervisionNotice.objects.get(pk=notice["id"]).history.count() >= 4
