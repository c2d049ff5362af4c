"""The lägesbild in the reader's language: staff page, report, PDF, public page, command.

Every version is stored in Swedish and English; the figures are the same in both, the
texts (rules, problems, sources, months, seasons) are each reader's, and the steering
group's approval freezes both.
"""

import datetime as dt
import importlib
import io
import json
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from tests.factories import member
from trygg.core.errors import DomainError
from trygg.situation.lagesbild_services import (
    approve_lagesbild,
    is_current,
    reader_language,
    refresh_lagesbild,
    snapshot_of,
)
from trygg.situation.models import LagesbildApproval, LagesbildSnapshot
from trygg.tenancy.models import Role

from .lagesbild_data import QUIET_CELL, report

pytestmark = pytest.mark.django_db

YEAR = 2026

# The same texts of the planted lägesbild, as each language writes them.
ENGLISH = (
    "A category with at least one early-warning alert in the year.",
    "The police's open events",
    "February",
    "Winter (December–February)",
    "Vandalism",
)
SWEDISH = (
    "En kategori med minst ett larm under året.",
    "Polisens öppna händelser",
    "februari",
    "Vinter (december–februari)",
    "Skadegörelse",
)


def staff_page(client, municipality, language: str) -> str:
    url = reverse("situation:lagesbild", kwargs={"municipality": municipality.code, "year": YEAR})
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def public_page(client, language: str) -> str:
    url = reverse("portal:lagesbild", kwargs={"municipality": "kungsbacka", "year": YEAR})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def report_part(page: str) -> str:
    """The lägesbild itself, without the page's header (whose form has a fresh token)."""
    return page[page.index('id="kartlaggning"') : page.index("</main>")]


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, check=True, capture_output=True
    ).stdout.decode()


def numbers(tree, path: str = "") -> dict[str, float]:
    """Every number of a JSON tree by its path: what must not depend on the language."""
    if isinstance(tree, dict):
        return {
            k: v for key, value in tree.items() for k, v in numbers(value, f"{path}/{key}").items()
        }
    if isinstance(tree, list):
        return {
            k: v for i, value in enumerate(tree) for k, v in numbers(value, f"{path}/{i}").items()
        }
    if isinstance(tree, bool) or not isinstance(tree, int | float):
        return {}
    return {path: tree}


@pytest.fixture
def coordinator(client, kungsbacka):
    user = member(kungsbacka, Role.COORDINATOR)
    client.force_login(user)
    return user


def test_the_english_staff_page_is_in_english_and_the_swedish_one_in_swedish(
    client, coordinator, lagesbild_planted
):
    refresh_lagesbild(lagesbild_planted, YEAR)

    english = staff_page(client, lagesbild_planted, "en")
    swedish = staff_page(client, lagesbild_planted, "sv")

    for text in ENGLISH:
        assert text in english, text
    for text in SWEDISH:
        assert text in swedish, text
        assert text not in english, text
    assert "A category with at least one early-warning alert" not in swedish


def test_every_version_is_stored_in_both_languages_with_the_same_figures(lagesbild_planted):
    stored = refresh_lagesbild(lagesbild_planted, YEAR)

    assert sorted((s.public, s.language) for s in stored) == [
        (False, "en"),
        (False, "sv"),
        (True, "en"),
        (True, "sv"),
    ]
    for public in (False, True):
        english = snapshot_of(lagesbild_planted, YEAR, public=public, language="en")
        swedish = snapshot_of(lagesbild_planted, YEAR, public=public, language="sv")
        assert (english.figures["language"], swedish.figures["language"]) == ("en", "sv")
        assert numbers(english.figures) == numbers(swedish.figures)
        assert numbers(english.figures), "the tree has figures to compare"
        assert english.computed_at == swedish.computed_at
        assert is_current(english) and is_current(swedish)

    report(lagesbild_planted, lagesbild_planted.incident_sources.get(), QUIET_CELL, 50)
    assert not is_current(snapshot_of(lagesbild_planted, YEAR, public=False, language="en"))


def test_a_reader_of_another_language_reads_the_settings_language(settings):
    assert reader_language("en-gb") == "en"
    assert reader_language("sv") == "sv"
    assert reader_language("fi") == settings.LANGUAGE_CODE


def test_the_approval_freezes_the_public_version_in_both_languages(
    client, coordinator, lagesbild_planted
):
    refresh_lagesbild(lagesbild_planted, YEAR)
    approval = approve_lagesbild(
        lagesbild_planted,
        YEAR,
        approved_on=dt.date(2026, 3, 2),
        approved_by="Styrgruppen",
        recorded_by=coordinator,
    )
    assert set(approval.figures_by_language) == {"sv", "en"}
    client.logout()
    english_before, swedish_before = public_page(client, "en"), public_page(client, "sv")
    assert "Approved on March 2, 2026 by Styrgruppen." in english_before
    assert "Godkänd 2 mars 2026 av Styrgruppen." in swedish_before
    for text in ENGLISH[:4]:
        assert text in english_before, text
    for text in SWEDISH[:4]:
        assert text in swedish_before, text

    # Newer data, computed again: neither language's public page changes.
    for number in range(60, 70):
        report(lagesbild_planted, lagesbild_planted.incident_sources.get(), QUIET_CELL, number)
    refresh_lagesbild(lagesbild_planted, YEAR)
    assert (
        snapshot_of(lagesbild_planted, YEAR, public=True, language="en").figures["kartlaggning"][
            "municipal_reports"
        ]["count"]
        == 17
    )
    frozen = LagesbildApproval.objects.get()
    for language in ("sv", "en"):
        assert (
            frozen.figures_by_language[language]["kartlaggning"]["municipal_reports"]["count"] == 7
        )
    assert report_part(public_page(client, "en")) == report_part(english_before)
    assert report_part(public_page(client, "sv")) == report_part(swedish_before)


def _english_not_computed() -> None:
    LagesbildSnapshot.objects.filter(public=True, language="en").delete()


def _english_stale() -> None:
    LagesbildSnapshot.objects.filter(public=True, language="en").update(data={"old": True})


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [(_english_not_computed, "inte beräknad ännu"), (_english_stale, "äldre än uppgifterna")],
    ids=["not computed", "stale"],
)
def test_an_approval_is_refused_while_one_language_is_not_current(
    coordinator, lagesbild_planted, spoil, reason
):
    refresh_lagesbild(lagesbild_planted, YEAR)
    spoil()

    with pytest.raises(DomainError, match=reason):
        approve_lagesbild(
            lagesbild_planted,
            YEAR,
            approved_on=dt.date(2026, 3, 2),
            approved_by="Styrgruppen",
            recorded_by=coordinator,
        )
    assert not LagesbildApproval.objects.exists()


def test_the_pdfs_have_their_readers_section_headings(client, coordinator, lagesbild_planted):
    refresh_lagesbild(lagesbild_planted, YEAR)
    url = reverse(
        "situation:lagesbild_pdf", kwargs={"municipality": lagesbild_planted.code, "year": YEAR}
    )

    english = pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    swedish = pdf_text(client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content)

    for heading in (
        "Survey of the situation (Kartläggning)",
        "Other information (Annan information)",
        "Analysis (Analys)",
        "Sources used and left out",
        "Staff version: not for publication",
    ):
        assert heading in english, heading
    assert "The police's open events" in english and "February" in english
    assert "Polisens öppna händelser" not in english
    assert "Polisens öppna händelser" in swedish and "Intern version" in swedish


def test_the_command_prints_the_same_numbers_in_both_languages(lagesbild_planted, tmp_path):
    printed = {}
    for language in ("sv", "en"):
        out = io.StringIO()
        call_command(
            "lagesbild", "1384", "--year", str(YEAR), "--json", "--language", language, stdout=out
        )
        printed[language] = json.loads(out.getvalue())

    assert numbers(printed["sv"]) == numbers(printed["en"])
    assert printed["sv"]["kartlaggning"]["municipal_reports"]["count"] == 7
    assert printed["en"]["analys"]["rules"]["alerts"] == ENGLISH[0]
    assert printed["sv"]["analys"]["rules"]["alerts"] == SWEDISH[0]
    months = [bar["label"] for bar in printed["en"]["kartlaggning"]["when"]["months"]]
    assert months[:2] == ["January", "February"]

    pdf = tmp_path / "lagesbild.pdf"
    call_command(
        "lagesbild",
        "1384",
        "--year",
        str(YEAR),
        "--pdf",
        str(pdf),
        "--language",
        "en",
        stdout=io.StringIO(),
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Analysis (Analys)" in text and "Lägesbild 2026, Kungsbacka" in text


def test_compute_now_in_english_says_it_is_being_computed_and_computes_both(
    client, kungsbacka, run_tasks
):
    client.force_login(member(kungsbacka, Role.ANALYST))
    url = reverse(
        "situation:lagesbild_compute", kwargs={"municipality": kungsbacka.code, "year": YEAR}
    )
    client.post(url, HTTP_ACCEPT_LANGUAGE="en")

    assert "The lägesbild is being computed" in staff_page(client, kungsbacka, "en")
    run_tasks()
    assert {
        (s.language, bool(s.figures)) for s in LagesbildSnapshot.objects.filter(public=True)
    } == {("sv", True), ("en", True)}
    assert "Survey of the situation (Kartläggning)" in staff_page(client, kungsbacka, "en")


def test_an_approval_from_before_english_shows_english_readers_the_swedish_it_approved(
    client, coordinator, lagesbild_planted
):
    """The data migration keeps an earlier approval as its Swedish version."""
    migration = importlib.import_module("trygg.situation.migrations.0008_lagesbild_language")
    refresh_lagesbild(lagesbild_planted, YEAR)
    swedish = snapshot_of(lagesbild_planted, YEAR, public=True, language="sv")
    # As stored before the migration: the Swedish public figures, unwrapped.
    LagesbildApproval.objects.create(
        municipality=lagesbild_planted,
        year=YEAR,
        approved_on=dt.date(2026, 3, 2),
        approved_by="Styrgruppen",
        figures_by_language=swedish.figures,
        computed_at=swedish.computed_at,
    )

    migration.approved_figures_as_swedish(apps, None)

    approval = LagesbildApproval.objects.get()
    assert approval.figures_by_language == {"sv": swedish.figures}
    client.logout()
    page = public_page(client, "en")
    assert '<html lang="sv"' in page
    assert "it is shown in Swedish, as approved" in page
    assert "Polisens öppna händelser" in page and "Godkänd 2 mars 2026" in page
    migration.approved_figures_unwrapped(apps, None)
    assert LagesbildApproval.objects.get().figures_by_language == swedish.figures
