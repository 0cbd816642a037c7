"""The API object: every domain app contributes a router from its `api` package."""

from __future__ import annotations

import importlib
from typing import Any

from ninja import NinjaAPI

from luoshi.api.auth import AUTH
from luoshi.api.errors import add_error_responses, install_error_handlers


class LuoshiAPI(NinjaAPI):
    """The API whose description lists the error statuses of every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return add_error_responses(super().get_openapi_schema(**kwargs))


api = LuoshiAPI(
    title="Luoshi 落实 API",
    version="1",
    description="任务台账、指标、项目、进展与督查考核的数据接口。Session cookie or `Authorization: Bearer <token>`.",
    auth=AUTH,
    urls_namespace="api",
)
install_error_handlers(api)

# (module, url prefix, tag). An app that has not grown an API yet is skipped.
ROUTERS = [
    # Documents and drafts sit beside the ledger: confirming a draft creates a task.
    ("luoshi.ledger.api.documents", "/documents", "documents"),
    ("luoshi.ledger.api", "", "ledger"),
    ("luoshi.indicators.api", "/indicators", "indicators"),
    ("luoshi.projects.api", "/projects", "projects"),
    ("luoshi.reports.api", "/reports", "reports"),
    ("luoshi.oversight.api", "/oversight", "oversight"),
    ("luoshi.proposals.api", "/proposals", "proposals"),
    ("luoshi.briefings.api", "/briefings", "briefings"),
    ("luoshi.portal.api", "/public", "public"),
]

api.add_router("/tokens", "luoshi.api.tokens.router", tags=["tokens"])

for module_name, prefix, tag in ROUTERS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router, tags=[tag])
