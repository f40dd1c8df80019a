"""Schema.org JSON-LD for search engines and news aggregators, built as plain dicts.

Templates emit these through the tags in ``templatetags/structured_data.py``. Every URL is
absolute, because crawlers read the data out of context. Anonymous sources never appear by
name or link: only the note that explains why anonymity was granted.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from .models import Page

LOGO_PATH = "img/logo.png"

# Where each policy page goes in the organisation's data; the footer shows them in this order.
POLICY_PROPERTIES = {
    Page.Kind.ABOUT: ["masthead"],
    Page.Kind.CORRECTIONS_POLICY: ["correctionsPolicy"],
    Page.Kind.ETHICS_POLICY: ["ethicsPolicy", "publishingPrinciples"],
}


def policy_pages(request):
    """The published about, corrections-policy and ethics-policy pages, by kind.

    One query per request, however many times the header, footer and JSON-LD ask.
    """
    if not hasattr(request, "_newsroom_policy_pages"):
        pages = {}
        queryset = Page.objects.filter(is_published=True, kind__in=list(POLICY_PROPERTIES))
        for page in queryset.only("title", "slug", "kind"):
            # Two pages of one kind: the first by title wins, as in the admin list.
            pages.setdefault(page.kind, page)
        request._newsroom_policy_pages = pages
    return request._newsroom_policy_pages


def organization(request):
    """The site as a NewsMediaOrganization, with links to its published policy pages."""
    home = request.build_absolute_uri(reverse("articles:home"))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "@id": f"{home}#organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": home,
        "logo": logo(request),
    }
    for kind, page in policy_pages(request).items():
        for name in POLICY_PROPERTIES[kind]:
            data[name] = request.build_absolute_uri(page.get_absolute_url())
    if "publishingPrinciples" not in data and "masthead" in data:
        data["publishingPrinciples"] = data["masthead"]
    return data


def logo(request):
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(static(LOGO_PATH)),
        "width": 512,
        "height": 512,
    }


def publisher(request):
    """The organisation as it is named inside other items: a reference with name and logo."""
    home = request.build_absolute_uri(reverse("articles:home"))
    return {
        "@type": "NewsMediaOrganization",
        "@id": f"{home}#organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": home,
        "logo": logo(request),
    }


def article_image_url(request, article):
    """The picture for cards and rich results: the social card if made, else the hero."""
    image = article.social_image or article.hero_image
    return request.build_absolute_uri(image.url) if image else ""


def news_article(request, article):
    """The article as a NewsArticle. Expects bylines, citations, corrections and tags prefetched."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "datePublished": article.published_at,
        # Moved by substantive updates and corrections only, never by a typo fix.
        "dateModified": article.public_updated_at,
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": request.build_absolute_uri(byline.author.get_absolute_url()),
            }
            for byline in article.bylines.all()
        ],
        "publisher": publisher(request),
        "isAccessibleForFree": True,
    }
    description = article.summary or article.dek
    if description:
        data["description"] = description
    image = article_image_url(request, article)
    if image:
        data["image"] = [image]
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.tags.all()]
    if keywords:
        data["keywords"] = keywords
    citations = [citation_work(citation) for citation in article.citations.all()]
    citations = [work for work in citations if work]
    if citations:
        data["citation"] = citations
    now = timezone.now()
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.note,
            "datePublished": correction.published_at,
            "url": request.build_absolute_uri(
                f"{article.get_absolute_url()}#correction-{correction.pk}"
            ),
        }
        for correction in article.corrections.all()
        if correction.published_at <= now
    ]
    if corrections:
        data["correction"] = corrections
    if article.backstory:
        data["backstory"] = article.backstory
    return data


def citation_work(citation):
    """A cited source as a CreativeWork; an anonymous one only by its anonymity note."""
    source = citation.source
    if source.is_anonymous:
        if not citation.anonymity_note:
            return None
        return {"@type": "CreativeWork", "name": f"Anonymous source: {citation.anonymity_note}"}
    work = {"@type": "CreativeWork", "name": source.name}
    link = citation.link.strip()
    # Imported data skips validation: only web addresses are passed on.
    if link.lower().startswith(("http://", "https://")):
        work["url"] = link
    return work


def article_breadcrumbs(request, article):
    """Home › Section › Article, as a BreadcrumbList."""
    trail = [("Home", reverse("articles:home"))]
    if article.section:
        trail.append((article.section.name, article.section.get_absolute_url()))
    trail.append((article.headline, article.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def profile_page(request, author):
    """The author page as a ProfilePage about a Person. Never the desk-only email."""
    url = request.build_absolute_uri(author.get_absolute_url())
    person = {"@type": "Person", "name": author.name, "url": url}
    if author.role:
        person["jobTitle"] = author.role
    if author.photo:
        person["image"] = request.build_absolute_uri(author.photo.url)
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "dateModified": author.updated_at,
        "mainEntity": person,
    }
