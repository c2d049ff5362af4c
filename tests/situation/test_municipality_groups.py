"""SKR's kommungruppsindelning from its spreadsheet layout (XLSX or CSV)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from trygg.tenancy.models import MunicipalityGroup
from trygg.tenancy.municipality_groups import (
    MunicipalityGroupsProblem,
    import_municipality_groups,
)

pytestmark = pytest.mark.django_db

HEADER = ["Kommunkod", "Kommun", "Huvudgrupp", "Gruppkod", "Kommungrupp 2023"]
ROWS = [
    # Excel keeps a kommunkod such as 0114 as the number 114.
    [
        114,
        "Upplands Väsby",
        "A. Storstäder och storstadsnära kommuner",
        "A2",
        "Pendlingskommun nära storstad",
    ],
    [
        "1384",
        "Kungsbacka",
        "A. Storstäder och storstadsnära kommuner",
        "A2",
        "Pendlingskommun nära storstad",
    ],
    ["1380", "Halmstad", "B. Större städer och kommuner nära större stad", "B3", "Större stad"],
]


def workbook(tmp_path, rows=ROWS, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(["Kommungruppsindelning 2023"])  # SKR's title above the header
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["Källa: SKR"])
    path = tmp_path / "kommungruppsindelning.xlsx"
    book.save(path)
    return path


def groups() -> dict[str, tuple[str, str, str, int]]:
    return {
        group.municipality.code: (
            group.group_code,
            group.group_name,
            group.main_group,
            group.edition,
        )
        for group in MunicipalityGroup.objects.select_related("municipality")
    }


def test_skrs_spreadsheet_gives_each_municipality_its_group(municipalities, tmp_path):
    result = import_municipality_groups(workbook(tmp_path))

    assert groups() == {
        "0114": ("A2", "Pendlingskommun nära storstad", ROWS[0][2], 2023),
        "1384": ("A2", "Pendlingskommun nära storstad", ROWS[1][2], 2023),
        "1380": ("B3", "Större stad", ROWS[2][2], 2023),
    }
    assert (result.edition, result.created) == (2023, 3)


def test_importing_the_file_again_changes_nothing_and_a_new_one_replaces_it(
    municipalities, tmp_path
):
    path = workbook(tmp_path)
    import_municipality_groups(path)
    again = import_municipality_groups(path)
    assert (again.created, again.updated, again.unchanged, again.deleted) == (0, 0, 3, 0)

    moved = [[*ROWS[1][:3], "B3", "Större stad"], ROWS[2]]
    result = import_municipality_groups(workbook(tmp_path, moved))

    assert (result.updated, result.deleted) == (1, 1)
    assert groups()["1384"][0] == "B3"
    assert "0114" not in groups()


def test_a_csv_saved_from_the_spreadsheet_with_semicolons_reads_the_same(municipalities, tmp_path):
    lines = [";".join(HEADER)] + [";".join(str(value) for value in row) for row in ROWS]
    path = tmp_path / "grupper.csv"
    path.write_bytes("\n".join(lines).encode("cp1252"))

    import_municipality_groups(path)

    assert groups()["1380"] == ("B3", "Större stad", ROWS[2][2], 2023)
    assert groups()["0114"][0] == "A2"


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (
            [*ROWS, ["9999", "Ingenstans", "C", "C9", "Landsbygd"]],
            HEADER,
            "Rad 7: ingen kommun har kommunkoden 9999.",
        ),
        (
            [*ROWS, ["Kungsbacka", "", "A", "A2", "Pendling"]],
            HEADER,
            "Rad 7: ”Kungsbacka” är ingen kommunkod",
        ),
        ([*ROWS, ["1381", "Laholm", "B", "", "Landsbygd"]], HEADER, "Rad 7: Gruppkod är tom."),
        ([*ROWS, ROWS[1]], HEADER, "Rad 7: kommunkoden 1384 stod redan på rad 5."),
        (ROWS, ["Kommunkod", "Kommun", "Gruppkod", "Kommungrupp 2023"], "Rubrikraden saknar"),
        (ROWS, ["Kommun", "Grupp"], "Ingen rubrikrad hittades"),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_the_groups_stay(
    municipalities, tmp_path, rows, header, message
):
    import_municipality_groups(workbook(tmp_path))
    before = groups()
    (tmp_path / "kommungruppsindelning.xlsx").unlink()

    with pytest.raises(MunicipalityGroupsProblem) as refused:
        import_municipality_groups(workbook(tmp_path, rows, header))

    assert any(problem.startswith(message) for problem in refused.value.problems), (
        refused.value.problems
    )
    assert groups() == before


def test_a_file_that_is_neither_spreadsheet_nor_text_is_refused(municipalities):
    with pytest.raises(MunicipalityGroupsProblem, match="varken"):
        import_municipality_groups(b"\x00\x01\x02PDF")


def test_the_command_reports_what_it_stored(municipalities, tmp_path, capsys):
    call_command("import_municipality_groups", str(workbook(tmp_path)))

    assert "3" in capsys.readouterr().out
    assert len(groups()) == 3
    with pytest.raises(CommandError):
        call_command("import_municipality_groups", str(tmp_path / "missing.xlsx"))
