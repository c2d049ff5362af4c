"""`trygg alerts`: R's alarms from a CSV file, or a clear Swedish error and nothing on stdout."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from . import surveillance_reference as reference

pytestmark = pytest.mark.usefixtures("english")

# One case per method and the options that change most (trend, limit54, weights).
COMMAND_CASES = [
    "ff_default",
    "ff_farrington_1990",
    "ff_no_trend",
    "ff_b2_w2",
    "ff_muan_b2_np4",
    "ff_limit54_0_1",
    "ff_nbplugin_no_trend_past0",
    "ears_c3_options",
    "ears_c2_options",
]


def alerts(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("alerts", *args, stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("alerts", *args, stdout=out)
    assert out.getvalue() == ""
    return str(caught.value)


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "series.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("name", COMMAND_CASES)
def test_the_command_prints_what_r_computes(name):
    case = reference.case(name)

    printed = alerts(*reference.command_args(case))

    reference.assert_matches_r(printed, reference.results(name))


def test_each_week_is_one_object_with_the_documented_keys(tmp_path):
    rows = "".join(f"a,2024,{week},{week % 3}\n" for week in range(1, 21))
    path = write(tmp_path, "series,year,week,count\n" + rows)

    printed = alerts(str(path), "--method", "ears-c1", "--evaluate-last", "3")

    assert [(row["year"], row["week"]) for row in printed] == [(2024, 18), (2024, 19), (2024, 20)]
    assert set(printed[0]) == {
        "series",
        "year",
        "week",
        "observed",
        "expected",
        "upperbound",
        "alarm",
    }
    assert isinstance(printed[0]["alarm"], bool)


def test_without_evaluate_last_only_weeks_with_enough_history_are_printed(tmp_path):
    rows = "".join(f"a,2024,{week},2\n" for week in range(1, 11))
    path = write(tmp_path, "series,year,week,count\n" + rows)

    printed = alerts(str(path), "--method", "ears-c1")

    assert [row["week"] for row in printed] == [8, 9, 10]


def test_without_evaluate_last_farrington_prints_rs_default_range(tmp_path):
    # R's default range starts at week 52 b + w + 1 of the series (1-based): here, with
    # b = 3 and w = 3, at the 160th of Malmö/Brand's 186 weeks, a week whose oldest
    # reference window reaches one week before the series (R drops that week).
    name = "Malmö/Brand"
    path = tmp_path / "brand.csv"
    with reference.SERIES_CSV.open(encoding="utf-8") as source:
        lines = source.read().splitlines()
    path.write_text(
        "\n".join([lines[0], *(line for line in lines if line.startswith(name + ","))]) + "\n",
        encoding="utf-8",
    )

    printed = alerts(str(path), "--b", "3")

    from_r = [row for row in reference.results("ff_b3") if row["series"] == name]
    assert len(printed) == 186 - 159
    reference.assert_matches_r(printed, from_r[-len(printed) :])
    assert printed[0]["upperbound"] is not None


def test_a_bom_crlf_shuffled_file_with_a_gap_reads_as_the_gap_filled_with_zeros(tmp_path):
    weeks = [(2020, w) for w in range(40, 54)] + [(2021, w) for w in range(1, 15)]
    counts = {week: (3 * i) % 7 for i, week in enumerate(weeks)}
    clean = write(
        tmp_path,
        "series,year,week,count\n" + "".join(f"a,{y},{w},{c}\n" for (y, w), c in counts.items()),
    )
    expected = alerts(str(clean), "--method", "ears-c2", "--evaluate-last", "30")
    # Weeks without cases left out in 2020, except the first.
    gappy = [(wk, c) for wk, c in counts.items() if not (wk[0] == 2020 and wk[1] > 40 and c == 0)]
    text = "\ufeffseries,year,week,count\r\n" + "".join(
        f"a,{y},{w},{c}\r\n" for (y, w), c in reversed(gappy)
    )
    other = tmp_path / "other.csv"
    other.write_bytes(text.encode("utf-8"))
    assert len(gappy) < len(counts)

    printed = alerts(str(other), "--method", "ears-c2", "--evaluate-last", "30")

    assert printed == expected
    assert (printed[0]["year"], printed[0]["week"]) == (2020, 40)


def test_evaluate_last_beyond_the_series_prints_every_week(tmp_path):
    rows = "".join(f"a,2024,{week},2\n" for week in range(1, 11))
    path = write(tmp_path, "series,year,week,count\n" + rows)

    printed = alerts(str(path), "--method", "ears-c1", "--evaluate-last", "500")

    assert [row["week"] for row in printed] == list(range(1, 11))
    assert [row["alarm"] is None for row in printed] == [True] * 7 + [False] * 3


def test_weeks_without_history_print_null(tmp_path):
    rows = "".join(f"a,2024,{week},2\n" for week in range(1, 11))
    path = write(tmp_path, "series,year,week,count\n" + rows)

    printed = alerts(str(path), "--evaluate-last", "2")

    assert printed[-1] | {"week": None} == {
        "series": "a",
        "year": 2024,
        "week": None,
        "observed": 2,
        "expected": None,
        "upperbound": None,
        "alarm": None,
    }


def test_options_reach_the_engine(tmp_path):
    rows = "".join(f"a,2024,{week},{(week * 7) % 5}\n" for week in range(1, 31))
    path = write(tmp_path, "series,year,week,count\n" + rows)
    args = [str(path), "--method", "ears-c1", "--evaluate-last", "1"]

    default = alerts(*args)[0]["upperbound"]
    wider = alerts(*args, "--alpha", "0.0001")[0]["upperbound"]
    floored = alerts(*args, "--min-sigma", "100")[0]["upperbound"]

    assert default < wider < floored


def test_a_semicolon_file_in_windows_1252_reads_the_same(tmp_path):
    rows = "".join(f"Åsa,2024,{week},{week % 4}\n" for week in range(1, 21))
    comma = write(tmp_path, "series,year,week,count\n" + rows)
    semicolon = tmp_path / "semikolon.csv"
    semicolon.write_bytes(("series;year;week;count\n" + rows.replace(",", ";")).encode("cp1252"))

    assert alerts(str(semicolon), "--method", "ears-c2") == alerts(
        str(comma), "--method", "ears-c2"
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,2024,3,-2", "Rad 4: antalet kan inte vara negativt (-2)."),
        ("a,2024,3,1.5", "Rad 4: kolumnen count har '1.5', inte ett heltal."),
        ("a,2024,3,", "Rad 4: kolumnen count är tom."),
        ("a,2021,53,1", "Rad 4: 2021 har ingen ISO-vecka 53."),
        ("a,2024,1,1", "Rad 4: serien a har redan vecka 1 år 2024 (rad 2)."),
        ("a,20x4,3,1", "Rad 4: kolumnen year har '20x4', inte ett heltal."),
    ],
)
def test_a_bad_row_is_named_by_its_line_in_swedish(tmp_path, row, message):
    path = write(tmp_path, f"series,year,week,count\na,2024,1,0\na,2024,2,1\n{row}\n")

    with translation.override("sv"):
        error = refused(str(path))

    assert error.startswith(message)


def test_a_missing_column_is_named(tmp_path):
    path = write(tmp_path, "series,year,vecka,count\na,2024,1,0\n")

    assert "has no column week." in refused(str(path))


def test_an_ears_option_with_farrington_is_refused(tmp_path):
    path = write(tmp_path, "series,year,week,count\na,2024,1,0\n")

    assert "--baseline" in refused(str(path), "--baseline", "5")


def test_a_farrington_option_with_ears_is_refused(tmp_path):
    path = write(tmp_path, "series,year,week,count\na,2024,1,0\n")

    assert "--no-periods" in refused(str(path), "--method", "ears-c1", "--no-periods", "10")


def test_an_impossible_alpha_is_refused(tmp_path):
    path = write(tmp_path, "series,year,week,count\na,2024,1,0\n")

    assert refused(str(path), "--alpha", "2") == "The option --alpha must be between 0 and 1."


def test_an_impossible_ears_baseline_is_refused_in_swedish(tmp_path):
    path = write(tmp_path, "series,year,week,count\na,2024,1,0\n")

    with translation.override("sv"):
        error = refused(str(path), "--method", "ears-c2", "--baseline", "2")

    assert error == "Flaggan --baseline måste vara minst 3 veckor."


@pytest.mark.parametrize("option", ["--weights-threshold", "--p-threshold-trend"])
def test_a_threshold_that_is_no_number_is_refused(tmp_path, option):
    path = write(tmp_path, "series,year,week,count\na,2024,1,1\n")

    with translation.override("sv"):
        error = refused(str(path), option, "nan")

    assert error == f"Flaggan {option} måste vara ett ändligt tal."


def test_a_malformed_limit54_is_refused(tmp_path):
    path = write(tmp_path, "series,year,week,count\na,2024,1,0\n")

    assert "two whole numbers C,W" in refused(str(path), "--limit54", "5")


def test_the_program_runs_without_a_secret_key_or_a_database(tmp_path):
    rows = "".join(f"a,2024,{week},{week % 3}\n" for week in range(1, 21))
    (tmp_path / "serier.csv").write_text("series,year,week,count\n" + rows, encoding="utf-8")
    # No TRYGG_* variable: what an analyst has right after installing.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TRYGG_")}

    done = subprocess.run(
        [sys.executable, "-m", "trygg", "alerts", "serier.csv", "--method", "ears-c1"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 13
    assert sorted(path.name for path in tmp_path.iterdir()) == ["serier.csv"]
