"""The desk: the admin's front door, with the day's work at a glance (my drafts, what waits
for review, what is scheduled or embargoed, what went out today, stories with claims no
source stands behind, the latest corrections), each panel leading into the article list
filtered to match; and the list filters those links use.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from ..models import Article, Correction
from ..sourcing import summaries_by_pk

# How many stories each panel lists; "all N" leads to the rest.
PANEL_ROWS = 8
# How many of the most recently changed stories the sourcing panel reads.
SOURCING_CANDIDATES = 100
CORRECTIONS_RECENT_DAYS = 7


class StatusListFilter(admin.SimpleListFilter):
    """Status as the desk sees it: "Scheduled" apart from "Published", which means live."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("published", "Published (live)"),
            ("archived", "Archived"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
            case "draft" | "review" | "archived" as status:
                return queryset.filter(status=status)
        return queryset


class YoursListFilter(admin.SimpleListFilter):
    """The stories the editor created or that carry their byline."""

    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", "Yours")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.belonging_to(request.user)
        return queryset


class EmbargoListFilter(admin.SimpleListFilter):
    title = "embargo"
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [("yes", "Embargoed now")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.embargoed()
        return queryset


class CorrectedListFilter(admin.SimpleListFilter):
    title = "corrections"
    parameter_name = "corrected"

    def lookups(self, request, model_admin):
        return [
            ("recent", f"Corrected in the last {CORRECTIONS_RECENT_DAYS} days"),
            ("yes", "Has corrections"),
        ]

    def queryset(self, request, queryset):
        corrections = Correction.objects.all()
        if self.value() == "recent":
            since = timezone.now() - timedelta(days=CORRECTIONS_RECENT_DAYS)
            corrections = corrections.filter(published_at__gte=since)
        elif self.value() != "yes":
            return queryset
        return queryset.filter(pk__in=corrections.values("article"))


def article_list(**filters):
    """The address of the article list with `filters` applied."""
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def panel(title, queryset, *, link, empty, limit=PANEL_ROWS):
    """A panel of the desk: the first `limit` rows of `queryset`, how many there are in all,
    and the filtered list they lead to."""
    rows = list(queryset[: limit + 1])
    return {
        "title": title,
        "rows": rows[:limit],
        "more": len(rows) > limit,
        "link": link,
        "empty": empty,
    }


def claims_panel():
    """Stories (not archived) with uncited or vague claims, most recently changed first,
    among the SOURCING_CANDIDATES last changed: each summary is cached by text and sources."""
    candidates = Article.objects.exclude(status=Article.Status.ARCHIVED).order_by("-updated_at")
    candidates = candidates.filter(
        pk__in=list(candidates.values_list("pk", flat=True)[:SOURCING_CANDIDATES])
    )
    summaries = summaries_by_pk(candidates)
    flagged = [pk for pk, summary in summaries.items() if summary["uncited"] + summary["vague"]]
    articles = list(candidates.filter(pk__in=flagged)[: PANEL_ROWS + 1])
    for article in articles:
        article.claims = summaries[article.pk]
    return {
        "title": "Vague or uncited claims",
        "rows": articles[:PANEL_ROWS],
        "more": len(articles) > PANEL_ROWS,
        "link": article_list(sourcing="vague"),
        "links": [
            ("Vague", article_list(sourcing="vague")),
            ("Uncited", article_list(sourcing="uncited")),
        ],
        "empty": "Every claim in recent stories is sourced.",
    }


def desk_context(request):
    """What the desk shows `request.user`; nothing for those who may not see articles."""
    if not request.user.has_perm("articles.view_article"):
        return {}
    now = timezone.now()
    today = timezone.localtime(now)
    start_of_day = today.replace(hour=0, minute=0, second=0, microsecond=0)
    articles = Article.objects.select_related("section")
    return {
        "desk_now": now,
        # Without a linked profile, new stories carry no byline of theirs: say where to link it.
        "desk_link_profile": request.user.has_perm("articles.add_article")
        and not hasattr(request.user, "author_profile"),
        "desk_panels": {
            "drafts": panel(
                "Your drafts",
                articles.filter(status=Article.Status.DRAFT)
                .belonging_to(request.user)
                .order_by("-updated_at"),
                link=article_list(status="draft", mine="yes"),
                empty="No drafts of yours.",
            ),
            "review": panel(
                "Waiting for review",
                articles.filter(status=Article.Status.IN_REVIEW)
                .select_related("submitted_for_review_by")
                .order_by("submitted_for_review_at", "updated_at"),
                link=article_list(status="review"),
                empty="Nothing waits for review.",
            ),
            "scheduled": panel(
                "Scheduled",
                articles.scheduled(now).order_by("published_at"),
                link=article_list(status="scheduled"),
                empty="Nothing is scheduled.",
            ),
            "embargoed": panel(
                "Embargoed",
                articles.embargoed(now).order_by("embargo_until"),
                link=article_list(embargo="yes"),
                empty="No story is under embargo.",
            ),
            "today": panel(
                "Published today",
                articles.published(now)
                .filter(published_at__gte=start_of_day)
                .order_by("-published_at"),
                link=article_list(
                    status="published",
                    published_at__year=today.year,
                    published_at__month=today.month,
                    published_at__day=today.day,
                ),
                empty="Nothing published yet today.",
            ),
            "claims": claims_panel(),
            "corrections": panel(
                "Latest corrections",
                Correction.objects.select_related("article").order_by("-published_at", "-pk"),
                link=article_list(corrected="recent"),
                empty="No corrections.",
                limit=5,
            ),
        },
    }


def in_progress_first():
    """The article list's default order: drafts and stories in review first, the most
    recently touched first; then the rest, newest publication first."""
    in_progress = Q(status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW])
    return [
        Case(When(in_progress, then=Value(0)), default=Value(1)).asc(),
        Case(When(in_progress, then=F("updated_at"))).desc(nulls_last=True),
        F("published_at").desc(nulls_last=True),
        "-id",
    ]
