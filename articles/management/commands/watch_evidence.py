"""Check the cited pages of published stories (articles/evidence/watching.py); run hourly."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.evidence.watching import due_citations, watch_citations
from articles.models import CitationWatch


class Command(BaseCommand):
    help = (
        "Check the cited pages of published stories that are due (not checked within "
        "NEWSROOM_EVIDENCE_WATCH_INTERVAL_HOURS) against their archived copies: live, "
        "changed, moved or gone. Run it hourly from cron: each run takes at most --limit "
        "pages, taking turns between sites and waiting between two requests to one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many pages this run."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the pages due; fetch nothing."
        )

    def handle(self, *args, limit, dry_run, verbosity, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        if dry_run:
            due = list(due_citations()[: limit or None])
            for citation in due:
                self.stdout.write(citation.url)
            self.stdout.write(self.style.SUCCESS(f"{len(due)} cited page(s) due."))
            return
        watches = watch_citations(limit=limit)
        counts = Counter(watch.state for watch in watches)
        if verbosity >= 2:
            for watch in watches:
                self.stdout.write(f"{watch.get_state_display()}: {watch.citation.url}")
        if verbosity >= 1:
            summary = ", ".join(
                f"{counts[state]} {label.lower()}"
                for state, label in CitationWatch.State.choices
                if counts[state]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checked {len(watches)} cited page(s){': ' if summary else ''}{summary}."
                )
            )
