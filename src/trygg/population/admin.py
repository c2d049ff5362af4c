"""Django admin for population counts and weightings (weights themselves are derived)."""

from django.contrib import admin

from .models import MunicipalityResidents, PopulationCount, Weighting


@admin.register(PopulationCount)
class PopulationCountAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "area", "age_group", "gender", "count"]
    list_filter = ["year", "age_group", "gender"]
    search_fields = ["area__name", "municipality__name", "municipality__code"]
    list_select_related = ["municipality", "area"]
    autocomplete_fields = ["municipality", "area"]


@admin.register(MunicipalityResidents)
class MunicipalityResidentsAdmin(admin.ModelAdmin):
    list_display = ["municipality", "year", "residents"]
    list_filter = ["year"]
    search_fields = ["municipality__name", "municipality__code"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(Weighting)
class WeightingAdmin(admin.ModelAdmin):
    list_display = ["survey", "population_year", "responses", "iterations", "computed_at"]
    list_select_related = ["survey", "survey__municipality"]
    readonly_fields = [field.name for field in Weighting._meta.fields]

    def has_add_permission(self, request) -> bool:
        # Weights are computed by weight_survey, never entered by hand.
        return False
