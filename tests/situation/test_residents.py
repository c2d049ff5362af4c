"""Residents per municipality and year: the shipped SCB count and SCB's own table."""

import csv
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trygg.population.models import MunicipalityResidents
from trygg.population.services import (
    PopulationImportProblem,
    import_residents,
    load_shipped_residents,
)

from .conftest import DATA

pytestmark = pytest.mark.django_db

SHIPPED = DATA / "scb-population-2024-municipalities.csv"


def shipped_counts() -> dict[str, int]:
    with SHIPPED.open(encoding="utf-8") as file:
        return {row["kommun_kod"]: int(row["population"]) for row in csv.DictReader(file)}


def stored(year: int) -> dict[str, int]:
    return dict(
        MunicipalityResidents.objects.filter(year=year).values_list(
            "municipality__code", "residents"
        )
    )


def test_the_shipped_count_is_stored_for_all_290_and_a_second_load_changes_nothing(
    municipalities,
):
    first = load_shipped_residents()
    again = load_shipped_residents()

    assert stored(2024) == shipped_counts()
    assert len(stored(2024)) == 290
    assert (first.created, first.updated) == (290, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 290)
    assert first.total == sum(shipped_counts().values())


SCB_LONG = (
    '"Folkmängd efter region och år"\n'
    "\n"
    '"region";"år";"Folkmängd"\n'
    '"00 Riket";"2025";"10 587 710"\n'
    '"13 Hallands län";"2025";"345 000"\n'
    '"1384 Kungsbacka";"2024";"85 900"\n'
    '"1384 Kungsbacka";"2025";"86 543"\n'
    '"1380 Halmstad";"2025";"106 000"\n'
    "\n"
    '"Källa: SCB"\n'
)


def test_scbs_table_in_windows_1252_with_semicolons_gives_the_years_municipalities(
    municipalities,
):
    result = import_residents(SCB_LONG.encode("cp1252"), 2025)

    assert stored(2025) == {"1384": 86543, "1380": 106000}
    assert result.skipped_lines == 4  # the country, the county, 2024, the source note
    assert stored(2024) == {}


def test_one_column_per_year_and_commas_read_as_well(municipalities):
    content = '"region","2024","2025"\n"0114 Upplands Väsby","50295","50900"\n'.encode()

    import_residents(content, 2025)

    assert stored(2025) == {"0114": 50900}


def test_importing_a_later_year_again_updates_it(municipalities):
    import_residents(b"kommun_kod,kommun_namn,population\n1384,Kungsbacka,86000\n", 2025)
    result = import_residents(b"kommun_kod,kommun_namn,population\n1384,Kungsbacka,86100\n", 2025)

    assert (result.created, result.updated) == (0, 1)
    assert stored(2025) == {"1384": 86100}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"kommun_kod,kommun_namn,population\n1384,Kungsbacka,86000\n9999,Nowhere,5\n",
            "Rad 3: ingen kommun har kommunkoden 9999.",
        ),
        (
            b"kommun_kod,kommun_namn,population\n1384,Kungsbacka,many\n",
            "Rad 2: antalet ”many” är inte ett tal.",
        ),
        (b"kommun_kod,kommun_namn\n1384,Kungsbacka\n", "Rubrikraden har ingen kolumn för"),
        (
            b"kommun_kod,kommun_namn,population\n1384,Kungsbacka,86000,12\n",
            "Rad 2 har 4 kolumner",
        ),
        (
            b"kommun_kod,kommun_namn,population\nKungsbacka,Kungsbacka,86000\n",
            "Rad 2: ”Kungsbacka” är ingen kommunkod",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_stored(
    municipalities, content, message
):
    import_residents(b"kommun_kod,kommun_namn,population\n1380,Halmstad,100000\n", 2025)

    with pytest.raises(PopulationImportProblem) as refused:
        import_residents(content, 2025)

    assert any(problem.startswith(message) for problem in refused.value.problems), (
        refused.value.problems
    )
    assert stored(2025) == {"1380": 100000}


def test_the_command_imports_a_year_and_says_so(municipalities, tmp_path):
    path = tmp_path / "be0101.csv"
    path.write_bytes(SCB_LONG.encode("utf-8"))

    call_command("import_residents", str(path), "--year", "2025")

    assert stored(2025) == {"1384": 86543, "1380": 106000}
    with pytest.raises(CommandError, match="Rad 2"):
        path.write_bytes(b"kommun_kod,kommun_namn,population\n1384,Kungsbacka,x\n")
        call_command("import_residents", str(path), "--year", "2025")


def test_load_municipalities_stores_the_shipped_residents(db):
    call_command("load_municipalities")

    assert stored(2024) == shipped_counts()


def test_beside_a_file_of_a_few_municipalities_only_theirs_are_stored(tmp_path, settings):
    features = json.loads((DATA / "swedish-municipalities.geojson").read_text())["features"]
    few = [f for f in features if f["properties"]["id"] in {"1384", "1380"}]
    (tmp_path / "swedish-municipalities.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": few})
    )
    shutil.copy(SHIPPED, tmp_path / SHIPPED.name)
    settings.TRYGG_REFERENCE_DATA_DIR = tmp_path

    call_command("load_municipalities")

    assert stored(2024) == {code: shipped_counts()[code] for code in ("1384", "1380")}
