from django.apps import AppConfig


class SheetsConfig(AppConfig):
    """No models: an app so that its templates and translations are found."""

    name = "luoshi.sheets"
    label = "sheets"
