"""Import article files (.txt copy, or .md with YAML front matter) into the newsroom."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ArticleFileError,
    find_article_files,
    import_file,
)
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Import articles from .txt and .md files, or from the directories holding them. Each file "
        "is imported in its own transaction; an article with the same slug is updated. Files "
        "that cannot be imported are reported and skipped, and the command then fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or directories.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every file and report what would be created or updated; write nothing.",
        )
        parser.add_argument(
            "--status",
            choices=Article.Status.values,
            default=Article.Status.PUBLISHED,
            help="Status of articles whose file does not set one (every .txt file). "
            "Default: published.",
        )

    def handle(self, *args, paths, dry_run, status, verbosity, **options):
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or directory: {', '.join(missing)}")
        files = find_article_files(paths)
        if not files:
            raise CommandError(f"No .txt or .md files found in: {', '.join(paths)}")

        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        skipped = 0
        for number, path in enumerate(files, start=1):
            progress = f"[{number}/{len(files)}]"
            try:
                result = import_file(path, dry_run=dry_run, default_status=status)
            except ArticleFileError as exc:
                skipped += 1
                self.stderr.write(self.style.ERROR(f"{progress} skipped {exc}"))
                continue
            counts[result.action] += 1
            if verbosity >= 1:
                self.stdout.write(f"{progress} {result.label}: {result.headline}")

        if dry_run:
            summary = (
                f"Dry run: {counts[CREATED]} would be created, {counts[UPDATED]} would be "
                f"updated, {skipped} skipped; nothing was written."
            )
        else:
            summary = f"{counts[CREATED]} created, {counts[UPDATED]} updated, {skipped} skipped."
        if skipped:
            raise CommandError(
                f"{summary} {skipped} of {len(files)} file(s) could not be imported; "
                "see the messages above."
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))
