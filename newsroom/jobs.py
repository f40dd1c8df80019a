"""Background jobs: what the queue adds to django-tasks, written once.

Jobs are django-tasks tasks (the backport of Django 6's django.tasks) kept in the database by
django-tasks-db and run by `manage.py db_worker` (`make worker`). django-tasks runs a job
once; this module gives them what a newsroom needs of a queue:

- `@job(attempts=..., backoff_seconds=...)`: a failed attempt schedules the next one after a
  growing delay (30 s, 1 min, 2 min…) and is recorded as failed with RetryScheduled, whose
  cause is the real error; the last attempt's error is recorded as it is. Staff see the
  jobs that failed for good in the admin (newsletters/admin.py, "Failed jobs").
- requeue_stalled_jobs(): a job still "running" after NEWSROOM_JOB_TIMEOUT lost its worker
  (killed, machine gone): it is marked failed and tried again while it has attempts left.
- Repeating jobs (REPEATING): each keeps one run waiting in the queue, topped up by the
  housekeeping job, which repeats every few minutes itself; `schedule_jobs` starts it.

Every job must be idempotent: a retry, or a run after a worker died, may repeat any of it.
"""

import functools
import random
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

HOUSEKEEPING_EVERY = timedelta(minutes=5)


class RetryScheduled(Exception):
    """This attempt failed and the next one is scheduled; the error is its cause."""


class WorkerLost(Exception):
    """The job was still marked running long after it started: its worker is gone."""


RETRY_SCHEDULED = f"{RetryScheduled.__module__}.{RetryScheduled.__qualname__}"


def job(*, attempts=5, backoff_seconds=30, priority=0, give_up_on=()):
    """A task that is tried up to `attempts` times, waiting longer after each failure; an
    error in `give_up_on` (bad input, which trying again will not fix) fails it for good."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                if attempt >= attempts or isinstance(error, give_up_on):
                    raise
                when = enqueue_retry(queued, args, kwargs, attempt=attempt)
                raise RetryScheduled(
                    f"Attempt {attempt} of {attempts} failed; attempt {attempt + 1} at "
                    f"{timezone.localtime(when):%Y-%m-%d %H:%M:%S}."
                ) from error

        run.attempts = attempts
        run.backoff_seconds = backoff_seconds
        queued = task(priority=priority)(run)
        return queued

    return decorate


def enqueue_retry(queued, args, kwargs, *, attempt):
    """Enqueue attempt `attempt` + 1 of `queued` after its backoff; returns when it runs."""
    delay = queued.func.backoff_seconds * 2 ** (attempt - 1)
    # A little jitter, so that jobs that failed together do not all come back together.
    when = timezone.now() + timedelta(seconds=delay * random.uniform(1, 1.25))  # noqa: S311
    queued.using(run_after=when).enqueue(*args, attempt=attempt + 1, **kwargs)
    return when


def failed_for_good():
    """Jobs that failed and will not be tried again."""
    return DBTaskResult.objects.failed().exclude(exception_class_path=RETRY_SCHEDULED)


def requeue_stalled_jobs(*, now=None):
    """Mark jobs whose worker died as failed, and try them again while they have attempts
    left. Returns how many were found."""
    now = now or timezone.now()
    stalled = DBTaskResult.objects.running().filter(
        started_at__lt=now - settings.NEWSROOM_JOB_TIMEOUT
    )
    found = 0
    for row in stalled:
        with transaction.atomic():
            locked = DBTaskResult.objects.select_for_update().filter(
                pk=row.pk, status=TaskResultStatus.RUNNING
            )
            row = locked.first()
            if row is None:
                continue
            found += 1
            queued = row.task
            kwargs = dict(row.args_kwargs["kwargs"])
            attempt = kwargs.pop("attempt", 1)
            attempts = getattr(queued.func, "attempts", 1)
            if attempt < attempts:
                enqueue_retry(queued, row.args_kwargs["args"], kwargs, attempt=attempt)
                error = RetryScheduled(f"Worker lost on attempt {attempt} of {attempts}.")
            else:
                error = WorkerLost(f"Worker lost on the last attempt ({attempt}).")
            row.set_failed(error)
    return found


# The queue of the repeating jobs' scheduled runs (their retries go to the default queue), so
# that a waiting retry is never taken for the next scheduled run.
REPEATING_QUEUE = "repeating"


def is_waiting(task_path):
    """Whether a scheduled run of the repeating job at `task_path` is waiting in the queue."""
    return DBTaskResult.objects.filter(
        task_path=task_path, queue_name=REPEATING_QUEUE, status=TaskResultStatus.READY
    ).exists()


def next_run_of_housekeeping(now):
    return now + HOUSEKEEPING_EVERY


# Each repeating job, by its path, with the function that says when its next run is due.
REPEATING = {
    "newsroom.jobs.housekeeping": "newsroom.jobs.next_run_of_housekeeping",
    "newsletters.jobs.send_daily_digest": "newsletters.digest.next_digest_time",
    "articles.jobs.prune_media": "articles.jobs.next_pruning_time",
    "articles.jobs.watch_cited_pages": "articles.jobs.next_watch_time",
}


def schedule_repeating_jobs(*, now=None):
    """Put the next run of every repeating job in the queue, unless one is waiting there.
    Returns the paths scheduled."""
    now = now or timezone.now()
    scheduled = []
    for task_path, next_time_path in REPEATING.items():
        if is_waiting(task_path):
            continue
        queued = import_string(task_path)
        queued.using(
            queue_name=REPEATING_QUEUE, run_after=import_string(next_time_path)(now)
        ).enqueue()
        scheduled.append(task_path)
    return scheduled


# Retried like any job; were it to fail for good, the repeating jobs would stop being
# queued until a worker starts again (`make worker` runs `schedule_jobs` first).
@job(attempts=5, backoff_seconds=30)
def housekeeping():
    """Every few minutes: retry the jobs of dead workers, and keep the repeating jobs queued."""
    stalled = requeue_stalled_jobs()
    return {"stalled": stalled, "scheduled": schedule_repeating_jobs()}
