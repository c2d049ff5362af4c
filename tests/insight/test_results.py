"""Results through SQL cell sums equal the row-level estimator on the same answers."""

import random
import uuid

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import INSIDE_KUNGSBACKA, LAST_DAY, AreaFactory, SurveyFactory
from trygg.dialogue import services
from trygg.dialogue.answer_cells import rebuild_answer_cells
from trygg.dialogue.models import Response, Survey
from trygg.dialogue.submission import submit_response
from trygg.insight.results import survey_results
from trygg.stats import survey_mean, survey_proportion

pytestmark = pytest.mark.django_db

KEYS = [
    "area",
    "age_group",
    "gender",
    "feel_safe",
    "local_problems",
    "years_resident",
    "unsafe_places",
]


@pytest.fixture
def answered(settings, kungsbacka):
    settings.TRYGG_SUPPRESSION_THRESHOLD = 10
    municipality = kungsbacka
    areas = [
        AreaFactory(municipality=municipality, name=name) for name in ("Onsala", "Åsa", "Hede")
    ]
    survey = SurveyFactory(
        municipality=municipality, title="Trygghet", question_keys=KEYS, status=Survey.Status.OPEN
    )
    chance = random.Random(7)
    rows = []
    # Hede gets few respondents, so that its figures fall under the threshold.
    for area, count in ((areas[0], 70), (areas[1], 50), (areas[2], 6)):
        for _ in range(count):
            row = {
                "area": area.pk,
                "age_group": chance.choice(["16-24", "25-44", "45-64", "65-84"]),
                "gender": chance.choice(["woman", "man"]),
                "feel_safe": chance.choices(["always", "mostly", "seldom", "never"], [4, 5, 2, 1])[
                    0
                ],
                "local_problems": chance.sample(
                    ["littering", "poor_lighting", "speeding"], chance.randint(0, 2)
                ),
                "years_resident": str(chance.randint(0, 60)),
                "unsafe_places": [INSIDE_KUNGSBACKA] if chance.random() < 0.6 else [],
            }
            submit_response(survey, row, channel=Response.Channel.OPEN, submission_key=uuid.uuid4())
            rows.append(row)
    return survey, areas, rows


def result(results, key):
    return next(r for r in results if r.key == key)


def test_shares_equal_the_row_level_estimator_overall_and_by_area(answered):
    survey, areas, rows = answered
    results = survey_results(survey)
    feel_safe = result(results, "feel_safe")
    always = feel_safe.columns.index("Alltid")
    strata = np.array([row["area"] for row in rows])
    indicator = np.array([row["feel_safe"] == "always" for row in rows], dtype=float)

    [overall] = survey_proportion(indicator, np.ones(len(rows)), strata=strata)
    figure = feel_safe.groups["overall"][0].figures[always]
    assert figure.estimate == pytest.approx(overall.estimate, rel=1e-9)
    assert figure.ci_low == pytest.approx(overall.ci_low, rel=1e-6)
    assert figure.ci_high == pytest.approx(overall.ci_high, rel=1e-6)

    by_area = survey_proportion(indicator, np.ones(len(rows)), strata=strata, by={"area": strata})
    onsala = next(e for e in by_area if e.domain["area"] == str(areas[0].pk))
    row = next(r for r in feel_safe.groups["area"] if r.label == "Onsala")
    assert row.n == 70
    assert row.figures[always].estimate == pytest.approx(onsala.estimate, rel=1e-9)
    assert row.figures[always].ci_high == pytest.approx(onsala.ci_high, rel=1e-6)


def test_domains_that_are_not_strata_are_estimated_on_the_full_design(answered):
    survey, _areas, rows = answered
    strata = np.array([row["area"] for row in rows])
    ages = np.array([row["age_group"] for row in rows])
    indicator = np.array([row["feel_safe"] in ("always", "mostly") for row in rows], dtype=float)
    expected = {
        e.domain["age"]: e
        for e in survey_proportion(indicator, np.ones(len(rows)), strata=strata, by={"age": ages})
    }
    feel_safe = result(survey_results(survey), "feel_safe")
    always, mostly = feel_safe.columns.index("Alltid"), feel_safe.columns.index("För det mesta")
    row = next(r for r in feel_safe.groups["age_group"] if r.label == "25–44 år")
    # The two options' shares add up to the share of the combined indicator.
    combined = row.figures[always].estimate + row.figures[mostly].estimate
    assert combined == pytest.approx(expected["25-44"].estimate, rel=1e-9)


def test_a_multiple_choice_share_counts_each_respondent_once(answered):
    survey, _areas, rows = answered
    problems = result(survey_results(survey), "local_problems")
    lighting = problems.columns.index("Dålig belysning")
    share = problems.groups["overall"][0].figures[lighting].estimate
    answered_rows = [row for row in rows if row["local_problems"]]
    assert share == pytest.approx(
        sum("poor_lighting" in row["local_problems"] for row in answered_rows) / len(answered_rows)
    )


def test_the_mean_of_a_number_question_equals_the_row_level_mean(answered):
    survey, _areas, rows = answered
    years = np.array([float(row["years_resident"]) for row in rows])
    strata = np.array([row["area"] for row in rows])
    [expected] = survey_mean(years, np.ones(len(rows)), strata=strata)
    figure = result(survey_results(survey), "years_resident").groups["overall"][0].figures[0]
    assert figure.estimate == pytest.approx(expected.estimate, rel=1e-9)
    assert figure.ci_low == pytest.approx(expected.ci_low, rel=1e-6)


def test_the_share_marking_a_place_counts_everyone(answered):
    survey, _areas, rows = answered
    figure = result(survey_results(survey), "unsafe_places").groups["overall"][0].figures[0]
    assert figure.estimate == pytest.approx(
        sum(bool(row["unsafe_places"]) for row in rows) / len(rows)
    )


def test_the_area_of_residence_question_gives_each_area_its_share(answered):
    survey, areas, rows = answered
    where = result(survey_results(survey), "area")
    overall = dict(zip(where.columns, where.groups["overall"][0].figures, strict=True))
    for area in areas:
        expected = sum(row["area"] == area.pk for row in rows) / len(rows)
        assert overall[area.name].estimate == pytest.approx(expected, rel=1e-9)
    # By area it would be a table of 100 % and 0 %: the question is the grouping.
    assert "area" not in where.groups
    assert set(where.groups) == {"overall", "age_group", "gender"}


def test_the_background_questions_are_shown_once_as_the_samples_make_up(
    client, answered, run_tasks
):
    survey, _areas, _rows = answered
    services.close_survey(survey)
    run_tasks()
    url = reverse("insight_public:results", kwargs={"municipality": "kungsbacka", "pk": survey.pk})
    page = client.get(url).content.decode()
    # Area, age and gender are no questions of the results ...
    assert 'id="fraga-feel_safe"' in page
    for key in ("area", "age_group", "gender"):
        assert f'id="fraga-{key}"' not in page
    # ... but one section of who answered: unweighted n per group, hidden under the
    # threshold (Hede's 6) with the smallest other group.
    makeup = page[page.index('id="vilka-svarade"') :]
    assert makeup.count('<caption id="makeup-') == 3
    onsala = makeup[makeup.index("Onsala") :]
    assert '<td class="numeric">70</td>' in onsala[:200]
    hede = makeup[makeup.index("Hede") :]
    assert "färre än 10" in hede[:200]
    assert "dold" in makeup


def test_a_grouping_leaves_out_a_question_grouped_by_itself(client, answered, run_tasks):
    survey, _areas, _rows = answered
    services.close_survey(survey)
    run_tasks()
    url = reverse("insight_public:results", kwargs={"municipality": "kungsbacka", "pk": survey.pk})
    page = client.get(url + "?visa=age_group").content.decode()
    feel_safe = page[page.index('id="fraga-feel_safe"') :]
    assert "results-table--groups" in feel_safe
    assert "16–24 år" in feel_safe


def test_more_choice_questions_make_no_more_queries(answered, django_assert_num_queries):
    """One scan sums every choice question: per-question queries made a survey of a
    million responses 2.7 times slower (bench/survey_estimates.py)."""
    survey, areas, _rows = answered
    longer = SurveyFactory(
        municipality=survey.municipality,
        year=2027,
        question_keys=[*KEYS, "safe_evening", "worry_crime", "trust_police"],
        status=Survey.Status.OPEN,
    )
    for area in areas:
        answers = {"area": area.pk, "age_group": "25-44", "feel_safe": "always"}
        submit_response(longer, answers, channel=Response.Channel.OPEN, submission_key=uuid.uuid4())

    with CaptureQueriesContext(connection) as queries:
        survey_results(survey)
    with django_assert_num_queries(len(queries)):
        results = survey_results(longer)
    assert [r.key for r in results if r.key == "trust_police"] == ["trust_police"]


def test_a_domain_under_the_threshold_shows_no_figure(answered):
    survey, _areas, _rows = answered
    feel_safe = result(survey_results(survey), "feel_safe")
    hede = next(r for r in feel_safe.groups["area"] if r.label == "Hede")
    assert hede.below_threshold and hede.n is None
    assert all(figure.suppressed for figure in hede.figures)


def test_beside_a_small_domain_the_smallest_other_is_hidden_in_every_question(answered):
    survey, _areas, _rows = answered
    for question in survey_results(survey):
        if "area" not in question.groups:
            continue
        rows = {row.label: row for row in question.groups["area"]}
        # Hede (6) under the threshold; Åsa (50), the smallest other, hidden with it.
        assert rows["Hede"].below_threshold
        assert rows["Åsa"].suppressed and not rows["Åsa"].below_threshold
        assert rows["Åsa"].n is None and all(f.suppressed for f in rows["Åsa"].figures)
        assert not rows["Onsala"].suppressed and rows["Onsala"].n is not None


def test_flagged_responses_are_left_out(answered):
    survey, _areas, rows = answered
    Response.objects.filter(survey=survey, area__name="Onsala").update(flagged=True)
    # Flagged around the services (no service flags a stored response): count afresh.
    rebuild_answer_cells(survey)
    feel_safe = result(survey_results(survey), "feel_safe")
    assert feel_safe.groups["overall"][0].n == len(rows) - 70
    assert "Onsala" not in [r.label for r in feel_safe.groups["area"]]


def test_the_staff_results_page_shows_shares_with_intervals_and_hides_small_domains(
    client, answered, run_tasks
):
    from tests.factories import member
    from trygg.tenancy.models import Role

    survey, _areas, _rows = answered
    client.force_login(member(survey.municipality, Role.VIEWER))
    run_tasks()
    page = client.get(reverse("insight:results", args=[survey.pk]) + "?visa=area").content.decode()
    assert "Känner du dig trygg i ditt bostadsområde?" in page
    assert "Onsala" in page and "Hede" in page
    assert "results-table--groups" in page
    hede = page[page.index('<th scope="row">Hede</th>') :]
    assert "färre än 10" in hede[:300]
    assert "färre än 10 svar visas inte" in page


def test_the_csv_export_leaves_suppressed_figures_empty(client, answered, run_tasks):
    import csv
    import io

    from tests.factories import member
    from trygg.tenancy.models import Role

    survey, _areas, _rows = answered
    client.force_login(member(survey.municipality, Role.VIEWER))
    run_tasks()
    response = client.get(reverse("insight:results_csv", args=[survey.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    hede = [row for row in rows if row["domain"] == "Hede"]
    assert hede and all(row["estimate"] == "" for row in hede)
    overall = next(
        row for row in rows if row["question_key"] == "feel_safe" and row["grouping"] == "overall"
    )
    assert 0 < float(overall["estimate"]) < 1


def test_public_results_appear_only_after_the_survey_closes(client, answered, run_tasks):
    survey, _areas, _rows = answered
    url = reverse("insight_public:results", kwargs={"municipality": "kungsbacka", "pk": survey.pk})
    run_tasks()
    assert client.get(url).status_code == 404
    services.close_survey(survey)
    run_tasks()
    page = client.get(url).content.decode()
    assert "Vad invånarna svarade" in page


def test_a_copied_survey_is_compared_with_the_earlier_one(answered, run_tasks):
    from trygg.insight.results import compare
    from trygg.insight.selectors import page_context

    survey, areas, rows = answered
    services.close_survey(survey)
    later = services.open_survey(services.copy_survey(survey, year=2027), closes_on=LAST_DAY)
    for index in range(60):
        submit_response(
            later,
            {
                "area": areas[index % 2].pk,
                "age_group": "25-44",
                "gender": "man",
                "feel_safe": "always",
            },
            channel=Response.Channel.OPEN,
            submission_key=uuid.uuid4(),
        )
    run_tasks()
    context = page_context(later, "overall")
    assert context["previous"] == survey
    feel_safe = next(view for view in context["questions"] if view.result.key == "feel_safe")
    always = feel_safe.answers[feel_safe.result.column_keys.index("always")]
    before_share = sum(row["feel_safe"] == "always" for row in rows) / len(rows)
    assert always.before.estimate == pytest.approx(before_share)
    assert always.difference.difference == pytest.approx(1.0 - before_share)
    assert always.difference.p_value < 0.001
    # Said in words, in the question and in the summary at the top.
    before = round(100 * before_share)
    assert always.sentence == (
        f"Andelen som svarade ”Alltid” har ökat från {before} till 100 procent."
    )
    assert always.summary.startswith("Andelen som svarade ”Alltid” på frågan ”Känner du dig")
    assert always in context["significant"]
    assert compare([view.result for view in context["questions"]], []) == {}


def test_the_page_says_a_significant_change_in_words_with_the_test_one_click_away(
    client, answered, run_tasks
):
    survey, areas, rows = answered
    services.close_survey(survey)
    later = services.open_survey(services.copy_survey(survey, year=2027), closes_on=LAST_DAY)
    for index in range(60):
        answers = {"area": areas[index % 2].pk, "age_group": "25-44", "gender": "man"}
        submit_response(
            later,
            {**answers, "feel_safe": "always"},
            channel=Response.Channel.OPEN,
            submission_key=uuid.uuid4(),
        )
    services.close_survey(later)
    run_tasks()
    url = reverse("insight_public:results", kwargs={"municipality": "kungsbacka", "pk": later.pk})
    page = client.get(url).content.decode()
    before = round(100 * sum(row["feel_safe"] == "always" for row in rows) / len(rows))
    summary = page[page.index('id="forandringar-rubrik"') : page.index('id="fraga-')]
    assert f"har ökat från {before} till 100 procent." in summary
    feel_safe = page[page.index('id="fraga-feel_safe"') :]
    feel_safe = feel_safe[: feel_safe.index("</section>")]
    assert (
        f'<p class="result__change result__change--up">Andelen som svarade ”Alltid” har ökat '
        f"från {before} till 100 procent.</p>"
    ) in feel_safe
    # Years are columns; the p-value is inside "Visa osäkerhet", never the headline.
    assert '<th scope="col" class="numeric">2026</th><th scope="col" class="numeric">2027</th>' in (
        feel_safe
    )
    details = feel_safe[feel_safe.index("<details") :]
    assert "<summary>Visa osäkerhet</summary>" in details and "p &lt; 0,001" in details
    assert "p &lt;" not in feel_safe[: feel_safe.index("<details")]


def test_calibrated_weights_drive_the_estimates(answered):
    from trygg.population.models import ResponseWeight

    survey, _areas, rows = answered
    responses = list(Response.objects.filter(survey=survey).order_by("pk"))
    chance = random.Random(11)
    weights = np.array([chance.uniform(10, 90) for _ in responses])
    ResponseWeight.objects.bulk_create(
        ResponseWeight(response=response, weight=float(weight))
        for response, weight in zip(responses, weights, strict=True)
    )
    # Weights per respondent, stored around weight_survey: count the cells afresh.
    rebuild_answer_cells(survey)
    strata = np.array([row["area"] for row in rows])
    indicator = np.array([row["feel_safe"] == "never" for row in rows], dtype=float)
    [expected] = survey_proportion(indicator, weights, strata=strata)
    feel_safe = result(survey_results(survey), "feel_safe")
    figure = feel_safe.groups["overall"][0].figures[feel_safe.column_keys.index("never")]
    assert figure.estimate == pytest.approx(expected.estimate, rel=1e-9)
    assert figure.se == pytest.approx(expected.se, rel=1e-6)


def test_public_results_are_in_the_language_the_survey_was_asked_in(client, answered, run_tasks):
    survey, _areas, _rows = answered
    survey.title_en = "Safety"
    survey.save()
    services.close_survey(survey)
    run_tasks()
    url = reverse("insight_public:results", kwargs={"municipality": "kungsbacka", "pk": survey.pk})

    swedish = client.get(url).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()

    # Each language has its own snapshot: the first page asked for must not decide
    # the labels of the other.
    assert "Känner du dig trygg i ditt bostadsområde?" in swedish and "För det mesta" in swedish
    assert "<summary>Visa osäkerhet</summary>" in swedish and "Everyone" not in swedish
    assert "Do you feel safe in your neighbourhood?" in english and "Most of the time" in english
    assert "<summary>Show the uncertainty</summary>" in english and "Trygghet" not in english

    Survey.objects.filter(pk=survey.pk).update(title_en="")
    swedish_only = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert '<html lang="sv">' in swedish_only and "only asked in Swedish" in swedish_only
    assert "Känner du dig trygg i ditt bostadsområde?" in swedish_only
