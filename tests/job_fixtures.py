"""Jobs for the queue's own tests (tests/test_jobs.py): importable by a worker by path."""

from newsroom.jobs import job

CALLS = []


@job(attempts=3, backoff_seconds=60)
def always_fails(note):
    CALLS.append(note)
    raise RuntimeError(f"the mail server is down ({note})")


@job(attempts=2, backoff_seconds=1)
def succeeds(note):
    CALLS.append(note)
    return {"note": note}
