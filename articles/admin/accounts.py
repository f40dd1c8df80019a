"""Staff accounts: a user put in the Writer or Editor group becomes staff, and anyone on
the desk can link their own author profile (onboarding.py holds the rules)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Author
from ..onboarding import LinkRefused, link_author_profile, linkable_authors, make_staff_if_in_a_role

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if make_staff_if_in_a_role(form.instance):
            self.message_user(
                request,
                f"{form.instance.get_username()} is a Writer or an Editor, so they are staff "
                "now: they can sign in to the admin.",
                messages.INFO,
            )


def author_profile_view(model_admin, request):
    """The signed-in user's own author profile: show it, or link one (theirs by email, or
    a new one in their name)."""
    user = request.user
    if not user.has_perm("articles.add_article"):
        raise PermissionDenied  # a byline is for those who write
    if request.method == "POST":
        chosen = request.POST.get("author", "")
        author = None
        if chosen != "new":
            author = Author.objects.filter(pk=chosen).first() if chosen.isdigit() else None
            if author is None:
                model_admin.message_user(request, "Choose a profile.", messages.ERROR)
                return redirect(request.path)
        try:
            author = link_author_profile(user, author=author)
        except LinkRefused as refusal:
            model_admin.message_user(request, str(refusal), messages.ERROR)
            return redirect(request.path)
        model_admin.message_user(
            request,
            f"Your account is linked to “{author}”: new stories carry your byline, and you "
            "can edit the drafts that carry it.",
            messages.SUCCESS,
        )
        return redirect(request.path)
    profile = getattr(user, "author_profile", None)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Your author profile",
        "opts": model_admin.opts,
        "profile": profile,
        "profile_url": reverse("admin:articles_author_change", args=[profile.pk])
        if profile
        else "",
        "linkable": [] if profile else list(linkable_authors(user)),
        "new_name": user.get_full_name() or user.get_username(),
    }
    return TemplateResponse(request, "admin/articles/author/author_profile.html", context)
