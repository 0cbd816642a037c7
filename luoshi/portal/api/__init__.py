from luoshi.portal.api.views import router

__all__ = ["router"]
