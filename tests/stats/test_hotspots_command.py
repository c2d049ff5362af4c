"""`trygg hotspots`: esda's z-scores from two CSV files, or a clear error and nothing on stdout."""

import io
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from . import hotspots_reference as reference

pytestmark = pytest.mark.usefixtures("english")

VALUES = "id,value\na,1\nb,4\nc,0\nd,2\n"
NEIGHBOURS = "id,neighbour\na,b\nb,c\nc,d\n"


def hotspots(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("hotspots", *args, stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("hotspots", *args, stdout=out)
    assert out.getvalue() == ""
    return str(caught.value)


def files(tmp_path, values: str = VALUES, neighbours: str = NEIGHBOURS) -> tuple[str, str]:
    (tmp_path / "values.csv").write_text(values, encoding="utf-8")
    (tmp_path / "neighbours.csv").write_text(neighbours, encoding="utf-8")
    return str(tmp_path / "values.csv"), str(tmp_path / "neighbours.csv")


def fixture_files(tmp_path, name: str) -> tuple[str, str]:
    case = reference.case(name)
    ids = case["ids"]
    values = "id,value\n" + "".join(
        f"{i},{v!r}\n" for i, v in zip(ids, case["values"], strict=True)
    )
    links = "id,neighbour\n" + "".join(f"{ids[i]},{ids[j]}\n" for i, j in case["links"])
    return files(tmp_path, values, links)


@pytest.mark.parametrize("name", reference.DEFINED_CASES)
def test_the_command_prints_esdas_z_scores_and_twice_its_one_sided_p(tmp_path, name):
    values, neighbours = fixture_files(tmp_path, name)

    printed = hotspots(values, "--neighbours", neighbours)

    assert [row["id"] for row in printed] == reference.case(name)["ids"]
    z = np.array([row["z"] for row in printed])
    assert reference.largest_relative_difference(z, reference.esda(name, "z")) < 1e-6
    p = np.array([row["p"] for row in printed])
    np.testing.assert_allclose(p, 2 * reference.esda(name, "p_norm"), rtol=1e-6)


def test_the_planted_hotspot_is_printed_hot(tmp_path):
    values, neighbours = fixture_files(tmp_path, "grid_planted_hotspot")
    block = {f"c{r * 12 + c}" for r in range(3, 6) for c in range(6, 9)}

    printed = hotspots(values, "--neighbours", neighbours, "--fdr", "0.05")

    hot = {row["id"] for row in printed if row["hot"]}
    assert block <= hot
    assert not any(row["cold"] for row in printed)
    assert all(row["q"] <= 0.05 for row in printed if row["hot"])


def test_a_constant_field_prints_z_zero_and_a_zero_field_null_gi(tmp_path):
    values, neighbours = fixture_files(tmp_path, "zero_field")

    printed = hotspots(values, "--neighbours", neighbours)

    assert {(row["gi"], row["z"], row["p"], row["q"], row["hot"]) for row in printed} == {
        (None, 0.0, 1.0, 1.0, False)
    }


def test_each_place_is_one_object_with_the_documented_keys(tmp_path):
    values, neighbours = files(tmp_path)

    printed = hotspots(values, "--neighbours", neighbours)

    assert [row["id"] for row in printed] == ["a", "b", "c", "d"]
    assert set(printed[0]) == {"id", "value", "gi", "z", "p", "q", "hot", "cold"}
    assert printed[1]["value"] == 4.0
    # b's neighbourhood is a, b and c: 5 of the total 7.
    assert printed[1]["gi"] == pytest.approx(5 / 7)


def test_links_either_way_twice_or_to_itself_give_the_same_result(tmp_path):
    once = hotspots(files(tmp_path)[0], "--neighbours", files(tmp_path)[1])
    values, neighbours = files(tmp_path, neighbours="id,neighbour\nb,a\na,b\nc,b\nd,c\nd,d\n")

    again = hotspots(values, "--neighbours", neighbours)

    assert again == once


def test_a_place_in_no_link_is_its_own_neighbourhood(tmp_path):
    values, neighbours = files(tmp_path, values=VALUES + "e,9\n")

    printed = hotspots(values, "--neighbours", neighbours)

    # Alone, e's Gi* is its own share of the total.
    assert printed[4]["gi"] == pytest.approx(9 / 16)
    assert printed[4]["z"] > 0


def test_a_neighbours_file_without_links_leaves_every_place_isolated(tmp_path):
    values, neighbours = files(tmp_path, neighbours="id,neighbour\n")
    only_self_links = files(tmp_path, neighbours="id,neighbour\na,a\nb,b\n")[1]
    alone = hotspots(values, "--neighbours", only_self_links)

    printed = hotspots(values, "--neighbours", neighbours)

    assert printed == alone
    assert [row["gi"] for row in printed] == pytest.approx([1 / 7, 4 / 7, 0, 2 / 7])


def test_negative_values_are_read_and_give_esdas_z_scores(tmp_path):
    values, neighbours = fixture_files(tmp_path, "signed_values")

    printed = hotspots(values, "--neighbours", neighbours)

    assert any(row["value"] < 0 for row in printed)
    z = np.array([row["z"] for row in printed])
    assert reference.largest_relative_difference(z, reference.esda("signed_values", "z")) < 1e-6


def test_a_semicolon_file_with_decimal_commas_reads_the_same(tmp_path):
    values, neighbours = files(tmp_path, values="id,value\na,1.5\nb,4\nc,0\nd,2\n")
    expected = hotspots(values, "--neighbours", neighbours)
    semicolon = tmp_path / "semikolon.csv"
    semicolon.write_bytes("id;value\na;1,5\nb;4\nc;0\nd;2\n".encode("cp1252"))

    printed = hotspots(str(semicolon), "--neighbours", neighbours)

    assert printed == expected


@pytest.mark.parametrize(
    ("values", "neighbours", "message"),
    [
        ("id,varde\na,1\n", NEIGHBOURS, "values.csv saknar kolumnen value."),
        (VALUES, "id,granne\na,b\n", "neighbours.csv saknar kolumnen neighbour."),
        ("id,value\na,1\nb,många\n", NEIGHBOURS, "Rad 3: kolumnen value innehåller 'många'"),
        ("id,value\na,1\nb,\n", NEIGHBOURS, "Rad 3: kolumnen value är tom."),
        (
            "id,value\na,1\nb,-2\n",
            "id,neighbour\na,b\n",
            "values.csv: värdena summerar till -1. Gi* mäter en plats andel av summan",
        ),
        ("id,value\na,1\nb,2\na,3\n", NEIGHBOURS, "Rad 4: id a finns redan på rad 2."),
        (VALUES, "id,neighbour\na,b\nb,x\n", "neighbours.csv, rad 3: x är inget id i "),
        (VALUES, "id,neighbour\na,b\n,c\n", "neighbours.csv, rad 3: kolumnen id är tom."),
        ("", NEIGHBOURS, "values.csv är tom."),
        ("id,value\n", NEIGHBOURS, "values.csv har inga datarader."),
        (VALUES, "", "neighbours.csv är tom."),
    ],
)
def test_a_bad_file_is_refused_in_swedish_naming_the_problem(tmp_path, values, neighbours, message):
    paths = files(tmp_path, values, neighbours)

    with translation.override("sv"):
        error = refused(paths[0], "--neighbours", paths[1])

    assert message in error


def test_an_unknown_neighbour_is_named_in_english_too(tmp_path):
    values, neighbours = files(tmp_path, neighbours="id,neighbour\na,b\nb,x\n")

    error = refused(values, "--neighbours", neighbours)

    assert error == f"{neighbours}, line 3: x is not an id in {values}."


@pytest.mark.parametrize("fdr", ["0", "1", "-0.05"])
def test_an_fdr_outside_zero_to_one_is_refused(tmp_path, fdr):
    values, neighbours = files(tmp_path)

    with translation.override("sv"):
        error = refused(values, "--neighbours", neighbours, "--fdr", fdr)

    assert error.startswith("--fdr måste ligga mellan 0 och 1")


def test_the_program_runs_without_a_secret_key_or_a_database(tmp_path):
    files(tmp_path)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TRYGG_")}

    done = subprocess.run(
        [sys.executable, "-m", "trygg", "hotspots", "values.csv", "--neighbours", "neighbours.csv"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in json.loads(done.stdout)] == ["a", "b", "c", "d"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["neighbours.csv", "values.csv"]
