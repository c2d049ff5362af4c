"""Django admin for areas and named places."""

from django.contrib import admin

from .models import Area, Landmark


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]
    search_fields = ["name", "code", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]


@admin.register(Landmark)
class LandmarkAdmin(admin.ModelAdmin):
    list_display = ["name", "latitude", "longitude", "municipality"]
    search_fields = ["name", "municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]
