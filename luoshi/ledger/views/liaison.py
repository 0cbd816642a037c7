"""Liaison log pages (对接记录): the list, a new record for a task, one record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.bounds import id_or_none
from luoshi.core.clock import business_today
from luoshi.core.viewutils import attempt
from luoshi.ledger import selectors, services
from luoshi.ledger.forms import LiaisonForm
from luoshi.ledger.models import LiaisonRecord, LiaisonStatus, Task
from luoshi.ledger.permissions import (
    Action,
    can,
    require,
    task_get_visible,
)


@login_required
def liaison_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.LIAISON_VIEW)
    task = None
    task_id = id_or_none(request.GET.get("task"))
    if task_id is not None:
        task = task_get_visible(request.user, task_id, Task.objects.with_related())
    status = request.GET.get("status") or None
    rows = selectors.liaison_list(user=request.user, task=task, status=status)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "ledger/organise/liaison_list.html", {
        "page": page, "task": task, "status": status or "", "statuses": LiaisonStatus.choices,
        "can_write": task is not None and can(request.user, Action.LIAISON_WRITE, task),
    })


@login_required
def liaison_new_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = task_get_visible(request.user, task_pk, Task.objects.with_related())
    require(request.user, Action.LIAISON_WRITE, task)
    form = LiaisonForm(request.POST or None, initial={"asked_on": business_today(),
                                                      "status": LiaisonStatus.PENDING})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in LiaisonForm.FIELDS}
        record, error = attempt(services.liaison_create, user=request.user, task=task, **data)
        if record is not None:
            messages.success(request, _("对接记录已登记。"))
            return redirect(record.get_absolute_url())
        assert error is not None  # no result means the service refused
        form.add_error(None, error)
    return render(request, "ledger/organise/liaison_form.html", {"form": form, "task": task})


@login_required
def liaison_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.liaison_get_visible(request.user, pk)
    form = LiaisonForm(request.POST or None, initial={k: getattr(record, k) for k in LiaisonForm.FIELDS}
                       | {"version": record.version})
    if request.method == "POST":
        require(request.user, Action.LIAISON_WRITE, record)
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in LiaisonForm.FIELDS}
            _r, error = attempt(services.liaison_update, user=request.user, record=record,
                                 expected_version=form.cleaned_data["version"], **changes)
            if error is None:
                messages.success(request, _("对接记录已保存。"))
                return redirect(record.get_absolute_url())
            form.add_error(None, error)
    return render(request, "ledger/organise/liaison_form.html", {
        "form": form, "task": record.task, "record": record,
        "can_write": can(request.user, Action.LIAISON_WRITE, record),
        "history": LiaisonRecord.history.filter(id=record.pk).select_related("history_user")[:20],
    })
