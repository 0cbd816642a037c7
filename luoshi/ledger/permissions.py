"""Who may see and do what: the one place where roles meet objects.

Every page, API endpoint, export and service asks these functions; none decides on its own.

Roles:

- supervisor (督查) runs every mechanism: assigns, reviews reports, evaluates, decides
  adjustments, issues supervision notices, computes assessments;
- unit reporter (填报员) sees and edits only the tasks where their unit leads or co-operates,
  reports progress on them, asks for adjustments, answers their unit's notices, and is the
  only one who sees their own report drafts;
- leader (领导) reads everything and comments;
- admin does everything a supervisor does and manages accounts;
- anonymous sees nothing here (the public portal has its own read-only selectors over
  published tasks; the API answers 401).

Offices (`luoshi/ledger/offices.py`): a supervisor, leader or admin bound to an office
(`Person.office`) has that office's scope instead of the whole installation's. They *manage*
the tasks owned by their office or an office beneath it (`task.office` in the office's
jurisdiction) and *see*, read-only, the tasks that fall to the units of their jurisdiction (lead
unit or co-unit) whoever owns them. Mechanism actions (edit plan, assign, review reports, decide
adjustments, issue and close notices, milestones, evaluate, draft review) need manage scope;
viewing, commenting and history need view scope. Without an office they manage everything, as
before. Documents and drafts follow the same line: an office's and those of the offices beneath.

Task forces belong to an office too (`TaskForce.office`): an office's people see and manage its
own and those of the offices beneath it. Closing or reopening a reporting period reaches every
office (INSTALLATION_ACTIONS): only the installation's supervisors and admins may.

Two layers, both tested as a matrix (role × action) in ledger/tests/test_permissions_matrix.py:

1. `ROLE_GRANTS`: which roles may attempt an action at all. Refusal here is a 403.
2. `_OBJECT_CHECKS`: for an action on one object, whether this user may act on *that*
   object (a reporter on another unit's task, a supervisor deciding their own request).

Visibility of lists is decided by the `*_visible_to` functions below; an object a user may
not see is answered with 404 by the interfaces, as if it did not exist. Objects of later
apps (reports, notices, adjustments) are handled by attribute (duck typing) so that the
ledger does not import the apps below it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from luoshi.core.access import get_visible
from luoshi.core.errors import PermissionDenied
from luoshi.core.types import UserLike
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.choices import Role
from luoshi.ledger.models import Person, Task, TaskForce, TaskForceTask
from luoshi.ledger.offices import TaskParts, person_of, scope_of, unit_parts

M = TypeVar("M", bound=Model)


def role_of(user: UserLike) -> str | None:
    """The user's role; a superuser without a person record counts as admin."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    person = person_of(user)
    if person is not None:
        return person.role
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    return None


def unit_id_of(user: UserLike) -> int | None:
    """The unit of a unit reporter (None for every other role: their rights are not per unit)."""
    person = person_of(user)
    if person is not None and person.role == Role.REPORTER:
        return person.unit_id
    return None


def is_oversight(user: UserLike) -> bool:
    """Supervisors and admins run the mechanisms."""
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN}


def reads_everything(user: UserLike) -> bool:
    """Supervisors, leaders and admins: the roles that read beyond one unit (within their office
    when they have one: ask `sees_every_task` about tasks)."""
    return role_of(user) in {Role.SUPERVISOR, Role.ADMIN, Role.LEADER}


def sees_every_task(user: UserLike) -> bool:
    """Readers not bound to an office: every task, document and draft of the installation."""
    return reads_everything(user) and scope_of(user) is None


def can_manage_task(user: UserLike, task: Task) -> bool:
    """Oversight runs the mechanisms on a task: any task without an office, else those of their
    office and the offices beneath it."""
    if not is_oversight(user):
        return False
    scope = scope_of(user)
    return scope is None or scope.manages(task)


# --- actions and who may attempt them ---------------------------------------------------------

class Action(StrEnum):
    """Everything a person can do with the five mechanisms. Names read `<object>.<verb>`."""

    TASK_VIEW = "task.view"
    TASK_EDIT = "task.edit"  # fields a reporter may change directly (the progress note)
    TASK_EDIT_PLAN = "task.edit_plan"  # deadline, target, units, scope: directly only by oversight
    TASK_ASSIGN = "task.assign"  # single and bulk assignment of lead unit, co-units, person
    TASK_LINK = "task.link"  # set, change or clear the higher-level task a task refines; create tasks
    TASK_COMMENT = "task.comment"
    TASK_HISTORY_VIEW = "task.history_view"
    TASKFORCE_VIEW = "taskforce.view"
    TASKFORCE_MANAGE = "taskforce.manage"
    LIAISON_VIEW = "liaison.view"
    LIAISON_WRITE = "liaison.write"
    WORKLOAD_VIEW = "workload.view"
    REPORT_VIEW = "report.view"
    REPORT_WRITE = "report.write"  # draft, edit own draft, submit, resubmit, attach evidence
    REPORT_REVIEW = "report.review"  # accept or return
    MILESTONE_MANAGE = "milestone.manage"
    PERIOD_MANAGE = "period.manage"  # close or reopen a reporting period
    EVALUATION_RUN = "evaluation.run"  # evaluate now, take a snapshot on demand
    SNAPSHOT_VIEW = "snapshot.view"
    ADJUSTMENT_VIEW = "adjustment.view"
    ADJUSTMENT_REQUEST = "adjustment.request"
    ADJUSTMENT_DECIDE = "adjustment.decide"
    ADJUSTMENT_WITHDRAW = "adjustment.withdraw"
    NOTICE_VIEW = "notice.view"
    NOTICE_ISSUE = "notice.issue"
    NOTICE_REPLY = "notice.reply"
    NOTICE_CLOSE = "notice.close"
    ASSESSMENT_VIEW = "assessment.view"
    ASSESSMENT_COMPUTE = "assessment.compute"
    INBOX_VIEW = "inbox.view"
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_MANAGE = "indicator.manage"  # catalogue, targets, task links
    INDICATOR_OBSERVE = "indicator.observe"  # enter or correct actuals (its responsible unit's)
    PROJECT_VIEW = "project.view"
    PROJECT_MANAGE = "project.manage"  # pipelines, batches, projects, task links
    PROJECT_REPORT = "project.report"  # monthly investment and milestone dates (its lead unit's)
    PROPOSAL_VIEW = "proposal.view"  # suggestions and proposals (建议提案): readers all, a unit its own
    PROPOSAL_MANAGE = "proposal.manage"  # register, import, assign, decide reassignment, review, feedback
    PROPOSAL_HANDLE = "proposal.handle"  # contact log, co-opinion, reply, reassignment request (own unit's)
    # Upload a workbook; each row is then checked against the unit's rights (INDICATOR_OBSERVE, ...).
    INDICATOR_IMPORT = "indicator.import"
    PROJECT_IMPORT = "project.import"
    BRIEFING_VIEW = "briefing.view"
    BRIEFING_GENERATE = "briefing.generate"  # a reporter's briefing covers their unit's tasks
    BRIEFING_EDIT = "briefing.edit"  # oversight any briefing, a reporter their own
    LEDGER_EXPORT = "ledger.export"  # the tasks one sees, as a spreadsheet
    CONTRIBUTION_WRITE = "contribution.write"  # a co-unit's part of the lead unit's report
    DRAFT_REVIEW = "draft.review"  # upload documents, confirm or reject their drafts


_OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMIN})
_READERS = frozenset({Role.SUPERVISOR, Role.ADMIN, Role.LEADER})
_EVERYONE = frozenset({Role.SUPERVISOR, Role.ADMIN, Role.LEADER, Role.REPORTER})
_REPORTERS = frozenset({Role.REPORTER})

ROLE_GRANTS: dict[Action, frozenset[str]] = {
    Action.TASK_VIEW: _EVERYONE,
    Action.TASK_EDIT: _OVERSIGHT | _REPORTERS,
    Action.TASK_EDIT_PLAN: _OVERSIGHT,
    Action.TASK_ASSIGN: _OVERSIGHT,
    Action.TASK_LINK: _OVERSIGHT,
    Action.TASK_COMMENT: _EVERYONE,
    Action.TASK_HISTORY_VIEW: _EVERYONE,
    Action.TASKFORCE_VIEW: _EVERYONE,
    Action.TASKFORCE_MANAGE: _OVERSIGHT,
    Action.LIAISON_VIEW: _EVERYONE,
    Action.LIAISON_WRITE: _OVERSIGHT | _REPORTERS,
    Action.WORKLOAD_VIEW: _EVERYONE,
    Action.REPORT_VIEW: _EVERYONE,
    # Supervisors review reports; they do not write them (nobody accepts their own account).
    Action.REPORT_WRITE: _REPORTERS,
    Action.REPORT_REVIEW: _OVERSIGHT,
    Action.MILESTONE_MANAGE: _OVERSIGHT,
    Action.PERIOD_MANAGE: _OVERSIGHT,
    Action.EVALUATION_RUN: _OVERSIGHT,
    Action.SNAPSHOT_VIEW: _EVERYONE,
    Action.ADJUSTMENT_VIEW: _EVERYONE,
    Action.ADJUSTMENT_REQUEST: _OVERSIGHT | _REPORTERS,
    Action.ADJUSTMENT_DECIDE: _OVERSIGHT,
    Action.ADJUSTMENT_WITHDRAW: _OVERSIGHT | _REPORTERS,
    Action.NOTICE_VIEW: _EVERYONE,
    Action.NOTICE_ISSUE: _OVERSIGHT,
    Action.NOTICE_REPLY: _REPORTERS,
    Action.NOTICE_CLOSE: _OVERSIGHT,
    Action.ASSESSMENT_VIEW: _EVERYONE,
    Action.ASSESSMENT_COMPUTE: _OVERSIGHT,
    Action.INBOX_VIEW: _EVERYONE,
    # Targets and project pipelines are published in the work report: every role reads them.
    Action.INDICATOR_VIEW: _EVERYONE,
    Action.INDICATOR_MANAGE: _OVERSIGHT,
    Action.INDICATOR_OBSERVE: _OVERSIGHT | _REPORTERS,
    Action.PROJECT_VIEW: _EVERYONE,
    Action.PROJECT_MANAGE: _OVERSIGHT,
    Action.PROJECT_REPORT: _OVERSIGHT | _REPORTERS,
    Action.PROPOSAL_VIEW: _EVERYONE,
    Action.PROPOSAL_MANAGE: _OVERSIGHT,
    Action.PROPOSAL_HANDLE: _REPORTERS,
    Action.INDICATOR_IMPORT: _OVERSIGHT | _REPORTERS,
    Action.PROJECT_IMPORT: _OVERSIGHT | _REPORTERS,
    # Leaders read briefings; they do not write them.
    Action.BRIEFING_VIEW: _EVERYONE,
    Action.BRIEFING_GENERATE: _OVERSIGHT | _REPORTERS,
    Action.BRIEFING_EDIT: _OVERSIGHT | _REPORTERS,
    Action.LEDGER_EXPORT: _EVERYONE,
    Action.CONTRIBUTION_WRITE: _REPORTERS,
    Action.DRAFT_REVIEW: _OVERSIGHT,
}

# One refusal message per action, shown on pages and returned by the API with status 403.
ACTION_MESSAGES: dict[Action, Any] = {
    Action.TASK_VIEW: _("您无权查看此任务。"),
    Action.TASK_EDIT: _("您无权修改此任务。"),
    Action.TASK_EDIT_PLAN: _("完成时限、目标、牵头单位和任务范围的变更须提交调整申请,由督查人员审批。"),
    Action.TASK_ASSIGN: _("只有督查人员可以分派任务。"),
    Action.TASK_LINK: _("只有督查人员可以登记任务或调整任务的上级任务。"),
    Action.TASK_COMMENT: _("您无权评论此任务。"),
    Action.TASK_HISTORY_VIEW: _("您无权查看此任务的变更记录。"),
    Action.TASKFORCE_VIEW: _("您无权查看工作专班。"),
    Action.TASKFORCE_MANAGE: _("只有督查人员可以管理工作专班,督查机构只能管理本机构及下级机构的专班。"),
    Action.LIAISON_VIEW: _("您无权查看对接记录。"),
    Action.LIAISON_WRITE: _("您无权登记或修改此任务的对接记录。"),
    Action.WORKLOAD_VIEW: _("您只能查看本单位的工作量。"),
    Action.REPORT_VIEW: _("您无权查看此进展报告。"),
    Action.REPORT_WRITE: _("只有任务所属单位的填报员可以填报进展,草稿只有起草人可以修改。"),
    Action.REPORT_REVIEW: _("只有督查人员可以审核进展报告。"),
    Action.MILESTONE_MANAGE: _("只有督查人员可以设置里程碑。"),
    Action.PERIOD_MANAGE: _("填报期对所有督查机构生效,只有不隶属于某一督查机构的督查人员或管理员可以关闭或重新开放填报期。"),
    Action.EVALUATION_RUN: _("只有督查人员可以执行评估和生成快照。"),
    Action.SNAPSHOT_VIEW: _("您无权查看评估快照。"),
    Action.ADJUSTMENT_VIEW: _("您无权查看此调整申请。"),
    Action.ADJUSTMENT_REQUEST: _("您无权为此任务提出调整申请。"),
    Action.ADJUSTMENT_DECIDE: _("只有督查人员可以审批调整申请,且不能审批本人提出的申请。"),
    Action.ADJUSTMENT_WITHDRAW: _("只有申请人可以撤回调整申请。"),
    Action.NOTICE_VIEW: _("您无权查看此督办单。"),
    Action.NOTICE_ISSUE: _("只有督查人员可以下发督办单。"),
    Action.NOTICE_REPLY: _("只有督办单所发单位的填报员可以回复。"),
    Action.NOTICE_CLOSE: _("只有督查人员可以办结督办单。"),
    Action.ASSESSMENT_VIEW: _("您无权查看考核结果。"),
    Action.ASSESSMENT_COMPUTE: _("只有督查人员可以计算考核得分。"),
    Action.INBOX_VIEW: _("请先登录。"),
    Action.INDICATOR_VIEW: _("您无权查看指标。"),
    Action.INDICATOR_MANAGE: _("只有督查人员可以维护指标和目标。"),
    Action.INDICATOR_OBSERVE: _("只有督查人员或该指标责任单位的填报员可以填报实际值。"),
    Action.PROJECT_VIEW: _("您无权查看重点项目。"),
    Action.PROJECT_MANAGE: _("只有督查人员可以维护重点项目。"),
    Action.PROJECT_REPORT: _("只有督查人员或该项目牵头单位的填报员可以填报投资和节点。"),
    Action.PROPOSAL_VIEW: _("您无权查看此建议提案。"),
    Action.PROPOSAL_MANAGE: _("只有督查人员可以登记、交办、审核建议提案和录入评价。"),
    Action.PROPOSAL_HANDLE: _("只有承办单位的填报员可以办理此建议提案。"),
    Action.INDICATOR_IMPORT: _("只有督查人员和填报员可以导入指标实际值。"),
    Action.PROJECT_IMPORT: _("只有督查人员和填报员可以导入重点项目清单。"),
    Action.BRIEFING_VIEW: _("您无权查看这份简报。"),
    Action.BRIEFING_GENERATE: _("您无权生成工作简报。"),
    Action.BRIEFING_EDIT: _("您无权修改这份简报。"),
    Action.LEDGER_EXPORT: _("您无权导出任务台账。"),
    Action.CONTRIBUTION_WRITE: _("只有任务协办单位的填报员可以报送协办情况,草稿只有起草人可以修改。"),
    Action.DRAFT_REVIEW: _("只有督查人员可以审核草稿。"),
}


# Actions whose effect reaches every office: a reporting period is one for the whole installation
# (`ReportingPeriod.key` is unique, and a report's period state does not depend on its task's
# office), so closing or reopening one is refused to anyone bound to an office, whatever the object.
INSTALLATION_ACTIONS = frozenset({Action.PERIOD_MANAGE})


# --- object checks ----------------------------------------------------------------------------

def _task_of(obj: Any) -> Task | None:
    """The task an object is about: the object itself, or its `task` attribute."""
    if isinstance(obj, Task):
        return obj
    return getattr(obj, "task", None)


def _check_task_scope(user: UserLike, obj: Any) -> bool:
    """Oversight and leaders act on any task; a reporter only on their unit's (lead or co-unit)."""
    task = _task_of(obj)
    if task is None:
        return True
    return can_view_task(user, task)


def _check_manage_scope(user: UserLike, obj: Any) -> bool:
    """Mechanism actions: the task must be one the user's office manages (a task it only sees,
    because it falls to its units, is read-only). Reporters keep their unit scope."""
    task = _task_of(obj)
    if task is None:
        return True
    if is_oversight(user):
        return can_manage_task(user, task)
    return can_view_task(user, task)


def _check_taskforce_scope(user: UserLike, task_force: Any) -> bool:
    """A task force of the user's office or of an office beneath it (any, without an office)."""
    scope = scope_of(user)
    return scope is None or scope.owns(getattr(task_force, "office_id", None))


def _check_document_scope(user: UserLike, obj: Any) -> bool:
    """A document (or a draft, through its document) of the user's office or one beneath it."""
    document = getattr(obj, "document", obj)
    scope = scope_of(user)
    if scope is None:
        return True
    office_id = getattr(document, "office_id", None)
    return office_id is not None and office_id in scope.unit_ids


def _check_report_view(user: UserLike, report: Any) -> bool:
    """Drafts are private to their author; submitted reports follow their task's visibility."""
    if getattr(report, "status", None) == "draft":
        return bool(getattr(report, "author_id", None) == getattr(user, "pk", object()))
    return _check_task_scope(user, report)


def _check_report_write(user: UserLike, obj: Any) -> bool:
    """On a task: the reporter's unit leads it (a co-unit reports its part as a contribution, so
    its draft never occupies the lead unit's period: issue 12). On a report: the same, and a
    draft is the author's."""
    if not _check_task_scope(user, obj):
        return False
    task = _task_of(obj)
    if task is not None and task.lead_unit_id != unit_id_of(user):
        return False
    if getattr(obj, "status", None) == "draft":
        return bool(getattr(obj, "author_id", None) == getattr(user, "pk", object()))
    return True


def _check_workload(user: UserLike, obj: Any) -> bool:
    """Readers see every unit's and person's workload; a reporter only their own unit's."""
    if reads_everything(user):
        return True
    unit_id = unit_id_of(user)
    if unit_id is None:
        return False
    if isinstance(obj, Person):
        return obj.unit_id == unit_id
    return getattr(obj, "pk", None) == unit_id


def _check_decide(user: UserLike, request: Any) -> bool:
    """Four eyes: nobody approves or refuses a request they made themselves; and the task is
    one the decider's office manages."""
    if getattr(request, "requested_by_id", None) == getattr(user, "pk", object()):
        return False
    return _check_manage_scope(user, request)


def _check_withdraw(user: UserLike, request: Any) -> bool:
    return getattr(request, "requested_by_id", None) == getattr(user, "pk", object())


def _check_notice_view(user: UserLike, notice: Any) -> bool:
    if reads_everything(user):
        return _check_task_scope(user, notice)
    unit_id = unit_id_of(user)
    return unit_id is not None and getattr(notice, "unit_id", None) == unit_id


def _check_notice_reply(user: UserLike, notice: Any) -> bool:
    unit_id = unit_id_of(user)
    return unit_id is not None and getattr(notice, "unit_id", None) == unit_id


def _owning_unit_id(obj: Any) -> int | None:
    """The unit that answers for an indicator (responsible unit) or a project (lead unit);
    `obj` may also be that unit's id, for checks made row by row in an import."""
    if obj is None or isinstance(obj, int):
        return obj
    for attribute in ("responsible_unit_id", "lead_unit_id"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)  # type: ignore[no-any-return]
    return None


def _check_owning_unit(user: UserLike, obj: Any) -> bool:
    """Oversight acts on any indicator or project; a reporter only on those of their own unit."""
    if is_oversight(user):
        return True
    unit_id = unit_id_of(user)
    return unit_id is not None and _owning_unit_id(obj) == unit_id


def _check_briefing_view(user: UserLike, briefing: Any) -> bool:
    """Readers see every briefing (within an office: those its people wrote, see
    briefings.permissions); a reporter those they wrote."""
    if getattr(briefing, "created_by_id", None) == getattr(user, "pk", object()):
        return True
    if not reads_everything(user):
        return False
    scope = scope_of(user)
    if scope is None:
        return True
    author = person_of(getattr(briefing, "created_by", None))
    return author is not None and author.office_id is not None and author.office_id in scope.unit_ids


def _check_own_briefing(user: UserLike, briefing: Any) -> bool:
    """Oversight acts on every briefing; a reporter on those they wrote."""
    return is_oversight(user) or getattr(briefing, "created_by_id", None) == getattr(user, "pk", object())


def _is_co_unit(task: Task, unit_id: int) -> bool:
    # The co-units the task page has already read, else one query.
    prefetched = getattr(task, "_prefetched_objects_cache", {}).get("co_units")
    if prefetched is not None:
        return any(unit.pk == unit_id for unit in prefetched)
    return bool(task.co_units.filter(pk=unit_id).exists())


def _check_contribution_write(user: Any, obj: Any) -> bool:
    """On a task: the reporter's unit is one of its co-units. On a contribution: its unit is the
    reporter's, and a draft is the author's."""
    unit_id = unit_id_of(user)
    task = _task_of(obj)
    if unit_id is None or task is None:
        return False
    if not _is_co_unit(task, unit_id):
        return False
    if getattr(obj, "unit_id", unit_id) != unit_id:
        return False
    if getattr(obj, "status", None) == "draft":
        return bool(getattr(obj, "author_id", None) == getattr(user, "pk", object()))
    return True


_OBJECT_CHECKS: dict[Action, Callable[[Any, Any], bool]] = {
    Action.TASK_VIEW: _check_task_scope,
    Action.TASK_EDIT: _check_manage_scope,
    Action.TASK_EDIT_PLAN: _check_manage_scope,
    Action.TASK_ASSIGN: _check_manage_scope,
    Action.TASK_LINK: _check_manage_scope,
    Action.TASK_COMMENT: _check_task_scope,
    Action.TASK_HISTORY_VIEW: _check_task_scope,
    Action.TASKFORCE_VIEW: _check_taskforce_scope,
    Action.TASKFORCE_MANAGE: _check_taskforce_scope,
    Action.LIAISON_VIEW: _check_task_scope,
    Action.LIAISON_WRITE: _check_task_scope,
    Action.WORKLOAD_VIEW: _check_workload,
    Action.REPORT_VIEW: _check_report_view,
    Action.REPORT_WRITE: _check_report_write,
    Action.REPORT_REVIEW: _check_manage_scope,
    Action.MILESTONE_MANAGE: _check_manage_scope,
    Action.EVALUATION_RUN: _check_manage_scope,
    Action.SNAPSHOT_VIEW: _check_task_scope,
    Action.ADJUSTMENT_VIEW: _check_task_scope,
    Action.ADJUSTMENT_REQUEST: _check_task_scope,
    Action.ADJUSTMENT_DECIDE: _check_decide,
    Action.ADJUSTMENT_WITHDRAW: _check_withdraw,
    Action.NOTICE_VIEW: _check_notice_view,
    Action.NOTICE_REPLY: _check_notice_reply,
    Action.NOTICE_ISSUE: _check_manage_scope,
    Action.NOTICE_CLOSE: _check_manage_scope,
    Action.INDICATOR_OBSERVE: _check_owning_unit,
    Action.PROJECT_REPORT: _check_owning_unit,
    Action.PROPOSAL_HANDLE: _check_owning_unit,  # obj: the id of the unit acting on the item
    Action.BRIEFING_VIEW: _check_briefing_view,
    Action.BRIEFING_EDIT: _check_own_briefing,
    Action.CONTRIBUTION_WRITE: _check_contribution_write,
    Action.DRAFT_REVIEW: _check_document_scope,
}


def role_may(role: str | None, action: Action) -> bool:
    """Whether a role may attempt `action` at all (the first layer; pure, no database)."""
    return role is not None and role in ROLE_GRANTS[action]


def can(user: UserLike, action: Action, obj: Any = None) -> bool:
    """Whether `user` may do `action`, on `obj` when given."""
    if not role_may(role_of(user), action):
        return False
    if action in INSTALLATION_ACTIONS and scope_of(user) is not None:
        return False
    if obj is None:
        return True
    check = _OBJECT_CHECKS.get(action)
    return check is None or check(user, obj)


def require(user: UserLike, action: Action, obj: Any = None) -> None:
    """Raise PermissionDenied (403, with the action's message) unless `user` may do `action`."""
    if not can(user, action, obj):
        raise PermissionDenied(ACTION_MESSAGES[action])


# --- task fields ------------------------------------------------------------------------------

# Fields a unit reporter may change directly. Everything else that shapes the plan (deadline,
# target, units, scope) changes through an adjustment request a supervisor decides.
REPORTER_EDITABLE_TASK_FIELDS = frozenset({"progress_note"})


def can_edit_task_fields(user: UserLike, task: Task, fields: Iterable[str]) -> bool:
    """Oversight may change any editable field; a reporter only REPORTER_EDITABLE_TASK_FIELDS of
    their unit's tasks."""
    if not can_edit_task(user, task):
        return False
    if is_oversight(user):
        return True
    return set(fields) <= REPORTER_EDITABLE_TASK_FIELDS


# --- visibility of lists ----------------------------------------------------------------------

def unit_tasks_q(unit_id: int, *, per_row: bool = False) -> Q:
    """The tasks a unit leads or shares as a co-unit: what a reporter of it sees, and what the
    lists' unit filter means (`unit_parts`, written as `TaskParts.among`: the OR over a join of
    the co-units needed DISTINCT and read every task of the level, 73 ms at 100,000)."""
    return unit_parts(unit_id).among(per_row=per_row)


def _visible_parts(user: UserLike) -> TaskParts | None:
    """The tasks `user` sees: an office's (OfficeScope.task_parts) or a reporter's unit's
    (`unit_parts`); None: every task; parts of no unit: none."""
    if reads_everything(user):
        scope = scope_of(user)
        return None if scope is None else scope.task_parts()
    unit_id = unit_id_of(user)
    return TaskParts((), ()) if unit_id is None else unit_parts(unit_id)


def _visible_q(user: UserLike, *, per_row: bool = False, by_columns: bool = False) -> Q | None:
    """The condition on a task for `user` to see it, written as `TaskParts` says for the query's
    shape (`per_row`, `by_columns`); None: every task."""
    parts = _visible_parts(user)
    if parts is None:
        return None
    if not parts.unit_ids:
        return Q(pk__in=[])
    return parts.by_columns() if by_columns else parts.among(per_row=per_row)


def visible_task_ids(user: UserLike) -> QuerySet[Any] | None:
    """The ids of the tasks `user` sees, each once: the parts of `_visible_q` joined by UNION, for
    counting them without reading the tasks (core.pagination.page_of's `counted`). None for a
    reader of every task."""
    parts = _visible_parts(user)
    if parts is None:
        return None
    if not parts.unit_ids:
        return Task.objects.none().values("pk")
    return parts.ids()


def task_visibility_key(user: UserLike) -> str:
    """A short text naming the inputs of `_visible_q`: two users with the same key see the same
    tasks, and users whose visible tasks can differ get different keys. For caches of figures
    computed over the visible tasks (the battle map), without compiling the visibility's SQL.

    It follows `_visible_q` branch for branch; whatever decides that condition (role group,
    office jurisdiction, reporter's unit) must appear here too. Co-units and owners are data of
    each task, read by the condition, so they are not part of the key."""
    if reads_everything(user):
        scope = scope_of(user)
        if scope is None:
            return "all"
        # The condition reads the jurisdiction's unit ids only (OfficeScope.view_q); a digest
        # keeps the key short for a province's hundreds of units.
        ids = ",".join(map(str, scope.sorted_ids))
        return "units:" + hashlib.sha256(ids.encode("ascii")).hexdigest()
    unit_id = unit_id_of(user)
    if unit_id is not None:
        return f"unit:{unit_id}"
    return "none"


def tasks_visible_to(user: UserLike, queryset: QuerySet[Task] | None = None, *, per_row: bool = False,
                     by_columns: bool = False) -> QuerySet[Task]:
    """Tasks the user may see: all for supervisors, leaders and admins without an office; with
    an office, those it manages and those falling to its units; a reporter's unit's tasks (as
    lead unit or co-unit); nothing for anyone else. The same rows, the condition written for the
    query's shape (offices.TaskParts): `per_row` for a page of a list walked along an index,
    `by_columns` for reading every visible task from the task table (not inside a check made
    per row of another query)."""
    tasks = queryset if queryset is not None else Task.objects.all()
    condition = _visible_q(user, per_row=per_row, by_columns=by_columns)
    if condition is None:
        return tasks
    if not reads_everything(user) and unit_id_of(user) is None:
        return tasks.none()
    return tasks.filter(condition)


def tasks_managed_by(user: UserLike, queryset: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks whose mechanisms `user` runs (assign, evaluate, notices...): all for oversight
    without an office, their office's and those beneath it with one; none for other roles."""
    tasks = queryset if queryset is not None else Task.objects.all()
    if not is_oversight(user):
        return tasks.none()
    scope = scope_of(user)
    return tasks if scope is None else tasks.filter(scope.manage_q())


def by_task_managed_by(user: UserLike, queryset: QuerySet[M], task_field: str = "task") -> QuerySet[M]:
    """Rows tied to a task whose mechanisms `user` runs (a review queue, pending decisions)."""
    if not is_oversight(user):
        return queryset.none()
    scope = scope_of(user)
    return queryset if scope is None else queryset.filter(scope.manage_q(prefix=f"{task_field}__"))


def by_task_visible_to(user: UserLike, queryset: QuerySet[M], task_field: str = "task") -> QuerySet[M]:
    """Rows of any model tied to a task (liaison, adjustments, snapshots, comments, milestones)
    that the user may see: those whose task they may see (`task IN (visible tasks)`, a
    semi-join: the rows are never repeated)."""
    condition = _visible_q(user)
    if condition is None:
        return queryset
    if not reads_everything(user) and unit_id_of(user) is None:
        return queryset.none()
    return queryset.filter(**{f"{task_field}__in": Task.objects.filter(condition).values("pk")})


def of_task_visible_to(user: UserLike, queryset: QuerySet[M], task: Task, task_field: str = "task") -> QuerySet[M]:
    """`by_task_visible_to` for the rows of one task (its milestones, comments, snapshots on its
    page): asked of the task, not written into the rows' query. The task page has read the task
    through the user's view, so `can_view_task` answers from its memo, and each panel's query is
    its rows' alone instead of a semi-join over every task a reporter or an office sees."""
    if not can_view_task(user, task):
        return queryset.none()
    return queryset.filter(**{task_field: task})


def documents_visible_to(user: UserLike, queryset: QuerySet[M]) -> QuerySet[M]:
    """Documents (a queryset of documents.Document) the user may see: all for supervisors,
    leaders and admins without an office; with an office, its own and those of the offices
    beneath it; none for reporters and accounts without a role."""
    if not reads_everything(user):
        return queryset.none()
    scope = scope_of(user)
    return queryset if scope is None else queryset.filter(office_id__in=scope.sorted_ids)


def taskforces_visible_to(user: UserLike, queryset: QuerySet[M]) -> QuerySet[M]:
    """Task forces (a queryset of ledger.TaskForce) the user may see: none without the right; for
    readers with an office, its own and those of the offices beneath it, all without one; for a
    reporter, those they lead or sit on and those owning a task they see. (A reporter reads no
    more than their unit's work: not the mandate and members of every other task force, which an
    office's own supervisor beyond it does not read either.) The tasks inside follow task visibility."""
    if not role_may(role_of(user), Action.TASKFORCE_VIEW):
        return queryset.none()
    if not reads_everything(user):
        return queryset.filter(pk__in=_reporter_taskforce_ids(user))
    scope = scope_of(user)
    return queryset if scope is None else queryset.filter(office_id__in=scope.sorted_ids)


def _reporter_taskforce_ids(user: UserLike) -> QuerySet[Any]:
    """Ids of the task forces a reporter leads, sits on or whose tasks they see, as one subquery
    (a UNION, so that the list's own query is not multiplied by the members' join)."""
    person = person_of(user)
    if person is None:
        return TaskForce.objects.none().values("pk")
    staffed = TaskForce.objects.filter(Q(leader_id=person.pk) | Q(members=person.pk)).order_by().values("pk")
    owning = by_task_visible_to(user, TaskForceTask.objects.order_by()).values("task_force_id")
    return staffed.union(owning)


def reports_visible_to(user: UserLike, queryset: QuerySet[M], task: Task | None = None) -> QuerySet[M]:
    """Progress reports the user may see: their tasks' submitted reports, and their own drafts
    only; those of `task` alone when it is given (see of_task_visible_to)."""
    visible = by_task_visible_to(user, queryset) if task is None else of_task_visible_to(user, queryset, task)
    if user is None or user.pk is None:
        return visible.none()
    return visible.filter(~Q(status="draft") | Q(author_id=user.pk))


def notices_visible_to(user: UserLike, queryset: QuerySet[M], task: Task | None = None) -> QuerySet[M]:
    """Supervision notices: readers see those on the tasks they see; a reporter sees those sent
    to their unit. Those of `task` alone when it is given (see of_task_visible_to)."""
    if reads_everything(user):
        return by_task_visible_to(user, queryset) if task is None else of_task_visible_to(user, queryset, task)
    unit_id = unit_id_of(user)
    if unit_id is None:
        return queryset.none()
    sent = queryset.filter(unit_id=unit_id)
    return sent if task is None else sent.filter(task=task)


MSG_DOCUMENT_NOT_FOUND = _("文件不存在或无权查看。")
MSG_DRAFT_NOT_FOUND = _("草稿不存在或无权查看。")
MSG_DOCUMENT_OF_OTHER_OFFICE = _("该文件已由其他机构导入,您无权查看。")


def document_get_visible(user: UserLike, pk: Any) -> Document:
    """The document `pk` if the user may see it, else NotFound."""
    return get_visible(documents_visible_to(user, Document.objects.all()), pk, MSG_DOCUMENT_NOT_FOUND)


def drafts_visible_to(user: UserLike, queryset: QuerySet[DraftMeasure] | None = None) -> QuerySet[DraftMeasure]:
    """Draft measures of the documents the user may review: those of documents they see, and
    only for the roles that review drafts."""
    drafts = queryset if queryset is not None else DraftMeasure.objects.all()
    if not role_may(role_of(user), Action.DRAFT_REVIEW):
        return drafts.none()
    scope = scope_of(user)
    return drafts if scope is None else drafts.filter(document__office_id__in=scope.sorted_ids)


def draft_get_visible(user: UserLike, pk: Any) -> DraftMeasure:
    """The draft measure `pk` if the user may review it, else NotFound."""
    return get_visible(drafts_visible_to(user).select_related("document"), pk, MSG_DRAFT_NOT_FOUND)


MSG_TASK_NOT_FOUND = _("任务不存在或无权查看。")
MSG_TASK_CODE_NOT_FOUND = _("任务不存在或无权查看:%(code)s")


def task_get_visible(user: UserLike, pk: Any, queryset: QuerySet[Task] | None = None) -> Task:
    """The task `pk` if the user may see it (from `queryset`, to choose related rows), else NotFound."""
    task = get_visible(tasks_visible_to(user, queryset), pk, MSG_TASK_NOT_FOUND)
    memo, key = _visible_memo(user, task)
    memo[key] = True  # read through the user's view: can_view_task need not ask again
    return task


def units_visible_for_workload(user: UserLike, queryset: QuerySet[M]) -> QuerySet[M]:
    """Units whose workload the user may see."""
    if reads_everything(user):
        return queryset
    unit_id = unit_id_of(user)
    return queryset.filter(pk=unit_id) if unit_id is not None else queryset.none()


# --- the original names, kept for the pages and services that use them -----------------------

# Where a task keeps who may see it once asked: a task page asks some ten times (its panels,
# their buttons), a query each for a reporter (issue 15). Keyed by the user and the lead unit,
# so a task whose lead unit changes in memory is asked again.
_VISIBLE_MEMO = "_luoshi_visible_to"


def _visible_memo(user: UserLike, task: Task) -> tuple[dict[tuple[Any, Any], bool], tuple[Any, Any]]:
    return task.__dict__.setdefault(_VISIBLE_MEMO, {}), (getattr(user, "pk", None), task.lead_unit_id)


def can_view_task(user: UserLike, task: Task) -> bool:
    if sees_every_task(user):
        return True
    scope = scope_of(user)
    if scope is not None and reads_everything(user):
        if scope.manages(task) or task.lead_unit_id in scope.unit_ids:
            return True
    memo, key = _visible_memo(user, task)
    if key not in memo:
        memo[key] = tasks_visible_to(user, Task.objects.filter(pk=task.pk)).exists()
    return memo[key]


def can_edit_task(user: UserLike, task: Task) -> bool:
    """Supervisors and admins edit the tasks they manage (any, without an office); reporters
    only their unit's (lead or co-unit)."""
    if is_oversight(user):
        return can_manage_task(user, task)
    if role_of(user) == Role.REPORTER:
        return can_view_task(user, task)
    return False

