from luoshi.oversight.api.views import router

__all__ = ["router"]
