"""Regenerate every picture's renditions and every article's social card."""

from django.core.management.base import BaseCommand, CommandError

from articles.images import regenerate_all
from articles.models import Article, Author


class Command(BaseCommand):
    help = (
        "Rewrite the WebP and fallback renditions of every author photo and hero image, and "
        "redraw every article's social card. Pictures stored under older names are re-checked "
        "and moved to content-hash names first. Run it after changing the rendition widths "
        "or the card design."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be regenerated; write nothing.",
        )

    def handle(self, *args, dry_run, verbosity, **options):
        def progress(number, total, label, error):
            if error:
                self.stderr.write(self.style.ERROR(f"[{number}/{total}] {label}: {error}"))
            elif verbosity >= 2 or (verbosity >= 1 and (number % 100 == 0 or number == total)):
                verb = "would regenerate" if dry_run else "regenerated"
                self.stdout.write(f"[{number}/{total}] {verb} {label}")

        failed = regenerate_all(
            authors=Author.objects.all(),
            articles=Article.objects.all(),
            dry_run=dry_run,
            progress=progress,
        )
        if failed:
            raise CommandError(f"{failed} picture(s) could not be regenerated; see above.")
        if verbosity >= 1:
            done = "Dry run: nothing written." if dry_run else "Renditions and social cards done."
            self.stdout.write(self.style.SUCCESS(done))
