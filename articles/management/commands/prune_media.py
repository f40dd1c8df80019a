"""Delete stored pictures that nothing uses any more (articles/images/pruning.py)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from articles.images import delete_unused, find_unused


class Command(BaseCommand):
    help = (
        "Delete pictures and renditions that no article, author or page shows, no Markdown "
        "text names and no stored revision could bring back, once they are older than "
        "--older-than days. Files not stored under a content name are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=7,
            metavar="DAYS",
            help="Leave files changed within this many days (default 7): a picture dropped "
            "into a draft is stored before the draft is saved.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args, older_than, dry_run, verbosity, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days.")
        sweep = find_unused(older_than=timedelta(days=older_than))
        if verbosity >= 2 or (dry_run and verbosity >= 1):
            for name in sweep.unused:
                self.stdout.write(name)
        if not dry_run:
            delete_unused(sweep)
        if verbosity >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {len(sweep.unused)} unused file(s), "
                    f"{filesizeformat(sweep.size)}; {sweep.kept_recent} unused file(s) "
                    f"younger than {older_than} day(s) left alone."
                )
            )
