from luoshi.reports.api.views import router

__all__ = ["router"]
