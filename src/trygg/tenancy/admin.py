"""Django admin for tenancy: the operator's view of who works where."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Municipality, Organisation, PoliceArea


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


@admin.register(PoliceArea)
class PoliceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "municipalities__name", "municipalities__code"]
    autocomplete_fields = ["municipalities"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "police_area"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality__name", "police_area__name"]
    autocomplete_fields = ["municipality", "police_area"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "title"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
