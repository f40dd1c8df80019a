"""The job queue as staff see it: every job with its outcome, and "Failed for good", the jobs
that failed and will not be tried again, with their error (newsroom/jobs.py)."""

from dataclasses import replace

from django.contrib import admin, messages
from django.utils.html import format_html
from django_tasks.base import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from newsroom import jobs


class OutcomeFilter(admin.SimpleListFilter):
    title = "outcome"
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [
            ("failed", "Failed for good"),
            ("retried", "Failed, tried again"),
            ("waiting", "Waiting"),
            ("running", "Running"),
            ("succeeded", "Succeeded"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "failed":
                return queryset.filter(pk__in=jobs.failed_for_good().values("pk"))
            case "retried":
                return queryset.failed().filter(exception_class_path=jobs.RETRY_SCHEDULED)
            case "waiting":
                return queryset.filter(status=TaskResultStatus.READY)
            case "running":
                return queryset.running()
            case "succeeded":
                return queryset.successful()
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "attempt", "error", "run_after", "finished_at")
    list_filter = (OutcomeFilter, "status", "queue_name")
    search_fields = ("task_path", "traceback")
    actions = ["run_again"]

    @admin.display(description="attempt")
    def attempt(self, job):
        return job.args_kwargs.get("kwargs", {}).get("attempt", 1)

    @admin.display(description="error")
    def error(self, job):
        """The last line of the traceback: the exception and its message."""
        if not job.traceback:
            return ""
        last = job.traceback.strip().splitlines()[-1]
        return format_html("<code>{}</code>", last[:300])

    @admin.action(description="Run the selected failed jobs again (a new first attempt)")
    def run_again(self, request, queryset):
        # Superusers only: a job may send mail or delete files.
        if not request.user.is_superuser:
            self.message_user(request, "Only superusers may run jobs again.", messages.ERROR)
            return
        count = 0
        for job in queryset.failed():
            kwargs = {k: v for k, v in job.args_kwargs["kwargs"].items() if k != "attempt"}
            replace(job.task, run_after=None).enqueue(*job.args_kwargs["args"], **kwargs)
            count += 1
        self.message_user(request, f"Queued {count} job(s) again.", messages.SUCCESS)
