"""The OpenAPI description is one a client can rely on: unique schema names, every status listed."""

from __future__ import annotations

import inspect
import re
import typing
from typing import Any

import pydantic
import pytest
from django.test import Client

from luoshi.api.errors import ERROR_STATUSES
from luoshi.api.urls import api

STATUS_IN_SOURCE = re.compile(r"(?:Status\(|status=|status_code=)\s*(\d{3})")


def models_reached(model: Any, found: set[type[pydantic.BaseModel]]) -> None:
    stack = [model]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, pydantic.BaseModel):
            if current in found:
                continue
            found.add(current)
            stack.extend(field.annotation for field in current.model_fields.values())
        stack.extend(typing.get_args(current))


def operations() -> list[Any]:
    return [op for _prefix, router in api._routers for view in router.path_operations.values()
            for op in view.operations]


def test_every_schema_name_belongs_to_one_class() -> None:
    owners: dict[str, set[str]] = {}
    for operation in operations():
        found: set[type[pydantic.BaseModel]] = set()
        for model in [*(operation.response_models or {}).values(), *operation.models]:
            models_reached(model, found)
        for model in found:
            if model.__name__ != "NinjaResponseSchema" and not model.__module__.startswith("ninja"):
                owners.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: classes for name, classes in owners.items() if len(classes) > 1}
    assert clashes == {}


def test_the_projects_milestone_shape_is_its_own() -> None:
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"kind", "label", "planned", "actual"} <= set(schemas["ProjectMilestoneOut"]["properties"])
    assert {"task_id", "due_date"} <= set(schemas["MilestoneOut"]["properties"])
    project = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]["ProjectDetailOut"]
    assert "ProjectMilestoneOut" in str(project["properties"]["milestones"])


@pytest.mark.parametrize("status", sorted(ERROR_STATUSES))
def test_every_operation_lists_the_error_statuses(status: int) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert "ErrorOut" in document["components"]["schemas"]
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if status == 401 and not operation.get("security"):
                continue
            if str(status) not in operation["responses"]:
                missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_every_status_a_view_returns_is_in_its_description() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    by_operation_id = {op["operationId"]: op for methods in document["paths"].values() for op in methods.values()}
    missing = []
    for operation in operations():
        source = inspect.getsource(operation.view_func)
        listed = by_operation_id[api.get_openapi_operation_id(operation)]["responses"]
        for status in STATUS_IN_SOURCE.findall(source):
            if status not in listed:
                missing.append(f"{operation.view_func.__module__}.{operation.view_func.__name__}: {status}")
    assert missing == []


def test_the_anonymous_public_endpoints_do_not_claim_401() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    public = document["paths"]["/api/v1/public/measures"]["get"]
    assert "401" not in public["responses"] and "400" in public["responses"]
