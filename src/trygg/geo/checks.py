"""System checks of the geo settings, run by ``trygg check`` and at every start."""

from pathlib import Path

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def base_map_file_exists(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Warn when ``TRYGG_BASEMAP_PMTILES`` names a file that is not there.

    A warning, not an error: the maps still work without the base map (they draw the
    municipality's own areas), but the operator meant them to have one.
    """
    configured = settings.TRYGG_BASEMAP_PMTILES
    if not configured or Path(configured).is_file():
        return []
    return [
        Warning(
            f"TRYGG_BASEMAP_PMTILES is set to {configured}, but there is no such file.",
            hint="Put the PMTiles file there, correct the path, or leave the setting empty "
            "to draw the maps without a base map.",
            id="trygg.geo.W001",
        )
    ]
