"""Gunicorn settings for Newsroom: `gunicorn --config deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be changed from the environment, so one file serves every machine.
"""

import multiprocessing
import os

# Listen on the loopback only: nginx (deploy/nginx.conf) is the public face.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Gunicorn's rule of thumb, 2 x cores + 1: sync workers block while the database answers,
# so a few more workers than cores keep the processors busy. Set GUNICORN_WORKERS to
# override it, e.g. lower it when memory is short (each worker holds its own Django).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))

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
