"""Pages that link tasks across levels and versions: a draft's parent on the review page (one
click on a suggestion, a search, or clear), a task's parent on the task page, the search both
use, and the reviewer's answers on a revised plan (which task an ambiguous draft continues;
close or keep a dropped task).

A form posted by HTMX gets back the fragment it replaces; without JavaScript the same form
redirects to its page, with the outcome as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.core.bounds import id_or_none
from luoshi.core.errors import DomainError, NotFound
from luoshi.core.types import UserLike
from luoshi.documents.models import Document, DraftMeasure
from luoshi.ledger.models import RevisionMatch, Task
from luoshi.ledger.permissions import (
    MSG_TASK_CODE_NOT_FOUND,
    Action,
    require,
    task_get_visible,
    tasks_visible_to,
)
from luoshi.ledger.selectors.linking import draft_parent_choices, parent_search, task_search
from luoshi.ledger.services import (
    draft_parent_set,
    draft_parents_suggest,
    revision_ambiguity_resolve,
    revision_dropped_decide,
    task_parent_set,
)
from luoshi.ledger.services.drafts import level_for_document


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def parent_id_from(request: HttpRequest, user: UserLike) -> int | None:
    """The parent a form names: `parent_id`, or a task code typed in `parent_code` (a code the
    user cannot see is NotFound, as if it did not exist); None when both are empty (clear)."""
    raw_id = request.POST.get("parent_id", "").strip()
    if raw_id:
        parent_id = id_or_none(raw_id)
        if parent_id is None:
            raise NotFound(_("任务不存在或无权查看。"))
        return parent_id
    code = request.POST.get("parent_code", "").strip()
    if not code:
        return None
    found = tasks_visible_to(user, Task.objects.filter(code__iexact=code)).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound(MSG_TASK_CODE_NOT_FOUND % {"code": code})
    return int(found)


def _draft_parent_fragment(request: HttpRequest, measure: DraftMeasure, error: str = "") -> HttpResponse:
    return render(request, "ledger/_draft_parent.html", {
        "m": measure, "choice": draft_parent_choices([measure]).get(measure.pk), "error": error, "open": True,
    })


@login_required
@require_POST
def draft_parent_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose (parent_id or parent_code) or clear (neither) the higher-level task of one draft."""
    require(request.user, Action.DRAFT_REVIEW)
    measure = get_object_or_404(DraftMeasure, pk=pk)
    error = ""
    try:
        link = draft_parent_set(measure=measure, parent_id=parent_id_from(request, request.user), user=request.user)
    except DomainError as exc:
        error = str(exc.message)
    else:
        if not _is_htmx(request):
            messages.success(request, _("已设置上级任务。") if link.parent_id else _("已清除上级任务。"))
    if _is_htmx(request):
        return _draft_parent_fragment(request, measure, error)
    if error:
        messages.error(request, error)
    return redirect(reverse("ledger:review", args=[measure.document_id]) + f"#draft-{measure.pk}")


@login_required
@require_GET
def parent_search_view(request: HttpRequest) -> HttpResponse:
    """Autocomplete: visible tasks whose code or title contains `q` (or the `parent_code` being
    typed), as <option>s of a datalist (value: the code). `document` limits them to the levels above that plan's; `task` to those
    that may become that task's parent."""
    query = (request.GET.get("q") or request.GET.get("parent_code") or "")[:100]
    document_id, task_id = request.GET.get("document", ""), request.GET.get("task", "")
    if (below_id := id_or_none(task_id)) is not None:
        tasks = task_search(request.user, query, below=task_get_visible(request.user, below_id))
    else:
        require(request.user, Action.DRAFT_REVIEW)
        document_pk = id_or_none(document_id)
        document = get_object_or_404(Document, pk=document_pk) if document_pk else None
        level = level_for_document(document) if document is not None else "zone"
        tasks = parent_search(request.user, query, level=level)
    return render(request, "ledger/_parent_options.html", {"tasks": tasks})


@login_required
def task_parent_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Set, change or clear a task's parent, with a reason that enters its history."""
    task = task_get_visible(request.user, pk, Task.objects.select_related("parent"))
    require(request.user, Action.TASK_LINK, task)
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()[:100]
        try:
            parent_id = None if request.POST.get("clear") else parent_id_from(request, request.user)
            if not reason:
                raise DomainError(_("请填写调整上级任务的原因。"), field="reason", code="reason_required")
            expected = request.POST.get("version", "")
            task_parent_set(task=task, parent_id=parent_id, user=request.user, reason=reason,
                            expected_version=id_or_none(expected))
        except (DomainError, ValidationError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("已更新上级任务。"))
        return redirect("ledger:task_detail", task.pk)
    return redirect("ledger:task_detail", task.pk)


@login_required
@require_POST
def revision_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An ambiguous draft of a revised plan: which previous task it continues (task_id), or new."""
    require(request.user, Action.DRAFT_REVIEW)
    measure = get_object_or_404(DraftMeasure, pk=pk)
    raw = request.POST.get("task_id", "")
    try:
        revision_ambiguity_resolve(measure=measure, task_id=id_or_none(raw), user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已确定草稿与上一版本的对应关系。"))
    return redirect("ledger:review", measure.document_id)


@login_required
@require_POST
def revision_dropped_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A task the revised plan no longer lists: close it (cancelled, with the reason) or keep it."""
    require(request.user, Action.TASK_EDIT_PLAN)
    match = get_object_or_404(RevisionMatch, pk=pk)
    try:
        revision_dropped_decide(match=match, decision=request.POST.get("decision", ""), user=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已处理新版本删除的举措。"))
    return redirect("ledger:review", match.document_id)


@login_required
@require_POST
def review_suggest_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Suggest parents again for the open drafts of a plan: after higher-level tasks were
    confirmed since it was read, or for a plan read by the ingest command. Chosen parents stay."""
    require(request.user, Action.DRAFT_REVIEW)
    document = get_object_or_404(Document, pk=pk)
    found = draft_parents_suggest(document, request.user)
    messages.success(request, _("已重新推荐上级任务:%(n)d 条草稿有推荐。") % {"n": found})
    return redirect("ledger:review", document.pk)
