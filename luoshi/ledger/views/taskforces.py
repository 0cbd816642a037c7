"""Task force pages (工作专班): the list with the founding form, one task force with its tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.viewutils import attempt
from luoshi.ledger import selectors, services
from luoshi.ledger.forms import TaskForceForm, TaskForceTasksForm
from luoshi.ledger.models import Task
from luoshi.ledger.permissions import (
    Action,
    can,
    require,
    tasks_visible_to,
)


@login_required
def taskforce_list_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.TASKFORCE_VIEW)
    form = TaskForceForm(request.POST or None, people=selectors.taskforce_people(user=request.user))
    if request.method == "POST":
        require(request.user, Action.TASKFORCE_MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            created, error = attempt(services.taskforce_create, user=request.user, name=data["name"],
                                      leader=data["leader"], members=data["members"], mandate=data["mandate"])
            if created is not None:
                messages.success(request, _("已成立工作专班“%(name)s”。") % {"name": created.name})
                return redirect(created.get_absolute_url())
            assert error is not None  # no result means the service refused
            form.add_error(None, error)
    return render(request, "ledger/organise/taskforce_list.html", {
        "task_forces": selectors.taskforce_list(user=request.user), "form": form,
        "can_manage": can(request.user, Action.TASKFORCE_MANAGE),
    })


@login_required
def taskforce_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A task force: leader, members and tasks; a supervisor edits it and adds or removes tasks."""
    task_force = selectors.taskforce_get_visible(request.user, pk)
    people = selectors.taskforce_people(user=request.user)
    edit_form = TaskForceForm(people=people, initial={
        "name": task_force.name, "mandate": task_force.mandate, "leader": task_force.leader,
        "members": list(task_force.members.all()), "is_active": task_force.is_active, "version": task_force.version,
    })
    tasks_form = TaskForceTasksForm()
    if request.method == "POST":
        require(request.user, Action.TASKFORCE_MANAGE, task_force)
        action = request.POST.get("action")
        if action == "edit":
            edit_form = TaskForceForm(request.POST, people=people)
            if edit_form.is_valid():
                data = edit_form.cleaned_data
                _r, error = attempt(services.taskforce_update, user=request.user, task_force=task_force,
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
                tasks = list(tasks_visible_to(request.user, Task.objects.filter(code__in=codes)))
                missing = sorted(set(codes) - {t.code for t in tasks})
                if missing:
                    tasks_form.add_error("codes", _("找不到这些任务:%(codes)s") % {"codes": "、".join(missing)})
                else:
                    if action == "add":
                        _added, error = attempt(services.taskforce_tasks_add, user=request.user, task_force=task_force,
                                                 tasks=tasks, move=tasks_form.cleaned_data["move"])
                    else:
                        _removed, error = attempt(services.taskforce_tasks_remove, user=request.user,
                                                   task_force=task_force, tasks=tasks)
                    if error is None:
                        messages.success(request, _("专班任务已更新。"))
                        return redirect(task_force.get_absolute_url())
                    tasks_form.add_error(None, error)
    return render(request, "ledger/organise/taskforce_detail.html", {
        "task_force": task_force, "tasks": selectors.taskforce_tasks(user=request.user, task_force=task_force),
        "edit_form": edit_form, "tasks_form": tasks_form,
        "can_manage": can(request.user, Action.TASKFORCE_MANAGE, task_force),
    })
