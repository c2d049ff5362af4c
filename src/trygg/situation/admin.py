"""Django admin for the situation app: the taxonomy and its mappings are edited here.

Incidents are shown, never edited: they are the sources' rows as imported.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trygg.tenancy.counties import COUNTY_NAMES

from .models import Category, ImportRun, Incident, Source, TypeMapping
from .services import recategorise, remove_mapping


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    autocomplete_fields = ["municipality"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "key", "order"]
    search_fields = ["key", "name"]


class MappingScopeFilter(admin.SimpleListFilter):
    title = _("applies to")
    parameter_name = "scope"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [
            ("default", _("Every source of the kind (default)")),
            ("source", _("One source (override)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "default":
            return queryset.defaults()
        if self.value() == "source":
            return queryset.overrides()
        return queryset


@admin.register(TypeMapping)
class TypeMappingAdmin(admin.ModelAdmin):
    """The kinds' defaults are the operator's; a source's overrides are its coordinator's,
    set on the source's page, and are shown here only to be looked up."""

    list_display = ["type_label", "source_kind", "source", "category"]
    list_filter = [MappingScopeFilter, "source_kind", "category"]
    list_editable = ["category"]
    list_select_related = ["source", "category"]
    search_fields = ["type_label", "type_key"]
    fields = ["source_kind", "source", "type_label", "type_key", "category"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # A mapping's type is what its incidents were matched by: to map another
        # type, add a mapping; here only the category changes. A mapping added here
        # is a default.
        if obj is not None:
            return ["source_kind", "source", "type_label", "type_key"]
        return ["source", "type_key"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        moved = recategorise(obj)
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d incident of the type “%(type)s” now has the category %(category)s.",
                    "%(count)d incidents of the type “%(type)s” now have the category "
                    "%(category)s.",
                    moved,
                )
                % {"count": moved, "type": obj.type_label, "category": obj.category},
                messages.INFO,
            )

    def delete_model(self, request, obj) -> None:
        # Its incidents fall back (to the default, or "other"), as on the source's page.
        remove_mapping(obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        for mapping in queryset:
            remove_mapping(mapping)


class CountyFilter(admin.SimpleListFilter):
    title = _("county")
    parameter_name = "county"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return list(COUNTY_NAMES.items())

    def queryset(self, request, queryset):
        return queryset.filter(county_code=self.value()) if self.value() else queryset


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "type", "category", "municipality", "county", "precision"]
    list_filter = ["source", "category", "precision", CountyFilter]
    search_fields = ["external_id", "title", "municipality__name"]
    list_select_related = ["category", "municipality"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("county"), ordering="county_code")
    def county(self, incident: Incident) -> str:
        return incident.county_name

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in Incident._meta.fields]

    def has_add_permission(self, request) -> bool:
        # Incidents come from their sources' imports, never typed in.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "source_kind", "started_by", "created_at", "finished_at"]
    list_filter = ["source_kind"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        # An import is started from its page or the command, which run it.
        return False
