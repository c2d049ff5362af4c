import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from trygg.geo.models import Area

from .shapes import BOW_TIE, collection_bytes, feature, quadrant_features

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def write(tmp_path, content: bytes):
    path = tmp_path / "omraden.geojson"
    path.write_bytes(content)
    return path


def test_import_areas_imports_and_summarises(kungsbacka, tmp_path):
    path = write(tmp_path, collection_bytes(*quadrant_features(kod="K")))
    out = io.StringIO()

    call_command(
        "import_areas", "1384", str(path), name_property="namn", code_property="kod", stdout=out
    )

    assert Area.objects.filter(municipality=kungsbacka, code="K").count() == 4
    assert "4" in out.getvalue()
    assert "Kungsbacka" in out.getvalue()


def test_import_areas_takes_its_options_from_the_command_line(kungsbacka, tmp_path):
    path = write(tmp_path, collection_bytes(*quadrant_features()))

    call_command("import_areas", "1384", str(path), "--name-property", "namn", stdout=io.StringIO())

    assert Area.objects.count() == 4


def test_import_areas_dry_run_stores_nothing(kungsbacka, tmp_path):
    path = write(tmp_path, collection_bytes(*quadrant_features()))
    out = io.StringIO()

    call_command("import_areas", "1384", str(path), name_property="namn", dry_run=True, stdout=out)

    assert not Area.objects.exists()
    assert "dry run" in out.getvalue()


def test_import_areas_turns_a_problem_into_a_command_error(kungsbacka, tmp_path):
    path = write(
        tmp_path, collection_bytes(*quadrant_features(), feature(BOW_TIE, namn="Fjärilen"))
    )

    with pytest.raises(CommandError, match="Fjärilen"):
        call_command("import_areas", "1384", str(path), name_property="namn")
    assert not Area.objects.exists()


def test_import_areas_names_an_unknown_municipality(db, tmp_path):
    path = write(tmp_path, collection_bytes(*quadrant_features()))

    with pytest.raises(CommandError, match="9999"):
        call_command("import_areas", "9999", str(path), name_property="namn")


def test_import_areas_requires_the_name_property(kungsbacka, tmp_path):
    path = write(tmp_path, collection_bytes(*quadrant_features()))

    with pytest.raises(CommandError, match="name-property"):
        call_command("import_areas", "1384", str(path))


def test_import_areas_refuses_an_empty_file_and_keeps_the_areas(kungsbacka, tmp_path):
    call_command(
        "import_areas",
        "1384",
        str(write(tmp_path, collection_bytes(*quadrant_features()))),
        name_property="namn",
        stdout=io.StringIO(),
    )
    empty = tmp_path / "tom.geojson"
    empty.write_bytes(collection_bytes())

    with pytest.raises(CommandError, match="The file has no features; nothing was imported"):
        call_command("import_areas", "1384", str(empty), name_property="namn")

    assert Area.objects.filter(municipality=kungsbacka).count() == 4


def test_import_areas_explains_a_bad_polygon_in_swedish_naming_the_feature(kungsbacka, tmp_path):
    path = write(tmp_path, collection_bytes(*quadrant_features(), feature(BOW_TIE, namn="Onsala")))

    with translation.override("sv"), pytest.raises(CommandError) as error:
        call_command("import_areas", "1384", str(path), name_property="namn")

    assert str(error.value) == (
        "Område nr 5 (”Onsala”): polygonen korsar sig själv vid longitud 12,05000, "
        "latitud 57,45000."
    )
    assert not Area.objects.exists()
