"""The ledger's endpoints, one module per sub-domain, mounted on one router under /api/v1."""

from luoshi.ledger.api import assignment, liaison, taskforces, workload
from luoshi.ledger.api.tasks import router

# Task forces, assignment, liaison and workload sit beside the tasks they organise.
for _module in (taskforces, assignment, liaison, workload):
    router.add_router("", _module.router)

__all__ = ["router"]
