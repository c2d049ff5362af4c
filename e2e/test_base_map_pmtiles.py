"""The self-hosted vector base map in a real browser: a PMTiles file Trygg serves itself.

A tiny archive is written at test time (pmtiles + mapbox-vector-tile, the test
extra): the Kattegat as water west of the coast, land east of it, the E6 and
Kungsbacka as a named locality, at zooms 8-12 -- the layers and properties the
vendored protomaps-leaflet's default flavour draws ("earth", "water", "roads" with
``kind``, "places" with ``kind`` and ``name``). The heat map of unsafe places must
then fetch it by byte range from its own origin and paint it.
"""

import gzip
import math

import mapbox_vector_tile
import pytest
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write
from shapely import transform
from shapely.geometry import LineString, Point, box

from e2e.helpers import screenshot
from trygg.demo.services import load_kungsbacka_demo
from trygg.dialogue.models import Survey

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 900), "phone": (390, 844)}
ZOOMS = range(8, 13)
EXTENT = 4096
# Wider than the municipality (about 57.3-57.6 N, 11.9-12.3 E), so every tile the
# heat map shows has data; the coast is drawn, simplified, at 12.0 E.
WEST, SOUTH, EAST, NORTH = 11.6, 57.1, 12.6, 57.8
COAST = 12.0
# protomaps-leaflet's "light" flavour (namedFlavor("light") in the vendored build).
LIGHT = {"background": (0xCC, 0xCC, 0xCC), "earth": (0xE2, 0xDF, 0xDA), "water": (0x80, 0xDE, 0xEA)}


def _world(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Web Mercator pixel position at zoom ``z`` in tile units (x right, y down)."""
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return (lon + 180) / 360 * n, y


def _tile(z: int, x: int, y: int) -> bytes:
    """One gzipped MVT tile: the features in tile coordinates (0..4096, y down)."""

    def local(geometry):
        def project(coordinates):
            return [
                ((px - x) * EXTENT, (py - y) * EXTENT)
                for px, py in (_world(lon, lat, z) for lon, lat in coordinates)
            ]

        return transform(geometry, project)

    clip = box(-64, -64, EXTENT + 64, EXTENT + 64)

    def features(*items):
        result = []
        for geometry, properties in items:
            shape = local(geometry).intersection(clip)
            if not shape.is_empty:
                result.append({"geometry": shape, "properties": properties})
        return result

    layers = [
        {
            "name": "earth",
            "features": features((box(COAST, SOUTH, EAST, NORTH), {"kind": "earth"})),
        },
        {
            "name": "water",
            "features": features((box(WEST, SOUTH, COAST, NORTH), {"kind": "ocean"})),
        },
        {
            "name": "roads",
            "features": features(
                (
                    LineString([(12.13, SOUTH), (12.08, 57.49), (12.02, NORTH)]),
                    {"kind": "highway", "ref": "E6", "name": "E6"},
                )
            ),
        },
        {
            "name": "places",
            "features": features(
                (
                    Point(12.0761, 57.4875),
                    {
                        "kind": "locality",
                        "name": "Kungsbacka",
                        "min_zoom": 6,
                        "population_rank": 10,
                    },
                )
            ),
        },
    ]
    layers = [layer for layer in layers if layer["features"]]
    encoded = mapbox_vector_tile.encode(
        layers, default_options={"extents": EXTENT, "y_coord_down": True}
    )
    return gzip.compress(encoded, mtime=0)


def write_kungsbacka_pmtiles(path) -> None:
    tiles = {}
    for z in ZOOMS:
        (left, top), (right, bottom) = _world(WEST, NORTH, z), _world(EAST, SOUTH, z)
        for x in range(math.floor(left), math.floor(right) + 1):
            for y in range(math.floor(top), math.floor(bottom) + 1):
                tiles[zxy_to_tileid(z, x, y)] = _tile(z, x, y)
    with write(str(path)) as writer:
        for tile_id in sorted(tiles):  # clustered, as the spec prefers
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_lon_e7": int(WEST * 1e7),
                "min_lat_e7": int(SOUTH * 1e7),
                "max_lon_e7": int(EAST * 1e7),
                "max_lat_e7": int(NORTH * 1e7),
                "center_zoom": 10,
                "center_lon_e7": int(12.08 * 1e7),
                "center_lat_e7": int(57.45 * 1e7),
            },
            {
                "name": "Kungsbacka (test)",
                "vector_layers": [
                    {"id": name, "fields": {}} for name in ("earth", "water", "roads", "places")
                ],
            },
        )


@pytest.fixture
def base_map(settings, tmp_path):
    path = tmp_path / "kungsbacka.pmtiles"
    write_kungsbacka_pmtiles(path)
    # As trygg.settings derives them from the environment when the file is set.
    settings.TRYGG_BASEMAP_PMTILES = str(path)
    settings.TRYGG_BASEMAP_TILE_URL = ""
    settings.TRYGG_BASEMAP_ATTRIBUTION = "© OpenStreetMap"
    return path


@pytest.fixture
def demo(transactional_db):
    # No page here shows incidents; their import would add 10 s to every test.
    return load_kungsbacka_demo(incidents=False)


# Which of the light flavour's colours the tile canvases hold, counted over every
# pixel; the canvases are the page's own, so reading them is allowed.
COLOURS_ON_TILES = """(colours) => {
    const counts = {};
    for (const name of Object.keys(colours)) counts[name] = 0;
    counts.canvases = 0;
    counts.opaque = 0;
    for (const canvas of document.querySelectorAll('.heat-map .leaflet-tile-pane canvas')) {
        if (!canvas.width || !canvas.height) continue;
        counts.canvases += 1;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0) counts.opaque += 1;
            for (const [name, [r, g, b]] of Object.entries(colours)) {
                if (Math.abs(data[i] - r) <= 2 && Math.abs(data[i + 1] - g) <= 2
                    && Math.abs(data[i + 2] - b) <= 2 && data[i + 3] === 255) counts[name] += 1;
            }
        }
    }
    return counts;
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_the_heat_map_draws_the_self_hosted_vector_base_map(
    live_server, new_page, demo, base_map, viewport
):
    width, height = viewport
    survey = Survey.objects.filter(status=Survey.Status.CLOSED).latest("year")
    page = new_page(viewport={"width": width, "height": height})
    console_errors: list[str] = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    ranges: list[tuple[str | None, int]] = []
    page.on(
        "response",
        lambda response: (
            "/karta/baskarta.pmtiles" in response.url
            and ranges.append((response.request.headers.get("range"), response.status))
        ),
    )

    page.goto(f"/kommun/kungsbacka/dialog/{survey.pk}/platser/")
    page.locator(".heat-map .map-number").first.wait_for()
    page.locator(".heat-map").scroll_into_view_if_needed()
    # Tiles are drawn asynchronously, after their bytes arrive.
    page.locator(".heat-map .leaflet-tile-pane canvas.leaflet-tile-loaded").first.wait_for()
    page.wait_for_load_state("networkidle")

    assert ranges, "the browser never asked for /karta/baskarta.pmtiles"
    assert all(asked and asked.startswith("bytes=") for asked, _ in ranges), ranges
    assert all(status == 206 for _, status in ranges), ranges

    counts = page.evaluate(COLOURS_ON_TILES, {name: list(rgb) for name, rgb in LIGHT.items()})
    assert counts["canvases"] >= 1, counts
    assert counts["opaque"] > 0, counts
    # The sea and the land come from the archive's tiles, not the layer's background.
    assert counts["water"] > 0 and counts["earth"] > 0, counts

    attribution = page.locator(".heat-map .leaflet-control-attribution")
    # The operator's attribution, once: not protomaps-leaflet's default beside it.
    assert attribution.inner_text().strip() == "© OpenStreetMap"
    assert attribution.is_visible()

    screenshot(page, f"base-map-pmtiles-{width}", full_page=False)
    assert console_errors == []
