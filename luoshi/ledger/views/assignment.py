"""Assignment pages: many tasks at once from the filtered ledger, or one task from its page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.bounds import id_or_none, ids_in
from luoshi.core.viewutils import attempt, list_page
from luoshi.ledger import services
from luoshi.ledger.forms import BulkAssignForm, TaskAssignForm
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import (
    Action,
    require,
    task_get_visible,
    tasks_visible_to,
)
from luoshi.ledger.selectors import task_list
from luoshi.ledger.selectors.tasks import TASK_LIST_KEY

BULK_PAGE_SIZE = 100


@login_required
def assign_view(request: HttpRequest) -> HttpResponse:
    """Bulk assignment: the ledger's filters, checkboxes, and the units and person to assign.
    Each checked task carries the version shown, so a change made meanwhile is a conflict."""
    require(request.user, Action.TASK_ASSIGN)
    listing = task_list(user=request.user, filters=request.GET)
    filterset = listing.filterset
    page, query = list_page(request, listing.rows, size=BULK_PAGE_SIZE, key=TASK_LIST_KEY, walk=listing.walk,
                            counted=listing.counted)
    form = BulkAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ids = ids_in(request.POST.getlist("selected"))
        versions = {i: id_or_none(request.POST.get(f"version_{i}")) or 0 for i in ids}
        tasks = list(tasks_visible_to(request.user, Task.objects.filter(pk__in=ids)))
        data = form.cleaned_data
        kwargs: dict[str, Any] = {}
        if data["lead_unit"] is not None:
            kwargs["lead_unit"] = data["lead_unit"]
        if data["co_units"]:
            kwargs["co_units"], kwargs["add_co_units"] = list(data["co_units"]), data["add_co_units"]
        if data["responsible_person"] is not None:
            kwargs["responsible_person"] = data["responsible_person"]
        if data["report_frequency"]:
            kwargs["report_frequency"] = data["report_frequency"]
        updated, error = attempt(services.tasks_assign, user=request.user, tasks=tasks, expected_versions=versions,
                                  **kwargs)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("已分派 %(n)d 项任务。") % {"n": len(updated or [])})
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    return render(request, "ledger/organise/assign.html", {"filter": filterset, "page": page, "form": form,
                                                           "query": query})


@login_required
def task_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign one task; a second supervisor saving an older version is told of the conflict."""
    task = task_get_visible(request.user, pk, Task.objects.with_related())
    require(request.user, Action.TASK_ASSIGN, task)
    form = TaskAssignForm(request.POST or None, initial={
        "lead_unit": task.lead_unit, "co_units": list(task.co_units.all()),
        "responsible_person": task.responsible_person, "report_frequency": task.report_frequency,
        "version": task.version,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _r, error = attempt(services.tasks_assign, user=request.user, tasks=[task],
                             expected_versions={task.pk: data["version"]}, lead_unit=data["lead_unit"],
                             co_units=list(data["co_units"]), responsible_person=data["responsible_person"],
                             report_frequency=data["report_frequency"])
        if error is None:
            messages.success(request, _("分派已保存。"))
            return redirect(task.get_absolute_url())
        form.add_error(None, error)
    return render(request, "ledger/organise/task_assign.html", {"form": form, "task": task})
