from django.contrib import admin

from luoshi.sheets.models import HeaderAlias


@admin.register(HeaderAlias)
class HeaderAliasAdmin(admin.ModelAdmin):
    list_display = ["kind", "header", "column", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["header"]
