"""Queue a daily digest now, rather than at NEWSROOM_DIGEST_TIME."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsletters.digest import day_due
from newsletters.jobs import send_daily_digest


class Command(BaseCommand):
    help = (
        "Queue the digest of DAY (default: the last digest time's day) for the workers to "
        "send now. A day's digest goes out once, however often it is queued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day the digest covers, YYYY-MM-DD.")

    def handle(self, *args, day, verbosity, **options):
        try:
            day = date.fromisoformat(day) if day else day_due(timezone.now())
        except ValueError as error:
            raise CommandError(f"--day must be YYYY-MM-DD: {error}") from error
        result = send_daily_digest.enqueue(day.isoformat())
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Queued the digest of {day:%d %B %Y} (job {result.id}).")
            )
