"""Gunicorn settings for Newsroom: `gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be changed from the environment, so one file serves every machine.
"""

import multiprocessing
import os

# Listen on the loopback only: nginx (deploy/nginx.conf) is the public face.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers: one process per core and one more, four threads each. The threads keep
# connections alive (nginx's upstream keepalive, see deploy/nginx.conf), where sync workers
# close every connection after one response, and they overlap one request's waits for
# PostgreSQL or Redis with another's work. Measured by `make bench`: more cached pages per
# second, and a shorter p99, than 2 x cores + 1 sync workers. Each thread holds its own
# database connection (workers x threads per server). Each worker holds its own Django, so
# lower GUNICORN_WORKERS when memory is short.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# How long an idle kept-alive connection stays open, in seconds.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# A request still running after this many seconds is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))

# Replace each worker after about this many requests, so a slow leak never grows for long;
# the jitter keeps all workers from restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 100

# One line per request on standard output ("-"), or to the file GUNICORN_ACCESS_LOG names.
# The first field is the client address nginx forwards, not the proxy's.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
