from django.apps import AppConfig


class SheetsConfig(AppConfig):
    """The spreadsheet framework; its one model keeps the header mappings reviewers chose."""

    name = "luoshi.sheets"
    label = "sheets"
