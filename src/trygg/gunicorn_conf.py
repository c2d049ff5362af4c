"""gunicorn's settings for Trygg in production, read from the environment like the rest.

``trygg serve`` starts gunicorn with this module (``-c python:trygg.gunicorn_conf``);
it can also be given to gunicorn directly. Every value can be changed by a
``TRYGG_WEB_*`` variable:

    TRYGG_BIND             where to listen          127.0.0.1:8000 (behind a proxy on the
                                                    same machine; never all interfaces
                                                    unless asked)
    TRYGG_WEB_WORKERS      worker processes         2 × CPUs + 1, at most 12
    TRYGG_WEB_THREADS      threads per worker       4
    TRYGG_WEB_TIMEOUT      seconds a request may    30
                           take before its worker
                           is replaced
    TRYGG_DATABASE_CONN_MAX_AGE  seconds a worker  60
                           thread keeps its
                           database connection
    TRYGG_FORWARDED_ALLOW_IPS  the proxies whose    127.0.0.1,::1 behind a proxy;
                           X-Forwarded-* are        nobody otherwise
                           believed

Workers are processes, so one stuck or killed worker takes only its own requests
with it: the master starts a new one and the others go on. All of them share the
database, which is where everything that must hold across requests lives (drafts,
counts, the cache): no worker keeps state another would need.
"""

import multiprocessing
import os


def _int(name: str, default: int, lowest: int = 1) -> int:
    value = os.environ.get(name, "").strip()
    return max(lowest, int(value)) if value else default


def _behind_proxy() -> bool:
    return os.environ.get("TRYGG_BEHIND_PROXY", "").strip().lower() in {"1", "true", "yes", "on"}


bind = [os.environ.get("TRYGG_BIND", "127.0.0.1:8000")]

# gunicorn's own rule of thumb, capped: each worker holds the whole app in memory, and
# on SQLite more writers only queue longer for the one write lock.
workers = _int("TRYGG_WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 12))
# Threads let a worker keep serving static files and reads while a request waits for
# the database; with keep-alive a browser's page and its assets share one connection.
worker_class = "gthread"
threads = _int("TRYGG_WEB_THREADS", 4)
keepalive = 5

# A request still running after this long has a stuck worker: it is killed and
# replaced. The longest regular requests (a results page, a file import) take a few
# seconds; long work belongs in the background.
timeout = _int("TRYGG_WEB_TIMEOUT", 30)
# On SIGHUP or SIGTERM workers finish the requests they have before they stop, so a
# restart (a new release: `kill -HUP <master>`) drops no resident's submission.
graceful_timeout = _int("TRYGG_WEB_GRACEFUL_TIMEOUT", 30)
# Workers are replaced now and then, staggered, so that no slow leak builds up.
max_requests = _int("TRYGG_WEB_MAX_REQUESTS", 2000, lowest=0)
max_requests_jitter = max_requests // 10
# The workers' heartbeat files on memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# A worker's threads live as long as the worker, so each keeps its database connection
# for a minute instead of opening one per request (the workers read this variable when
# they load the settings).
os.environ.setdefault("TRYGG_DATABASE_CONN_MAX_AGE", "60")

# The app is loaded by each worker, not the master: a worker never inherits a database
# connection, and `kill -HUP` reloads the code with the workers.
preload_app = False

# The access log leaves out who asked: residents answer the survey anonymously, and an
# address beside a survey's address and a time is personal data we need not keep. The
# reverse proxy keeps its own log, under its own retention.
accesslog = os.environ.get("TRYGG_WEB_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("TRYGG_WEB_LOG_LEVEL", "info")

# Only a trusted proxy may say a request came by HTTPS (or from whom); with no proxy
# nobody is trusted, since anyone can send those headers. The client's address for
# the open link's limit is read by trygg.dialogue.ballot from X-Forwarded-For,
# TRYGG_PROXY_COUNT hops from the right, never by gunicorn.
forwarded_allow_ips = (
    os.environ.get("TRYGG_FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if _behind_proxy() else ""
)
# Requests this large are refused before Django reads them (Django has its own limits).
limit_request_line = 8190
limit_request_fields = 100
