"""Queue a daily digest now, rather than at NEWSROOM_DIGEST_TIME."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsletters.digest import next_digest_day
from newsletters.jobs import send_daily_digest


class Command(BaseCommand):
    help = (
        "Queue the digest of DAY (default: the coming digest, with the stories published so "
        "far) for the workers to send now. A day's digest goes out once, however often it is "
        "queued: the scheduled run for that day then sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day the digest covers, YYYY-MM-DD.")

    def handle(self, *args, day, verbosity, **options):
        try:
            day = date.fromisoformat(day) if day else next_digest_day(timezone.now())
        except ValueError as error:
            raise CommandError(f"--day must be YYYY-MM-DD: {error}") from error
        result = send_daily_digest.enqueue(day.isoformat())
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Queued the digest of {day:%d %B %Y} (job {result.id}).")
            )
