"""Loading the municipalities: an empty file keeps them all; problems said in Swedish."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from trygg.tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def municipality(code: str, name: str, ring=None) -> dict:
    ring = ring or [[12.0, 57.4], [12.2, 57.4], [12.1, 57.6], [12.0, 57.4]]
    return {
        "type": "Feature",
        "properties": {"id": code, "kom_namn": name, "lan_code": "13"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def write(path, content):
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def refusal(path) -> str:
    with translation.override("sv"), pytest.raises(CommandError) as error:
        call_command("load_municipalities", str(path), stdout=io.StringIO())
    return str(error.value)


def test_an_empty_feature_collection_is_refused_and_every_municipality_stays(tmp_path):
    loaded = write(tmp_path / "kommuner.geojson", collection(municipality("1384", "Kungsbacka")))
    call_command("load_municipalities", str(loaded), stdout=io.StringIO())
    before = list(Municipality.objects.values("code", "name", "slug", "border"))
    empty = write(tmp_path / "tom.geojson", collection())

    message = refusal(empty)

    assert message == (
        f"Filen {empty} innehåller inga kommuner. Inget lästes in och de befintliga "
        "kommunerna finns kvar."
    )
    assert list(Municipality.objects.values("code", "name", "slug", "border")) == before


BOW_TIE = [[12.0, 57.40], [12.1, 57.50], [12.1, 57.40], [12.0, 57.50], [12.0, 57.40]]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"kommunkod;namn\n1384;Kungsbacka\n",
            "är inte giltig GeoJSON: ett värde saknas: ett objekt, en lista, en text inom "
            "citattecken eller ett tal (rad 1, tecken 1).",
        ),
        (
            '{"type": "FeatureCollection",\n"features": [{"kom_namn": "Håbo"}]}'.encode("cp1252"),
            "är inte giltig GeoJSON: filen är inte text i UTF-8: byten 0xe5 kan inte läsas "
            "(rad 2, tecken 29). Spara filen som UTF-8.",
        ),
        (
            collection(
                municipality("1384", "Kungsbacka"), municipality("1380", "Halmstad", BOW_TIE)
            ),
            "Kommun nr 2 (”Halmstad”): polygonen korsar sig själv vid longitud 12,05000, "
            "latitud 57,45000.",
        ),
        (
            collection({**municipality("1384", "Kungsbacka"), "geometry": None}),
            "Kommun nr 1 (”Kungsbacka”): geometrin saknas.",
        ),
        (
            collection({**municipality("", ""), "properties": {}}),
            "Kommun nr 1 saknar fyrsiffrig kommunkod i ”id”.",
        ),
    ],
)
def test_a_bad_file_is_explained_in_swedish_naming_the_line_or_municipality(
    tmp_path, content, expected
):
    message = refusal(write(tmp_path / "kommuner.geojson", content))

    assert message.endswith(expected), message
    assert "Expecting" not in message and "codec" not in message
    assert not Municipality.objects.exists()


def test_a_missing_file_is_named_in_swedish(tmp_path):
    assert (
        refusal(tmp_path / "saknas.geojson") == f"Filen {tmp_path / 'saknas.geojson'} finns inte."
    )
