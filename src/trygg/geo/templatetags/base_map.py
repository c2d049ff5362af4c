"""The maps' shared set-up in templates: their scripts and the base map's settings.

``{% base_map_head %}`` and ``{% base_map_scripts %}`` load what base-map.js needs;
``{% base_map_attributes %}`` writes the data attributes it reads on a map's element.
"""

from django import template
from django.conf import settings
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def pmtiles_configured() -> bool:
    return bool(settings.TRYGG_BASEMAP_PMTILES)


@register.inclusion_tag("geo/map_head.html")
def base_map_head() -> dict:
    return {}


@register.inclusion_tag("geo/map_scripts.html", takes_context=True)
def base_map_scripts(context) -> dict:
    return {"csp_nonce": context.get("csp_nonce", ""), "pmtiles": pmtiles_configured()}


@register.simple_tag
def base_map_attributes() -> SafeString:
    """``data-*`` attributes: the zoom buttons' Swedish names and which base map to draw."""
    attributes = {
        "data-label-zoom-in": _("Zoom in"),
        "data-label-zoom-out": _("Zoom out"),
    }
    if pmtiles_configured():
        attributes["data-pmtiles-url"] = reverse("geo_public:base_map_tiles")
    elif settings.TRYGG_BASEMAP_TILE_URL:
        attributes["data-tile-url"] = settings.TRYGG_BASEMAP_TILE_URL
    if settings.TRYGG_BASEMAP_ATTRIBUTION and (
        pmtiles_configured() or settings.TRYGG_BASEMAP_TILE_URL
    ):
        attributes["data-tile-attribution"] = settings.TRYGG_BASEMAP_ATTRIBUTION
    return flatatt(attributes)
