from luoshi.briefings.api.views import router

__all__ = ["router"]
