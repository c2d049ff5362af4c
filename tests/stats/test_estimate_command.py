"""`trygg estimate`: R's numbers from a CSV file, or a clear error and nothing on stdout."""

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import asdict

import pytest
from django.core.management import CommandError, call_command

from . import reference
from .test_survey_reference import kernel_estimates

pytestmark = pytest.mark.usefixtures("english")

# The command has no option for t intervals on means: it gives R's default (normal).
COMMAND_CASES = [c for c in reference.cases() if c["df"] == "normal"]


def estimate(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("estimate", *args, stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("estimate", *args, stdout=out)
    assert out.getvalue() == ""
    return str(caught.value)


@pytest.mark.parametrize("case", COMMAND_CASES, ids=lambda c: c["name"])
def test_the_command_prints_what_r_computes(case):
    printed = estimate(*reference.command_args(case))

    reference.assert_matches_r(printed, case["results"])
    assert printed == [asdict(e) for e in kernel_estimates(case)]


def test_without_by_the_domain_is_empty():
    (overall,) = estimate(*reference.command_args(reference.case("mean_strata")))

    assert overall["domain"] == {}
    assert set(overall) == {"domain", "estimate", "se", "ci_low", "ci_high", "n"}


def write(tmp_path, text: str, encoding: str = "utf-8", name: str = "data.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def swedish_excel(text: str) -> str:
    """The same table as Swedish Excel saves it: ; between fields, decimal comma."""
    lines = []
    for line in text.splitlines():
        (fields,) = csv.reader([line])
        lines.append(";".join(field.replace(".", ",") for field in fields))
    return "\r\n".join(lines) + "\r\n"


def test_a_semicolon_file_with_decimal_commas_gives_the_same_result(tmp_path):
    text = (reference.FIXTURES / "survey_b.csv").read_text(encoding="utf-8")
    path = write(tmp_path, swedish_excel(text), encoding="cp1252")
    args = ["--y", "y", "--weight", "w", "--by", "group", "--fpc", "N"]

    assert estimate(str(path), *args) == estimate(str(reference.FIXTURES / "survey_b.csv"), *args)


def test_a_windows_1252_file_keeps_its_swedish_letters(tmp_path):
    text = "vikt;område;trygg\n1,5;Åsa;ja\n2;Åsa;nej\n1;Frillesås;ja\n3;Frillesås;ja\n"
    path = write(tmp_path, text, encoding="cp1252")

    printed = estimate(
        str(path), "--y", "trygg", "--equals", "ja", "--weight", "vikt", "--by", "område"
    )

    assert [row["domain"] for row in printed] == [{"område": "Frillesås"}, {"område": "Åsa"}]
    assert printed[1]["estimate"] == pytest.approx(1.5 / 3.5)


def test_empty_answers_are_left_out_on_request(tmp_path):
    path = write(tmp_path, "w,y\n1,1\n2,\n1,3\n2,4\n")

    assert "Line 3: column y is empty" in refused(str(path), "--y", "y", "--weight", "w")
    (result,) = estimate(str(path), "--y", "y", "--weight", "w", "--na-rm")
    assert result["n"] == 3


def test_numbers_compare_as_numbers_with_equals(tmp_path):
    path = write(tmp_path, "w,y\n1,1\n1,1.0\n1,2\n1,2\n")

    (result,) = estimate(str(path), "--y", "y", "--equals", "1", "--weight", "w")

    assert result["estimate"] == 0.5


def test_an_interval_r_cannot_give_prints_null(tmp_path):
    path = write(tmp_path, "w,s,y,d\n1,a,1,x\n1,a,0,y\n1,a,1,y\n1,b,0,x\n1,b,1,y\n")

    printed = estimate(
        str(path), "--y", "y", "--equals", "1", "--weight", "w", "--strata", "s", "--by", "d"
    )

    assert printed[0]["domain"] == {"d": "x"}
    assert printed[0]["ci_low"] is None and printed[0]["ci_high"] is None


# ---------------------------------------------------------------- bad files

GOOD = "w,s,N,y,area\n1.5,a,100,3,x\n2,a,100,4,y\n1,b,50,2,x\n3,b,50,5,y\n2,b,50,1,x\n"


def test_a_missing_column_is_named(tmp_path):
    message = refused(str(write(tmp_path, GOOD)), "--y", "answer", "--weight", "w")

    assert "no column answer" in message
    assert "w, s, N, y, area" in message


def test_a_missing_domain_column_is_named(tmp_path):
    message = refused(str(write(tmp_path, GOOD)), "--y", "y", "--weight", "w", "--by", "area,age")

    assert "no column age" in message


def test_a_value_that_is_not_a_number_is_named_by_line_and_column(tmp_path):
    path = write(tmp_path, GOOD.replace("2,b,50,1,x", "2,b,50,many,x"))

    message = refused(str(path), "--y", "y", "--weight", "w")

    assert "Line 6" in message and "column y" in message and "'many'" in message


def test_a_weight_that_is_not_a_number_is_named(tmp_path):
    path = write(tmp_path, GOOD.replace("1,b,50,2,x", "NaN,b,50,2,x"))

    message = refused(str(path), "--y", "y", "--weight", "w")

    assert "Line 4" in message and "column w" in message


@pytest.mark.parametrize("weight", ["0", "-2"])
def test_a_weight_that_is_not_positive_is_named_by_line(tmp_path, weight):
    path = write(tmp_path, GOOD.replace("1,b,50,2,x", f"{weight},b,50,2,x"))

    message = refused(str(path), "--y", "y", "--weight", "w")

    assert f"Line 4: the weight in column w must be positive, not {weight}" in message


def test_a_stratum_with_one_respondent_is_named(tmp_path):
    path = write(tmp_path, GOOD + "1,c,70,2,y\n")

    message = refused(str(path), "--y", "y", "--weight", "w", "--strata", "s")

    assert "Stratum c (column s) has a single respondent" in message


def test_a_population_size_smaller_than_the_sample_is_explained(tmp_path):
    path = write(tmp_path, GOOD.replace(",50,", ",0.3,"))

    message = refused(str(path), "--y", "y", "--weight", "w", "--strata", "s", "--fpc", "N")

    assert "Stratum b has 3 respondents but a population size of 0.3" in message
    assert "not a sampling fraction" in message


def test_a_population_size_varying_within_a_stratum_is_named(tmp_path):
    path = write(tmp_path, GOOD.replace("2,b,50,1,x", "2,b,60,1,x"))

    message = refused(str(path), "--y", "y", "--weight", "w", "--strata", "s", "--fpc", "N")

    assert "Line 6" in message and "stratum b" in message


def test_a_file_that_cannot_be_read_is_reported(tmp_path):
    assert "Cannot read" in refused(str(tmp_path / "nowhere.csv"), "--y", "y", "--weight", "w")
    assert "Cannot read" in refused(str(tmp_path), "--y", "y", "--weight", "w")


def test_binary_and_empty_files_are_reported(tmp_path):
    binary = tmp_path / "data.xlsx"
    binary.write_bytes(b"PK\x03\x04\x81\x8d\x8f\x90\x9d" * 10)
    assert "not a text file" in refused(str(binary), "--y", "y", "--weight", "w")
    assert "is empty" in refused(str(write(tmp_path, "")), "--y", "y", "--weight", "w")
    assert "no data rows" in refused(str(write(tmp_path, "w,y\n")), "--y", "y", "--weight", "w")


def test_a_ragged_row_is_reported(tmp_path):
    path = write(tmp_path, GOOD + "1,b,50\n")

    assert "Line 7 has 3 fields but the header has 5" in refused(
        str(path), "--y", "y", "--weight", "w"
    )


def test_a_level_outside_0_1_is_refused(tmp_path):
    message = refused(str(write(tmp_path, GOOD)), "--y", "y", "--weight", "w", "--level", "95")

    assert "--level must lie between 0 and 1" in message


# ---------------------------------------------------------------- as a program


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRYGG_DEBUG": "1", "TRYGG_DATA_DIR": str(tmp_path / "var")}
    return subprocess.run(
        [sys.executable, "-m", "trygg", "estimate", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def test_the_program_prints_json_and_exits_0(tmp_path):
    case = reference.case("prop_always_by_area_fpc")

    done = run(tmp_path, *reference.command_args(case))

    assert done.returncode == 0, done.stderr
    reference.assert_matches_r(json.loads(done.stdout), case["results"])


def test_a_bad_file_exits_non_zero_with_the_error_on_stderr_only(tmp_path):
    path = write(tmp_path, GOOD.replace("1,b,50,2,x", "0,b,50,2,x"))

    done = run(tmp_path, str(path), "--y", "y", "--weight", "w")

    assert done.returncode != 0
    assert done.stdout == ""
    assert "4" in done.stderr and " w " in done.stderr


@pytest.mark.parametrize("weight", ["1e308", "1e16", "-1e300"])
def test_an_overflowing_weight_is_named_not_printed_as_null(tmp_path, weight):
    path = write(tmp_path, GOOD.replace("1,b,50,2,x", f"{weight},b,50,2,x"))

    message = refused(str(path), "--y", "y", "--weight", "w")

    assert "Line 4" in message and "column w" in message and "too large" in message


def test_an_overflowing_answer_is_named(tmp_path):
    path = write(tmp_path, GOOD.replace("1,b,50,2,x", "1,b,50,1e200,x"))

    message = refused(str(path), "--y", "y", "--weight", "w")

    assert "Line 4" in message and "column y" in message


def test_an_overflowing_weight_exits_non_zero_in_swedish(tmp_path):
    path = write(tmp_path, GOOD.replace("1,b,50,2,x", "1e308,b,50,2,x"))

    done = run(tmp_path, str(path), "--y", "y", "--weight", "w")

    assert done.returncode != 0
    assert done.stdout == ""
    assert "Rad 4: kolumnen w har '1e308', för stort" in done.stderr
