from luoshi.proposals.api.views import router

__all__ = ["router"]
