"""The base map by setting: a PMTiles file Trygg serves itself, or an operator's tile server."""

import pytest
from django.core.checks.registry import registry
from django.template import Context, Template
from django.urls import reverse

from tests.core.test_settings import PRODUCTION, trygg
from trygg.geo.checks import base_map_file_exists

TILES = bytes(range(256)) * 4


@pytest.fixture
def pmtiles(settings, tmp_path):
    path = tmp_path / "kungsbacka.pmtiles"
    path.write_bytes(TILES)
    settings.TRYGG_BASEMAP_PMTILES = str(path)
    return path


def attributes() -> str:
    return Template("{% load base_map %}<div {% base_map_attributes %}>").render(Context())


def test_without_a_file_there_is_no_base_map_to_fetch(client, settings):
    settings.TRYGG_BASEMAP_PMTILES = ""
    assert client.get(reverse("geo_public:base_map_tiles")).status_code == 404


def test_the_whole_file_is_served_when_no_range_is_asked_for(client, pmtiles):
    response = client.get(reverse("geo_public:base_map_tiles"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TILES
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize(
    ("asked", "start", "end"),
    [("bytes=0-15", 0, 15), ("bytes=1000-", 1000, 1023), ("bytes=1020-5000", 1020, 1023)],
)
def test_a_range_is_served_as_asked_and_cut_at_the_end_of_the_file(
    client, pmtiles, asked, start, end
):
    response = client.get(reverse("geo_public:base_map_tiles"), headers={"Range": asked})
    assert response.status_code == 206
    assert response.content == TILES[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(TILES)}"


@pytest.mark.parametrize("asked", ["bytes=1024-", "bytes=9-3"])
def test_a_range_outside_the_file_is_refused(client, pmtiles, asked):
    response = client.get(reverse("geo_public:base_map_tiles"), headers={"Range": asked})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(TILES)}"


def test_a_map_is_told_which_base_map_to_draw(settings, pmtiles):
    settings.TRYGG_BASEMAP_ATTRIBUTION = "© OpenStreetMap"
    html = attributes()
    assert f'data-pmtiles-url="{reverse("geo_public:base_map_tiles")}"' in html
    assert 'data-tile-attribution="© OpenStreetMap"' in html
    assert "data-tile-url" not in html


def test_a_tile_server_is_drawn_with_its_attribution_and_nothing_without_one(settings):
    settings.TRYGG_BASEMAP_PMTILES = ""
    settings.TRYGG_BASEMAP_TILE_URL = "https://tiles.example.se/{z}/{x}/{y}.png"
    settings.TRYGG_BASEMAP_ATTRIBUTION = "© Lantmäteriet"
    html = attributes()
    assert 'data-tile-url="https://tiles.example.se/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Lantmäteriet"' in html

    settings.TRYGG_BASEMAP_TILE_URL = ""
    html = attributes()
    assert "data-tile" not in html and "data-pmtiles" not in html
    assert "data-label-zoom-in" in html


def test_the_tile_servers_origin_and_only_it_is_added_to_the_csp():
    shown = trygg(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.SECURE_CSP['img-src'], settings.SECURE_CSP['connect-src'])",
        TRYGG_BASEMAP_TILE_URL="https://tiles.example.se/osm/{z}/{x}/{y}.png",
        **PRODUCTION,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("'https://tiles.example.se'") == 2
    assert "/osm/" not in shown.stdout


def test_a_tile_url_that_is_not_http_stops_the_start():
    refused = trygg("check", TRYGG_BASEMAP_TILE_URL="javascript:alert(1)", **PRODUCTION)
    assert refused.returncode != 0
    assert "TRYGG_BASEMAP_TILE_URL must be an http(s) URL" in refused.stderr


def test_a_configured_file_that_is_missing_is_not_found_and_logged(
    client, settings, tmp_path, caplog
):
    settings.TRYGG_BASEMAP_PMTILES = str(tmp_path / "saknas.pmtiles")

    with caplog.at_level("WARNING", logger="trygg.geo.public_views"):
        response = client.get(reverse("geo_public:base_map_tiles"))

    assert response.status_code == 404
    assert "saknas.pmtiles" in caplog.text


def test_the_system_check_warns_about_a_missing_base_map_file(settings, tmp_path):
    settings.TRYGG_BASEMAP_PMTILES = str(tmp_path / "saknas.pmtiles")
    [warning] = base_map_file_exists()
    assert warning.id == "trygg.geo.W001" and "saknas.pmtiles" in warning.msg

    (tmp_path / "saknas.pmtiles").write_bytes(TILES)
    assert base_map_file_exists() == []


def test_the_system_check_is_quiet_without_a_base_map(settings):
    settings.TRYGG_BASEMAP_PMTILES = ""
    assert base_map_file_exists() == []


def test_the_base_map_check_runs_with_the_others():
    assert base_map_file_exists in registry.get_checks()
