"""The job queue (newsroom/jobs.py): retries with backoff, jobs that failed for good shown
to staff, jobs of dead workers tried again, repeating jobs kept queued; and what editorial
changes queue (articles/workflow.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import workflow
from newsroom import jobs
from tests import job_fixtures
from tests.factories import make_article, run_queued_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_calls_left_over():
    job_fixtures.CALLS.clear()


def waiting():
    return DBTaskResult.objects.filter(status="READY")


def make_due():
    """Bring every waiting job's time forward to now, as if its backoff had passed."""
    waiting().update(run_after=timezone.now() - timedelta(seconds=1))


def test_a_failed_attempt_is_retried_later_with_a_growing_backoff():
    job_fixtures.always_fails.enqueue("first")
    before = timezone.now()
    run_queued_jobs()

    [first] = DBTaskResult.objects.failed()
    assert first.exception_class_path == jobs.RETRY_SCHEDULED
    assert "RuntimeError: the mail server is down (first)" in first.traceback
    [retry] = waiting()
    assert retry.args_kwargs == {"args": ["first"], "kwargs": {"attempt": 2}}
    assert (
        before + timedelta(seconds=60) <= retry.run_after <= timezone.now() + timedelta(seconds=75)
    )

    make_due()
    run_queued_jobs()
    [second_retry] = waiting()
    # The second wait is twice the first.
    assert second_retry.run_after - timezone.now() >= timedelta(seconds=119)
    assert job_fixtures.CALLS == ["first", "first"]


def test_the_last_failed_attempt_fails_for_good_and_staff_see_its_error(admin_client):
    job_fixtures.always_fails.enqueue("doomed")
    for _ in range(3):
        run_queued_jobs()
        make_due()
    assert job_fixtures.CALLS == ["doomed"] * 3
    assert not waiting().exists()
    [failed] = jobs.failed_for_good()
    assert failed.exception_class_path == "builtins.RuntimeError"

    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    page = admin_client.get(changelist, {"outcome": "failed"}).content.decode()
    assert "always_fails" in page
    assert "RuntimeError: the mail server is down (doomed)" in page
    assert page.count("RuntimeError: the mail server is down") == 1  # retried ones are not
    detail = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.pk])
    )
    assert b"Traceback" in detail.content


def test_editors_see_the_failed_jobs_but_cannot_run_them_again(client, editor):
    job_fixtures.always_fails.using().enqueue("x", attempt=3)
    run_queued_jobs()
    client.force_login(editor)
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    assert client.get(changelist, {"outcome": "failed"}).status_code == 200
    client.post(
        changelist,
        {"action": "run_again", "_selected_action": [jobs.failed_for_good().get().pk]},
    )
    assert not waiting().exists()


def test_a_superuser_runs_a_failed_job_again_from_its_first_attempt(admin_client):
    job_fixtures.always_fails.enqueue("again", attempt=3)
    run_queued_jobs()
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    admin_client.post(
        changelist,
        {"action": "run_again", "_selected_action": [jobs.failed_for_good().get().pk]},
    )
    [queued] = waiting()
    assert queued.args_kwargs == {"args": ["again"], "kwargs": {}}


def test_a_job_whose_worker_died_is_tried_again_while_it_has_attempts(settings):
    settings.NEWSROOM_JOB_TIMEOUT = timedelta(minutes=30)
    job_fixtures.succeeds.enqueue("lost")
    job_fixtures.succeeds.enqueue("last", attempt=2)
    job_fixtures.succeeds.enqueue("recent")
    # Three workers claimed them, then died; two long ago.
    for row in DBTaskResult.objects.all():
        row.claim("dead-worker")
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.exclude(args_kwargs__args=["recent"]).update(started_at=long_ago)

    assert jobs.requeue_stalled_jobs() == 2
    [retry] = waiting()
    assert retry.args_kwargs == {"args": ["lost"], "kwargs": {"attempt": 2}}
    [gone] = jobs.failed_for_good()
    assert gone.exception_class_path == "newsroom.jobs.WorkerLost"
    assert DBTaskResult.objects.running().count() == 1  # the recent one may still be running


def test_repeating_jobs_keep_exactly_one_run_waiting():
    now = timezone.now()
    first = jobs.schedule_repeating_jobs(now=now)
    assert sorted(first) == sorted(jobs.REPEATING)
    assert jobs.schedule_repeating_jobs(now=now) == []
    digest_run = waiting().get(task_path="newsletters.jobs.send_daily_digest")
    assert digest_run.run_after > now
    # A waiting retry of the digest is not its next scheduled run.
    digest_run.delete()
    from newsletters.jobs import send_daily_digest

    send_daily_digest.using(run_after=now + timedelta(minutes=1)).enqueue("2026-01-01", attempt=2)
    assert jobs.schedule_repeating_jobs(now=now) == ["newsletters.jobs.send_daily_digest"]


def test_housekeeping_schedules_its_own_next_run():
    jobs.housekeeping.enqueue()
    run_queued_jobs()
    assert waiting().filter(task_path="newsroom.jobs.housekeeping").exists()


def test_schedule_jobs_command_is_safe_to_run_twice():
    from django.core.management import call_command

    call_command("schedule_jobs", verbosity=0)
    call_command("schedule_jobs", verbosity=0)
    assert waiting().count() == len(jobs.REPEATING)


# What editorial changes queue


def test_publishing_queues_the_go_live_job_in_the_same_transaction(editor):
    article = make_article(status="draft")
    workflow.publish_articles([article], user=editor)
    [job] = waiting().filter(task_path="articles.jobs.story_went_live")
    assert job.args_kwargs["args"][0] == article.pk


def test_a_scheduled_story_goes_live_at_its_time(editor):
    when = timezone.now() + timedelta(hours=3)
    article = make_article(status="draft", published_at=when)
    workflow.publish_articles([article], user=editor)
    [job] = waiting().filter(task_path="articles.jobs.story_went_live")
    assert job.run_after == when


def test_a_refused_change_queues_nothing(writer):
    article = make_article(status="draft")
    waiting().delete()  # the new story's social card job
    workflow.publish_articles([article], user=writer)
    assert not waiting().exists()


# import_articles --background


def test_import_in_the_background_queues_one_job_per_file_and_reports_each(tmp_path, editor):
    from io import StringIO

    from django.core.management import call_command

    from articles.models import Article

    (tmp_path / "good.txt").write_text("Bridge reopens\n\nThe bridge reopened today.\n")
    (tmp_path / "bad.md").write_text("---\nno_title: here\n---\nBody.\n")
    output = StringIO()
    call_command(
        "import_articles", str(tmp_path), user=editor.username, background=True, stdout=output
    )
    assert "Queued 2 file(s)" in output.getvalue()
    assert not Article.objects.exists()  # nothing imported in the command itself

    run_queued_jobs()
    assert Article.objects.get().headline == "Bridge reopens"
    [refused] = jobs.failed_for_good()
    assert refused.args_kwargs["args"] == [str(tmp_path / "bad.md")]
    assert "title" in refused.traceback
    assert not waiting().filter(task_path="articles.jobs.import_article_file").exists()


def test_import_in_the_background_refuses_a_dry_run(tmp_path, editor):
    from django.core.management import CommandError, call_command

    (tmp_path / "good.txt").write_text("Bridge reopens\n\nThe bridge reopened today.\n")
    with pytest.raises(CommandError):
        call_command(
            "import_articles", str(tmp_path), user=editor.username, background=True, dry_run=True
        )
    assert not waiting().exists()


@pytest.mark.parametrize("outcome", ["failed", "retried", "waiting", "running", "succeeded"])
def test_every_outcome_filter_lists_its_jobs(admin_client, outcome):
    job_fixtures.succeeds.enqueue("done")
    job_fixtures.always_fails.enqueue("broken")
    run_queued_jobs()
    job_fixtures.succeeds.enqueue("queued")
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    response = admin_client.get(changelist, {"outcome": outcome})
    assert response.status_code == 200
    expected = {"failed": 0, "retried": 1, "waiting": 2, "running": 0, "succeeded": 1}
    assert response.context["cl"].result_count == expected[outcome]
