"""Make sure someone can sign in to the admin, without a well-known default password."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create a superuser named 'admin' with a random password, shown once, if there is no "
        "superuser yet; otherwise say how to reset a password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the admin link (default: %(default)s).",
        )

    def handle(self, *args, base_url, verbosity, **options):
        User = get_user_model()
        admin_url = base_url.rstrip("/") + reverse("admin:index")
        superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
        if superuser:
            if verbosity >= 1:
                username = superuser.get_username()
                self.stdout.write(f"Admin: {admin_url}")
                self.stdout.write(
                    f"To reset a password: .venv/bin/python manage.py changepassword {username}"
                )
            return

        if User.objects.filter(**{User.USERNAME_FIELD: USERNAME}).exists():
            raise CommandError(
                f"A user named {USERNAME!r} exists but is not a superuser. Make it one in the "
                "shell, or create another with: .venv/bin/python manage.py createsuperuser"
            )
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            **{User.USERNAME_FIELD: USERNAME}, email="", password=password
        )
        # Shown whatever the verbosity: this is the only time anyone sees the password.
        self.stdout.write(self.style.SUCCESS("Created a superuser to sign in to the admin."))
        self.stdout.write(f"  Admin:    {admin_url}")
        self.stdout.write(f"  Username: {USERNAME}")
        self.stdout.write(f"  Password: {password}")
        self.stdout.write(
            self.style.WARNING(
                "Note the password now: it won't be shown again. To change it: "
                f".venv/bin/python manage.py changepassword {USERNAME}"
            )
        )
