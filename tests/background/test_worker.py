"""The background worker as it runs beside the server, and the jobs it runs."""

import datetime
import io
import signal
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import WORKER_SIGNALS
from tests.factories import LAST_DAY
from tests.insight.test_snapshots import answer
from trygg.background import supervisor
from trygg.background.models import Job
from trygg.background.progress import TerminalProgress
from trygg.background.services import enqueue, schedule_periodic
from trygg.dialogue import services
from trygg.dialogue.models import ResponseDraft
from trygg.dialogue.tasks import PURGE_INTERVAL, purge_expired
from trygg.insight import snapshots


@pytest.fixture
def worker_signals():
    """The worker takes over Ctrl-C in the process it runs in; pytest gets it back."""
    handlers = {signum: signal.getsignal(signum) for signum in WORKER_SIGNALS}
    yield
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


@pytest.mark.django_db(transaction=True)
def test_trygg_worker_works_off_the_queue_and_keeps_the_purge_going(onsala, worker_signals):
    """The worker exactly as ``trygg serve`` starts it, committed transactions and all."""
    survey = services.open_survey(
        services.create_survey(
            onsala.municipality, year=2026, title="Trygghet", question_keys=["area", "feel_safe"]
        ),
        closes_on=LAST_DAY,
    )
    answer(survey, 3)
    ResponseDraft.objects.create(survey=survey)
    ResponseDraft.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))

    call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    survey.refresh_from_db()
    assert snapshots.latest(survey).data_version == survey.data_version
    assert not ResponseDraft.objects.exists()
    purges = Job.objects.of(purge_expired)
    assert purges.filter(status=Job.Status.SUCCEEDED).get().message.startswith("Raderade 1")
    # The next purge waits an hour.
    [next_purge] = purges.queued()
    run_after = DBTaskResult.objects.get(pk=next_purge.task_id).run_after
    assert run_after - timezone.now() > PURGE_INTERVAL - datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_worker_starting_again_adds_no_second_purge():
    schedule_periodic()
    schedule_periodic()

    assert Job.objects.of(purge_expired).queued().count() == 1


@pytest.mark.django_db
def test_a_failed_job_says_so_in_the_starters_language_and_keeps_the_traceback(run_tasks):
    from django.utils import translation

    with translation.override("sv"):
        job = enqueue(purge_expired)
    # A full disk, say: the purge fails with an error nobody foresaw.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "trygg.dialogue.tasks.purge_drafts",
            lambda progress: (_ for _ in ()).throw(RuntimeError("disk full")),
        )
        run_tasks()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Något gick fel och arbetet blev inte klart. Försök igen senare."
    assert "disk full" in DBTaskResult.objects.get(pk=job.task_id).traceback


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_the_purge_command_draws_a_progress_bar_on_a_terminal_only(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    terminal, pipe, out = Terminal(), io.StringIO(), io.StringIO()

    call_command("purge_drafts", stdout=out, stderr=terminal)
    call_command("purge_drafts", stdout=io.StringIO(), stderr=pipe)

    full = "[" + "#" * 40 + "] 100 %"
    assert f"\r\033[KRaderar utgångna sessioner {full}" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")
    assert pipe.getvalue() == ""
    assert out.getvalue().startswith("Raderade 0 utgångna utkast")


def test_a_bar_is_as_full_as_the_work_is_done(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    from django.core.management.base import OutputWrapper

    terminal = Terminal()
    progress = TerminalProgress(OutputWrapper(terminal))

    progress("Läser", 1, 4)

    assert "[##########" + "." * 30 + "]  25 %" in terminal.getvalue()


# --- the supervisor -------------------------------------------------------------------------

PYTHON = sys.executable


def test_the_worker_stops_when_the_server_ends_and_the_servers_exit_code_is_kept(tmp_path):
    stopped = tmp_path / "stopped"
    worker = (
        "import signal, sys, time, pathlib\n"
        f"def stop(*a): pathlib.Path({str(stopped)!r}).write_text('yes'); sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "time.sleep(60)\n"
    )
    started = time.monotonic()

    code = supervisor.run_beside_worker(
        [PYTHON, "-c", "import time, sys; time.sleep(0.5); sys.exit(3)"], [PYTHON, "-c", worker]
    )

    assert code == 3
    assert stopped.read_text() == "yes"
    assert time.monotonic() - started < 10


def test_a_worker_that_dies_is_started_again(tmp_path, monkeypatch):
    starts = tmp_path / "starts"
    monkeypatch.setattr(supervisor, "MAX_RESTART_DELAY", 0.2)
    worker = f"open({str(starts)!r}, 'a').write('x')"
    server = f"import time, os\nwhile len(open({str(starts)!r}).read()) < 3: time.sleep(0.05)"
    starts.write_text("")

    assert supervisor.run_beside_worker([PYTHON, "-c", server], [PYTHON, "-c", worker]) == 0
    assert len(starts.read_text()) >= 3
