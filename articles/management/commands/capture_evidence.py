"""Archive cited pages now (articles/evidence/), as the job after a save or publication does."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.evidence.capturing import capture_citation
from articles.models import Citation, CitationWatch


class Command(BaseCommand):
    help = (
        "Fetch and archive the pages citations link to: by default every cited page not "
        "archived yet; with --article or --citation those; with --all every one again (a page "
        "identical to its newest copy is not stored twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, action="append", default=[], metavar="ID")
        parser.add_argument("--citation", type=int, action="append", default=[], metavar="ID")
        parser.add_argument(
            "--all", action="store_true", help="Every citation with an address, archived or not."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be fetched; fetch nothing."
        )

    def handle(self, *args, article, citation, all, dry_run, verbosity, **options):
        if all and (article or citation):
            raise CommandError(
                "--all archives every cited page: leave out --article and --citation."
            )
        citations = Citation.objects.exclude(url="").order_by("pk")
        if article or citation:
            citations = citations.filter(pk__in=citation) | citations.filter(article__in=article)
        elif not all:
            citations = citations.filter(archived_copies=None)
        ids = list(citations.values_list("pk", flat=True).distinct())
        outcomes = Counter()
        for citation_id in ids:
            if dry_run:
                self.stdout.write(Citation.objects.get(pk=citation_id).url)
                continue
            if capture_citation(citation_id) is not None:
                outcomes["archived"] += 1
                continue
            watch = CitationWatch.objects.filter(citation_id=citation_id).first()
            if watch and watch.capture_error:
                outcomes["failed"] += 1
                if verbosity >= 1:
                    self.stderr.write(f"citation {citation_id}: {watch.capture_error}")
            else:
                outcomes["unchanged"] += 1
        if verbosity >= 1:
            if dry_run:
                self.stdout.write(self.style.SUCCESS(f"Would fetch {len(ids)} cited page(s)."))
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Archived {outcomes['archived']} page(s); {outcomes['unchanged']} "
                        f"unchanged since their newest copy; {outcomes['failed']} failed."
                    )
                )
