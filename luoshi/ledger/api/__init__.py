from luoshi.ledger.api.organise import router as organise_router
from luoshi.ledger.api.views import router

# Task forces, assignment, liaison, workload and task history (issue #4) sit beside the tasks.
router.add_router("", organise_router)

__all__ = ["router"]
