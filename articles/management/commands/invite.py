"""Invite someone to the desk: a staff account in a role, and a one-time link to set a password."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...onboarding import ROLES, InvitationRefused, invite, mail_invitation


class Command(BaseCommand):
    help = (
        "Create a staff account for EMAIL as a Writer or an Editor, with a one-time link to "
        "choose a password: mailed where email is set up (EMAIL_HOST), shown here otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--name", default="", help="Their full name, as colleagues see it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; create nothing."
        )

    def handle(self, *args, email, role, name, dry_run, verbosity, **options):
        with transaction.atomic():
            try:
                user, link = invite(email, role=role, name=name)
            except InvitationRefused as refusal:
                raise CommandError(str(refusal)) from refusal
            if dry_run:
                transaction.set_rollback(True)
                self.stdout.write(f"Would invite {user.email} as {ROLES[role]} ({user.username}).")
                return
            if settings.NEWSROOM_SENDS_EMAIL:
                # A mail that fails leaves no account nobody can sign in to.
                mail_invitation(user, link)
        self.stdout.write(
            self.style.SUCCESS(f"Invited {user.email} as {ROLES[role]}, username {user.username}.")
        )
        if settings.NEWSROOM_SENDS_EMAIL:
            if verbosity >= 1:
                self.stdout.write(f"The link to set a password was mailed to {user.email}.")
        else:
            self.stdout.write(
                "Email is not set up (EMAIL_HOST), so pass this one-time link on yourself; it "
                f"works once, within {settings.PASSWORD_RESET_TIMEOUT // 86400} days:"
            )
            self.stdout.write(link)
