import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.formats import date_format

from trygg.demo.dialogue import unspent_demo_codes
from trygg.dialogue.models import Survey
from trygg.promises.models import Agreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def load_demo(*arguments) -> str:
    from io import StringIO

    out = StringIO()
    # The police's events and the synthetic reports are tested in test_incidents.py.
    call_command("load_demo", "--without-incidents", *arguments, stdout=out)
    return out.getvalue()


def test_load_demo_prints_the_counts_the_addresses_and_the_sign_ins(settings, kungsbacka_file):
    settings.DEBUG = True

    output = load_demo("--municipalities", str(kungsbacka_file), "--base-url", "http://x:9000/")

    assert "11 districts" in output and "13 actions" in output
    assert "http://x:9000/kommun/kungsbacka/" in output
    assert "http://x:9000/konto/logga-in/" in output
    for username in ("samordnare", "kommunpolis", "admin", "styrgrupp", "drift"):
        assert username in output
    assert "trygg-demo-2026" in output
    assert Agreement.objects.count() == 1
    survey = Survey.objects.get(status=Survey.Status.OPEN)
    assert f"http://x:9000/kommun/kungsbacka/dialog/{survey.pk}/" in output
    assert f"last day to answer {date_format(survey.closes_on)}" in output
    assert f"Letter codes:    {', '.join(unspent_demo_codes(survey))}" in output


def test_load_demo_refuses_outside_debug_mode(settings, kungsbacka_file):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="TRYGG_DEBUG"):
        load_demo("--municipalities", str(kungsbacka_file))
    assert not Agreement.objects.exists()


def test_load_demo_loads_outside_debug_mode_when_told_to(settings, kungsbacka_file):
    settings.DEBUG = False

    load_demo("--municipalities", str(kungsbacka_file), "--allow-without-debug")

    assert Agreement.objects.count() == 1


def test_load_demo_dry_run_stores_nothing(settings, kungsbacka_file):
    settings.DEBUG = True

    output = load_demo("--municipalities", str(kungsbacka_file), "--dry-run")

    assert "dry run" in output
    assert not Agreement.objects.exists()


def test_load_demo_names_a_missing_municipalities_file(settings, tmp_path):
    settings.DEBUG = True

    with pytest.raises(CommandError, match=r"not-there\.geojson"):
        load_demo("--municipalities", str(tmp_path / "not-there.geojson"))


def test_the_residents_page_shows_the_demo_promises(client, settings, kungsbacka_file):
    settings.DEBUG = True
    load_demo("--municipalities", str(kungsbacka_file))

    response = client.get("/kommun/kungsbacka/")

    assert response.status_code == 200
    assert "Trafikkontroller varje vecka" in response.content.decode()
