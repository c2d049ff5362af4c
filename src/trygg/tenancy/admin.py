"""Django admin for tenancy: the operator's view of who works where."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Municipality, MunicipalityGroup, Organisation, PoliceArea


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county_code", "has_border"]
    list_filter = ["county_code"]
    search_fields = ["code", "name"]
    # Borders come from `trygg load-municipalities`; a text box of thousands of
    # coordinates helps nobody and is easy to break.
    exclude = ["border"]
    readonly_fields = ["border_summary"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(boolean=True, description=_("border"))
    def has_border(self, municipality: Municipality) -> bool:
        return bool(municipality.border)

    @admin.display(description=_("border"))
    def border_summary(self, municipality: Municipality) -> str:
        if not municipality.border:
            return "–"
        return str(municipality.border.get("type", "?"))


@admin.register(MunicipalityGroup)
class MunicipalityGroupAdmin(admin.ModelAdmin):
    """SKR's groups come from its file (trygg import-municipality-groups)."""

    list_display = ["municipality", "group_code", "group_name", "main_group", "edition"]
    list_filter = ["edition", "group_code"]
    search_fields = ["municipality__name", "municipality__code"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(PoliceArea)
class PoliceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "municipalities__name", "municipalities__code"]
    # A plain multiple select: select2's autocomplete has a search box without a label
    # and filter_horizontal ARIA on its icons that axe rejects (Django 6.1's own widgets).


# Users are picked by id (with Django's lookup pop-up), not with the select2
# autocomplete: its empty combobox has no accessible name (axe: aria-input-field-name),
# so a screen reader announces an unnamed field on every add page. Stacked, not
# tabular: a tabular inline's fields have only a column heading, no label (axe: label).
class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "police_area"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality__name", "police_area__name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "title"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "organisation"]
