"""Pages of the organise and liaise mechanisms: task forces, assignment, liaison log, workloads.

A refusal of role is a 403 page and an object the user may not see a 404, as in the API;
other refusals (a conflict, a date out of order) are messages with nothing written.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.viewutils import attempt
from luoshi.ledger import organise
from luoshi.ledger import organise_selectors as selectors
from luoshi.ledger.models import LiaisonRecord, LiaisonStatus, Person, Task, Unit
from luoshi.ledger.organise_forms import (
    BulkAssignForm,
    LiaisonForm,
    TaskAssignForm,
    TaskForceForm,
    TaskForceTasksForm,
)
from luoshi.ledger.permissions import (
    Action,
    can,
    require,
    task_get_visible,
    tasks_visible_to,
)
from luoshi.ledger.selectors import task_list

T = TypeVar("T")
BULK_PAGE_SIZE = 100


# --- task forces ------------------------------------------------------------------------------

@login_required
def taskforce_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.TASKFORCE_VIEW)
    form = TaskForceForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.TASKFORCE_MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            created, error = attempt(organise.taskforce_create, user=request.user, name=data["name"],
                                      leader=data["leader"], members=data["members"], mandate=data["mandate"])
            if created is not None:
                messages.success(request, _("已成立工作专班“%(name)s”。") % {"name": created.name})
                return redirect(created.get_absolute_url())
            form.add_error(None, error)
    return render(request, "ledger/organise/taskforce_list.html", {
        "task_forces": selectors.taskforce_list(user=request.user), "form": form,
        "can_manage": can(request.user, Action.TASKFORCE_MANAGE),
    })


@login_required
def taskforce_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A task force: leader, members and tasks; a supervisor edits it and adds or removes tasks."""
    task_force = selectors.taskforce_detail(user=request.user, pk=pk)
    if task_force is None:
        raise Http404
    edit_form = TaskForceForm(initial={
        "name": task_force.name, "mandate": task_force.mandate, "leader": task_force.leader,
        "members": list(task_force.members.all()), "is_active": task_force.is_active, "version": task_force.version,
    })
    tasks_form = TaskForceTasksForm()
    if request.method == "POST":
        require(request.user, Action.TASKFORCE_MANAGE)
        action = request.POST.get("action")
        if action == "edit":
            edit_form = TaskForceForm(request.POST)
            if edit_form.is_valid():
                data = edit_form.cleaned_data
                _r, error = attempt(organise.taskforce_update, user=request.user, task_force=task_force,
                                     expected_version=data["version"], members=data["members"], name=data["name"],
                                     mandate=data["mandate"], leader=data["leader"], is_active=data["is_active"])
                if error is None:
                    messages.success(request, _("专班信息已保存。"))
                    return redirect(task_force.get_absolute_url())
                edit_form.add_error(None, error)
        elif action in ("add", "remove"):
            tasks_form = TaskForceTasksForm(request.POST)
            if tasks_form.is_valid():
                codes = tasks_form.code_list()
                tasks = list(Task.objects.filter(code__in=codes))
                missing = sorted(set(codes) - {t.code for t in tasks})
                if missing:
                    tasks_form.add_error("codes", _("找不到这些任务:%(codes)s") % {"codes": "、".join(missing)})
                else:
                    if action == "add":
                        _r, error = attempt(organise.taskforce_tasks_add, user=request.user, task_force=task_force,
                                             tasks=tasks, move=tasks_form.cleaned_data["move"])
                    else:
                        _r, error = attempt(organise.taskforce_tasks_remove, user=request.user,
                                             task_force=task_force, tasks=tasks)
                    if error is None:
                        messages.success(request, _("专班任务已更新。"))
                        return redirect(task_force.get_absolute_url())
                    tasks_form.add_error(None, error)
    return render(request, "ledger/organise/taskforce_detail.html", {
        "task_force": task_force, "tasks": selectors.taskforce_tasks(user=request.user, task_force=task_force),
        "edit_form": edit_form, "tasks_form": tasks_form, "can_manage": can(request.user, Action.TASKFORCE_MANAGE),
    })


# --- assignment -------------------------------------------------------------------------------

@login_required
def assign_view(request: HttpRequest) -> HttpResponse:
    """Bulk assignment: the ledger's filters, checkboxes, and the units and person to assign.
    Each checked task carries the version shown, so a change made meanwhile is a conflict."""
    require(request.user, Action.TASK_ASSIGN)
    filterset, rows = task_list(user=request.user, filters=request.GET)
    page = Paginator(rows, BULK_PAGE_SIZE).get_page(request.GET.get("page"))
    form = BulkAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ids = [int(i) for i in request.POST.getlist("selected") if i.isdigit()]
        versions = {i: int(request.POST.get(f"version_{i}", "0") or 0) for i in ids}
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
        updated, error = attempt(organise.tasks_assign, user=request.user, tasks=tasks, expected_versions=versions,
                                  **kwargs)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("已分派 %(n)d 项任务。") % {"n": len(updated or [])})
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledger/organise/assign.html", {"filter": filterset, "page": page, "form": form,
                                                           "query": query.urlencode()})


@login_required
def task_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign one task; a second supervisor saving an older version is told of the conflict."""
    task = task_get_visible(request.user, pk, Task.objects.with_related())
    require(request.user, Action.TASK_ASSIGN)
    form = TaskAssignForm(request.POST or None, initial={
        "lead_unit": task.lead_unit, "co_units": list(task.co_units.all()),
        "responsible_person": task.responsible_person, "report_frequency": task.report_frequency,
        "version": task.version,
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _r, error = attempt(organise.tasks_assign, user=request.user, tasks=[task],
                             expected_versions={task.pk: data["version"]}, lead_unit=data["lead_unit"],
                             co_units=list(data["co_units"]), responsible_person=data["responsible_person"],
                             report_frequency=data["report_frequency"])
        if error is None:
            messages.success(request, _("分派已保存。"))
            return redirect(task.get_absolute_url())
        form.add_error(None, error)
    return render(request, "ledger/organise/task_assign.html", {"form": form, "task": task})


# --- liaison ----------------------------------------------------------------------------------

@login_required
def liaison_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.LIAISON_VIEW)
    task = None
    if request.GET.get("task", "").isdigit():
        task = task_get_visible(request.user, int(request.GET["task"]), Task.objects.with_related())
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
    form = LiaisonForm(request.POST or None, initial={"asked_on": timezone.localdate(),
                                                      "status": LiaisonStatus.PENDING})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in LiaisonForm.FIELDS}
        record, error = attempt(organise.liaison_create, user=request.user, task=task, **data)
        if record is not None:
            messages.success(request, _("对接记录已登记。"))
            return redirect(record.get_absolute_url())
        form.add_error(None, error)
    return render(request, "ledger/organise/liaison_form.html", {"form": form, "task": task})


@login_required
def liaison_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.liaison_detail(user=request.user, pk=pk)
    if record is None:
        raise Http404
    form = LiaisonForm(request.POST or None, initial={k: getattr(record, k) for k in LiaisonForm.FIELDS}
                       | {"version": record.version})
    if request.method == "POST":
        require(request.user, Action.LIAISON_WRITE, record)
        if form.is_valid():
            changes = {k: form.cleaned_data[k] for k in LiaisonForm.FIELDS}
            _r, error = attempt(organise.liaison_update, user=request.user, record=record,
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


# --- workload ---------------------------------------------------------------------------------

@login_required
def workload_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.WORKLOAD_VIEW)
    return render(request, "ledger/organise/workload.html", {"rows": selectors.unit_workload_rows(user=request.user)})


@login_required
def workload_unit_view(request: HttpRequest, pk: int) -> HttpResponse:
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise Http404
    require(request.user, Action.WORKLOAD_VIEW, unit)
    return render(request, "ledger/organise/workload_unit.html", {
        "load": selectors.unit_workload(user=request.user, unit=unit)})


@login_required
def workload_person_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = Person.objects.select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    require(request.user, Action.WORKLOAD_VIEW, person)
    return render(request, "ledger/organise/workload_person.html", {
        "load": selectors.person_workload(user=request.user, person=person)})
