from luoshi.documents.api.views import router

__all__ = ["router"]
