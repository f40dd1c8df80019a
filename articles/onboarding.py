"""Bringing people onto the desk: the newsroom's roles, invitations with a one-time link to
set a password, and linking an account to its author profile.

The link is Django's own password-reset link (default_token_generator): signed with the
account's current password and last login, it works once and expires after
PASSWORD_RESET_TIMEOUT (three days by default).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import workflow
from .addresses import first_unused, unused_slug
from .models import Author

# The groups migration 0004 makes, by the name `invite --role` takes.
ROLES = {"writer": "Writer", "editor": "Editor"}


def in_a_role(user):
    """Whether `user` belongs to one of the newsroom's groups."""
    return user.groups.filter(name__in=ROLES.values()).exists()


def make_staff_if_in_a_role(user):
    """A Writer or Editor works in the admin: make them staff. Returns whether it did."""
    if user.is_staff or not in_a_role(user):
        return False
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return True


def set_password_link(user):
    """The one-time address at which `user` chooses a password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.NEWSROOM_SITE_URL}{path}"


class InvitationRefused(Exception):
    """The address cannot be invited; the message says why."""


def invite(email, *, role, name=""):
    """Create a staff account for `email` in `role` (writer or editor), without a usable
    password, and return (user, link): the link at which they set one."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvitationRefused(f"“{email}” is not an email address.") from error
    if role not in ROLES:
        raise InvitationRefused(f"The role is one of: {', '.join(ROLES)}.")
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationRefused(f"{email} already has an account.")
    first_name, _, last_name = name.strip().partition(" ")
    with transaction.atomic():
        user = User(
            username=unused_username(email),
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=ROLES[role]))
    return user, set_password_link(user)


def unused_username(email):
    User = get_user_model()
    return first_unused(
        email.split("@")[0][:140] or "staff",
        lambda name: User.objects.filter(username__iexact=name).exists(),
        separator="",
    )


def mail_invitation(user, link):
    """Send `user` their link to set a password."""
    send_mail(
        subject=f"Your account at {settings.NEWSROOM_SITE_NAME}",
        message=(
            f"You have an account on the {settings.NEWSROOM_SITE_NAME} desk, "
            f"as {user.get_username()}.\n\n"
            f"Choose your password here (the link works once, within "
            f"{settings.PASSWORD_RESET_TIMEOUT // 86400} days):\n\n{link}\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


# An account's own author profile


def linkable_authors(user):
    """The author profiles `user` may claim as theirs: unlinked ones with their email
    address. Anyone else's byline would open its drafts to them (workflow.is_own), so an
    Editor links those, in the author's form."""
    if not user.email:
        return Author.objects.none()
    return Author.objects.filter(user=None, email__iexact=user.email)


class LinkRefused(Exception):
    """The author profile cannot be linked to this account; the message says why."""


def link_author_profile(user, *, author=None):
    """Link `author` (one of linkable_authors), or a new profile in `user`'s name, to
    `user`'s account, as an editorial change. Returns the author."""
    if hasattr(user, "author_profile"):
        raise LinkRefused(f"Your account is already linked to “{user.author_profile}”.")
    if author is not None and not linkable_authors(user).filter(pk=author.pk).exists():
        raise LinkRefused(
            "That profile is not yours to claim: it carries another email address, or "
            "another account. Ask an Editor."
        )
    with workflow.editorial_change(user, "Linked an author profile to its account."):
        if author is None:
            name = user.get_full_name() or user.get_username()
            author = Author(name=name, slug=unused_slug(Author, name), email=user.email)
        author.user = user
        author.save()
    return author
