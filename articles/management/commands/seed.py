"""Load the bundled sample articles, once."""

from django.core.management.base import BaseCommand, CommandError

from articles import workflow
from articles.importing import (
    CREATED,
    SEED_ARTICLES_DIR,
    ArticleFileError,
    find_article_files,
    import_file,
)
from articles.pages import ensure_policy_pages


class Command(BaseCommand):
    help = (
        "Import the sample articles bundled in articles/seed_articles/ and create the about "
        "and policy pages (the Trust Project's: corrections, ethics, verification, unnamed "
        "sources, diversity, feedback, ownership, mission). What is already in the database "
        "is left exactly as it is, so editors' changes survive re-seeding."
    )

    def handle(self, *args, verbosity, **options):
        created = 0
        for path in find_article_files([SEED_ARTICLES_DIR]):
            try:
                # The bundled sample is the newsroom's own, published as it is written.
                result = import_file(
                    path, user=workflow.SYSTEM, update_existing=False, publish_anyway=True
                )
            except ArticleFileError as exc:
                raise CommandError(f"The sample article {exc}") from exc
            if result.action == CREATED:
                created += 1
                if verbosity >= 1:
                    self.stdout.write(f"created: {result.headline}")
            elif verbosity >= 1:
                self.stdout.write(f"already there, left as it is: {result.headline}")

        for page in ensure_policy_pages():
            created += 1
            if verbosity >= 1:
                self.stdout.write(f"created page: {page.title}")

        if verbosity >= 1:
            if created:
                self.stdout.write(
                    self.style.SUCCESS(f"Seeded {created} sample article(s) and page(s).")
                )
            else:
                self.stdout.write("Sample articles and pages already up to date; nothing changed.")
