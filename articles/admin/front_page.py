"""The front page's page in the admin: Editors place the lead and the top stories, in order,
and order the sections' blocks below them.

One form holds the whole arrangement: the placed stories and the sections, each a hidden
input in the order shown. Dragging a row reorders the inputs (static/js/admin-front-page.js)
and "Save" sends them; each row's buttons (up, down, lead, remove) send them with the one
move to make, so the page works without JavaScript and from the keyboard. Every save is
workflow.arrange_front_page(): only Editors, and readers see it at once.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .. import workflow
from ..models import FRONT_PAGE_SLOTS, Article, FrontPagePlacement, Section

# How many live stories the "Place a story" list offers, newest first (a search narrows it).
CANDIDATES = 50


@admin.register(FrontPagePlacement)
class FrontPageAdmin(admin.ModelAdmin):
    """No list, no forms: the model's admin page is the front page's arrangement."""

    def has_module_permission(self, request):
        return workflow.can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return workflow.can_publish(request.user)

    # The arrangement is saved whole, by arrange_front_page(), never row by row.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self.save_arrangement(request)
        return TemplateResponse(
            request, "admin/articles/front_page.html", self.arrangement_context(request)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:articles_frontpageplacement_changelist"))

    def arrangement_context(self, request):
        placements = FrontPagePlacement.objects.select_related("article").order_by("position")
        stories = [placement.article for placement in placements]
        query = request.GET.get("q", "").strip()
        candidates = (
            Article.objects.filter(status=Article.Status.PUBLISHED)
            .exclude(pk__in=[story.pk for story in stories])
            .only("headline", "published_at", "status")
            .order_by("-published_at", "-id")
        )
        if query:
            candidates = candidates.filter(Q(headline__icontains=query) | Q(slug__icontains=query))
        now = timezone.now()
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Front page",
            "stories": [(story, story_state(story, now)) for story in stories],
            "slots": FRONT_PAGE_SLOTS,
            "is_full": len(stories) >= FRONT_PAGE_SLOTS,
            "candidates": candidates[:CANDIDATES],
            "query": query,
            "sections": Section.objects.order_by(
                "-on_front_page", "front_page_position", "position", "name"
            ),
        }

    def save_arrangement(self, request):
        here = reverse("admin:articles_frontpageplacement_changelist")
        try:
            story_ids = ids(request.POST.getlist("story"))
            section_ids = ids(request.POST.getlist("section"))
            shown = set(ids(request.POST.getlist("show_section")))
            move = request.POST.get("move", "save")
            story_ids = moved(story_ids, move, prefix="", added=request.POST.get("add"))
            section_ids = moved(section_ids, move, prefix="section-")
        except ValueError:
            messages.error(request, "That form was not sent whole: nothing was changed.")
            return HttpResponseRedirect(here)
        articles = Article.objects.in_bulk(story_ids)
        sections = Section.objects.in_bulk(section_ids)
        try:
            workflow.arrange_front_page(
                stories=[articles[pk] for pk in story_ids if pk in articles],
                sections=[sections[pk] for pk in section_ids if pk in sections and pk in shown],
                user=request.user,
            )
        except workflow.FrontPageRefused as refusal:
            messages.error(request, f"{refusal} Nothing was changed.")
        else:
            messages.success(request, "The front page is saved: readers see it now.")
        return HttpResponseRedirect(here)


def story_state(story, now):
    """What readers see of a placed story: whether it shows, and when it will."""
    if story.status != Article.Status.PUBLISHED:
        return f"{story.get_status_display()}: not shown until it is published again"
    if story.published_at > now:
        return "Scheduled: shown from its publication time"
    return "Live"


def ids(values):
    """The ids a form sent, in order; ValueError for anything else."""
    return [int(value) for value in values]


def moved(order, move, *, prefix, added=None):
    """`order` (ids) after the one `move` a row's button asked for: "up:ID", "down:ID",
    "lead:ID" (to the top), "remove:ID", or "add" (`added`, at the end); the rows of the
    sections' list carry the "section-" prefix. Any other move (Save) keeps the order."""
    order = list(order)
    action, _, target = move.partition(":")
    if action == "add" and not prefix and added:
        return [*order, int(added)]
    if not action.startswith(prefix) or not target:
        return order
    action, target = action.removeprefix(prefix), int(target)
    if target not in order:
        return order
    index = order.index(target)
    if action == "remove":
        order.pop(index)
    elif action == "lead":
        order.insert(0, order.pop(index))
    elif action == "up" and index > 0:
        order[index - 1], order[index] = order[index], order[index - 1]
    elif action == "down" and index < len(order) - 1:
        order[index + 1], order[index] = order[index], order[index + 1]
    return order
