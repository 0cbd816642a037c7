from luoshi.ledger.api.views import router

__all__ = ["router"]
