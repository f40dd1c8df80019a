"""Gunicorn settings for Newsroom: `gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be changed from the environment, so one file serves every machine.
"""

import gc
import multiprocessing
import os

# Listen on the loopback only: nginx (deploy/nginx.conf) is the public face.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Gunicorn's rule of thumb, 2 x cores + 1 processes: a worker waiting for PostgreSQL or
# Redis leaves its core to another. Each holds its own Django and database connection:
# lower GUNICORN_WORKERS when memory is short.
#
# "sync" workers, which take a connection only when free and close it after one response:
# the kernel's one queue of new connections then goes to whichever worker is free first,
# so no request waits behind another while a worker sits idle. "gthread" workers accept
# while busy and keep each connection alive where it landed (benoitc/gunicorn#3433), and in
# `make bench` a few workers ended up holding most connections: slower p99 on every
# uncached page, for no more throughput. Sync workers need a buffering proxy in front, so a
# slow client never holds one: deploy/nginx.conf buffers requests and responses.
# GUNICORN_WORKER_CLASS=gthread (with GUNICORN_THREADS and GUNICORN_KEEPALIVE) brings the
# other back, e.g. for long-held connections with no proxy in front.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# How long a gthread worker keeps an idle connection open, in seconds (sync workers close it).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Without REDIS_URL every process keeps its own cache (newsroom/settings.py). Pages stay
# current either way (which are current is a row in the database), but each process would
# render and keep its own copy of every page: one process with threads shares one cache.
if not os.environ.get("REDIS_URL"):
    threads = int(os.environ.get("GUNICORN_THREADS", workers))
    workers = 1
    worker_class = "gthread"

# Django is loaded once, in the master process, and its URL patterns and templates compiled
# (newsroom.wsgi.warm_up), before the workers are forked: a worker replaced after max_requests
# starts at once instead of importing Django and compiling templates again (about a second of
# CPU, which stalls every other request on a small machine). Code changes then need a
# restart, not a HUP. GUNICORN_PRELOAD=0 turns it off.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"


def when_ready(server):
    if preload_app:
        from newsroom.wsgi import warm_up

        warm_up()


def pre_fork(server, worker):
    # What is loaded by now lives as long as the worker: frozen, the garbage collector never
    # walks it again (a full collection over a loaded Django held a request for ~50 ms), and
    # forked workers keep sharing its memory pages instead of copying them.
    gc.freeze()


# A request still running after this many seconds is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))

# Replace each worker after about this many requests, so a slow leak never grows for long;
# the jitter keeps all workers from restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 100

# No access log of gunicorn's own unless GUNICORN_ACCESS_LOG names a file, or "-" for
# standard output: nginx (deploy/nginx.conf) already logs every request, and gunicorn's own
# line cost a sixth of a cached page's throughput (2,540-2,640 req/s with it, 2,950-3,110
# without, in the same minutes: bench/results.md). Its first field is the client address
# nginx forwards, not the proxy's.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
