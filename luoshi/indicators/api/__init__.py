from luoshi.indicators.api.views import router

__all__ = ["router"]
