from luoshi.projects.api.views import router

__all__ = ["router"]
