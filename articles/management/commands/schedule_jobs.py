"""Queue the repeating background jobs (newsroom/jobs.py); `make worker` runs it first."""

from django.core.management.base import BaseCommand

from newsroom.jobs import schedule_repeating_jobs


class Command(BaseCommand):
    help = (
        "Queue the next run of every repeating job (housekeeping, the daily digest, media "
        "pruning) that has none waiting. Safe to run any number of times, on any machine."
    )

    def handle(self, *args, verbosity, **options):
        scheduled = schedule_repeating_jobs()
        if verbosity >= 1:
            if scheduled:
                self.stdout.write(self.style.SUCCESS("Queued: " + ", ".join(scheduled)))
            else:
                self.stdout.write("Every repeating job already has a run waiting.")
