"""Writes of co-units' contributions (协办情况) to the lead unit's report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.clock import business_today
from luoshi.core.errors import DomainError
from luoshi.core.history import records_history
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import ACTION_MESSAGES, Action, require, task_get_visible, unit_id_of
from luoshi.reports.choices import ContributionStatus
from luoshi.reports.constants import setting
from luoshi.reports.files import evidence_check, evidence_store
from luoshi.reports.models import Contribution
from luoshi.reports.services.reports import Upload, _open_period, _percent, _stream

MSG_ALREADY_SUBMITTED = _("本单位 %(key)s 的协办情况已报送,不能再修改。")
MSG_NEEDS_TEXT = _("请填写协办情况。")
MSG_EXISTS = _("本单位该填报期已有协办情况。")


@records_history
def contribution_save(*, user: Any, task: Task, text: str, period_key: str | None = None, percent_done: Any = None,
                      file: Upload | None = None, submit: bool = False, today: date | None = None) -> Contribution:
    """Write (or change) the user's unit's contribution to `task` for a period (default: the
    period a report is due for), as a draft or submitted to the lead unit at once.

    A draft is its author's alone; a submitted contribution is final. Raises NotFound (task
    not visible), PermissionDenied (not a reporter of one of the task's co-units, or a
    colleague's draft), DomainError (period closed or not started, no text, bad percent or
    file, already submitted).
    """
    task = task_get_visible(user, task.pk, Task.objects.select_related("lead_unit"))
    require(user, Action.CONTRIBUTION_WRITE, task)
    period = _open_period(task, period_key, today or business_today())
    text = (text or "").strip()
    if not text:
        raise DomainError(MSG_NEEDS_TEXT, field="text", code="needs_text")
    percent = _percent(percent_done)
    checked = None
    if file is not None:
        checked = evidence_check(name=file.name or "", size=file.size or 0, stream=_stream(file),
                                 max_bytes=int(setting("MAX_EVIDENCE_BYTES")))
    unit_id = unit_id_of(user)
    if unit_id is None:  # require() above admits only reporters of a co-unit, who have a unit
        raise DomainError(str(ACTION_MESSAGES[Action.CONTRIBUTION_WRITE]), code="no_unit")
    with transaction.atomic():
        existing = (Contribution.objects.select_for_update()
                    .filter(task=task, period_key=period.key, unit_id=unit_id).first())
        if existing is not None:
            if existing.status == ContributionStatus.SUBMITTED:
                raise DomainError(MSG_ALREADY_SUBMITTED % {"key": period.key}, code="already_submitted")
            require(user, Action.CONTRIBUTION_WRITE, existing)
        contribution = existing or Contribution(task=task, period_key=period.key, unit_id=unit_id, author=user)
        contribution.text, contribution.percent_done = text, percent
        if file is not None and checked is not None:
            contribution.evidence = evidence_store(stream=_stream(file), kind=checked.kind)
            contribution.evidence_name, contribution.evidence_kind = str(file.name)[:255], checked.kind
        if submit:
            contribution.status, contribution.submitted_at = ContributionStatus.SUBMITTED, timezone.now()
        contribution.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                contribution.save()
        except IntegrityError as exc:  # a colleague's first save won the race
            raise DomainError(MSG_EXISTS, code="contribution_exists") from exc
    return contribution
