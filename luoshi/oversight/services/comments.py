"""Comments (批示) on tasks: leaders comment, supervisors and units answer."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import DomainError
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import Action, require, role_of, task_get_visible
from luoshi.oversight.models import Comment
from luoshi.reports.choices import NotificationKind
from luoshi.reports.models import ProgressReport
from luoshi.reports.services import notify, task_recipients

MSG_EMPTY = _("请填写评论内容。")


@transaction.atomic
def comment_add(*, user: Any, task: Task, body: str, report: ProgressReport | None = None) -> Comment:
    """Add a comment to a task (optionally about one of its reports). A leader's comment is an
    instruction (批示): the task's unit is told in the inbox and by e-mail."""
    found = task_get_visible(user, task.pk, Task.objects.select_related("lead_unit", "responsible_person"))
    require(user, Action.TASK_COMMENT, found)
    if not (body or "").strip():
        raise DomainError(MSG_EMPTY, field="body", code="empty")
    if report is not None and report.task_id != found.pk:
        raise DomainError(_("所评论的报告不属于该任务。"), field="report")
    comment = Comment.objects.create(task=found, report=report, author=user, body=body.strip())
    if role_of(user) == Role.LEADER:
        notify(recipients=[u for u in task_recipients(found) if u.pk != user.pk], kind=NotificationKind.COMMENT,
               subject=str(_("领导批示:%(task)s") % {"task": found.code}), body=comment.body,
               url=found.get_absolute_url(), task=found, dedupe_key=f"comment:{comment.pk}")
    return comment
