"""Import article files (.txt copy, or .md with YAML front matter) into the newsroom."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles import workflow
from articles.importing import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ArticleFileError,
    find_article_files,
    import_file,
)
from articles.jobs import import_article_file
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Import articles from .txt and .md files, or from the directories holding them, as the "
        "user --user names (default: $NEWSROOM_IMPORT_USER), with that user's rights. Each file "
        "is imported in its own transaction, with a revision; importing a file again updates "
        "the article it made, and a file never overwrites an article it did not make. A story "
        "with publication problems arrives in review, with the problems listed, unless an "
        "Editor passes --publish-anyway. Files that cannot be imported are reported and "
        "skipped, and the command then fails."
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
        parser.add_argument(
            "--user",
            default=os.environ.get("NEWSROOM_IMPORT_USER", ""),
            metavar="USERNAME",
            help="Who imports: the articles are theirs, and their rights apply (a Writer's "
            "stories arrive in review). Default: $NEWSROOM_IMPORT_USER, for unattended runs.",
        )
        parser.add_argument(
            "--publish-anyway",
            action="store_true",
            help="For an Editor: publish stories with uncited or vague claims, and sign off "
            "their anonymous sources (for one who may), instead of holding them for review.",
        )

        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue one job per file for the workers (`make worker`) and return at once; "
            "each file's outcome is in the admin's job list. The workers must see the same "
            "paths (absolute paths are queued).",
        )

    def handle(
        self, *args, paths, dry_run, status, user, publish_anyway, background, verbosity, **options
    ):
        user = self.importing_user(user)
        if publish_anyway and not workflow.can_publish(user):
            raise CommandError(f"--publish-anyway is for Editors; {user.username} may not publish.")
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or directory: {', '.join(missing)}")
        files = find_article_files(paths)
        if not files:
            raise CommandError(f"No .txt or .md files found in: {', '.join(paths)}")

        if background:
            if dry_run:
                raise CommandError("--dry-run reports at once: leave out --background.")
            self.queue(files, user=user, status=status, publish_anyway=publish_anyway)
            return

        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
        skipped = held_back = 0
        for number, path in enumerate(files, start=1):
            progress = f"[{number}/{len(files)}]"
            try:
                result = import_file(
                    path,
                    user=user,
                    dry_run=dry_run,
                    default_status=status,
                    publish_anyway=publish_anyway,
                )
            except ArticleFileError as exc:
                skipped += 1
                self.stderr.write(self.style.ERROR(f"{progress} skipped {exc}"))
                continue
            counts[result.action] += 1
            if result.held_back:
                held_back += 1
                self.stdout.write(
                    self.style.WARNING(
                        f"{progress} {result.label}, in review, not published: "
                        f"{result.headline} ({'; '.join(result.held_back)})"
                    )
                )
            elif verbosity >= 1:
                self.stdout.write(f"{progress} {result.label}: {result.headline}")

        if dry_run:
            summary = (
                f"Dry run: {counts[CREATED]} would be created, {counts[UPDATED]} would be "
                f"updated, {skipped} skipped; nothing was written."
            )
        else:
            summary = f"{counts[CREATED]} created, {counts[UPDATED]} updated, {skipped} skipped."
        if held_back:
            summary += f" {held_back} held for review: see above."
        if skipped:
            raise CommandError(
                f"{summary} {skipped} of {len(files)} file(s) could not be imported; "
                "see the messages above."
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def queue(self, files, *, user, status, publish_anyway):
        for path in files:
            import_article_file.enqueue(
                str(Path(path).resolve()),
                username=user.username,
                default_status=status,
                publish_anyway=publish_anyway,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Queued {len(files)} file(s) for the workers: see Task Results in the admin."
            )
        )

    def importing_user(self, username):
        if not username:
            raise CommandError(
                "Say who imports: --user USERNAME (or set NEWSROOM_IMPORT_USER). The articles "
                "are theirs, and their rights apply."
            )
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user named {username!r}.") from None
        if not user.has_perm("articles.add_article"):
            raise CommandError(f"{username} may not create articles.")
        return user
