"""Django admin for areas."""

from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    search_fields = ["name", "code", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]
