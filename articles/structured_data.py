"""Schema.org JSON-LD for search engines and news aggregators, built as plain dicts.

Templates emit these through the json_ld filter (articles/templating.py). Every URL is
absolute, because crawlers read the data out of context. Anonymous sources never appear by
name or link: only the note that explains why anonymity was granted.
"""

from django.conf import settings
from django.utils import translation

from . import images, navigation
from .addresses import absolute, address, static_url
from .models import Article, FactCheckRating, Page

LOGO_PATH = "img/logo.png"

# Where each policy page goes in the organisation's data (navigation.py reads the pages).
POLICY_PROPERTIES = {
    Page.Kind.ABOUT: ["masthead"],
    Page.Kind.CORRECTIONS_POLICY: ["correctionsPolicy"],
    Page.Kind.ETHICS_POLICY: ["ethicsPolicy", "publishingPrinciples"],
    Page.Kind.UNNAMED_SOURCES_POLICY: ["unnamedSourcesPolicy"],
    Page.Kind.VERIFICATION_POLICY: ["verificationFactCheckingPolicy"],
    Page.Kind.DIVERSITY_POLICY: ["diversityPolicy"],
    Page.Kind.FEEDBACK_POLICY: ["actionableFeedbackPolicy"],
    Page.Kind.OWNERSHIP: ["ownershipFundingInfo"],
    Page.Kind.MISSION: ["missionCoveragePrioritiesPolicy"],
}

# The schema.org type of each type of work. A fact check is a NewsArticle that carries a
# ClaimReview of its own (fact_check()), as Google's documentation asks.
ARTICLE_TYPES = {
    Article.WorkType.NEWS: "ReportageNewsArticle",
    Article.WorkType.ANALYSIS: "AnalysisNewsArticle",
    Article.WorkType.OPINION: "OpinionNewsArticle",
    Article.WorkType.REVIEW: "ReviewNewsArticle",
    Article.WorkType.EXPLAINER: "BackgroundNewsArticle",
    Article.WorkType.FACT_CHECK: "NewsArticle",
    Article.WorkType.SPONSORED: "AdvertiserContentArticle",
}


def organization(request):
    """The site as a NewsMediaOrganization, with links to its published policy pages (on
    every public page, so its addresses are put together without parsing them again)."""
    home = absolute(request, address("articles:home"))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "@id": f"{home}#organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": home,
        "logo": logo(request),
    }
    for kind, page in navigation.policy_pages(request).items():
        for name in POLICY_PROPERTIES[kind]:
            data[name] = absolute(request, page.get_absolute_url())
    if "publishingPrinciples" not in data and "masthead" in data:
        data["publishingPrinciples"] = data["masthead"]
    return data


def logo(request):
    return {
        "@type": "ImageObject",
        "url": absolute(request, static_url(LOGO_PATH)),
        "width": 512,
        "height": 512,
    }


def publisher(request):
    """The organisation as it is named inside other items: a reference with name and logo."""
    home = absolute(request, address("articles:home"))
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


def article_images(request, article):
    """The story's pictures for rich results: its lead picture cropped to 16:9, 4:3 and 1:1
    (images.crops_for), each with the picture's rights; without one, the social card."""
    if article.hero_image:
        storage = article.hero_image.storage
        rights = images.PictureRights.from_dict(article.hero_rights)
        crops = images.crops_for(article.hero_image.name) if article.pictures_ready else []
        if crops:
            shown = [(crop.name, crop.width, crop.height) for crop in crops]
        else:
            # Until the job has cut the crops (pictures_ready), the picture itself.
            shown = [images.largest_version(article.hero_image.name, ready=False)]
        if all(width for _, width, _ in shown):
            return [
                image_object(
                    request.build_absolute_uri(storage.url(name)),
                    width=width,
                    height=height,
                    rights=rights,
                    credit=article.hero_credit,
                )
                for name, width, height in shown
            ]
    url = article_image_url(request, article)
    return [url] if url else []


def image_object(url, *, width, height, rights, credit=""):
    """A picture as an ImageObject with what Google's image metadata reads: who made it,
    the credit, the copyright notice and the licence, where known."""
    data = {"@type": "ImageObject", "url": url, "contentUrl": url, "width": width, "height": height}
    if rights.creator:
        data["creator"] = {"@type": "Person", "name": rights.creator}
    if credit or rights.credit_text():
        data["creditText"] = credit or rights.credit_text()
    if rights.copyright_notice:
        data["copyrightNotice"] = rights.copyright_notice
    if rights.license_url:
        data["license"] = rights.license_url
    return data


def news_article(request, article):
    """The article as a NewsArticle, from its row and what it keeps of its parts."""
    url = request.build_absolute_uri(article.get_absolute_url())
    parts = article.page_parts
    data = {
        "@context": "https://schema.org",
        "@type": ARTICLE_TYPES.get(article.work_type, "NewsArticle"),
        "headline": article.headline,
        "inLanguage": translation.get_language(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "datePublished": article.published_at,
        # Moved by substantive updates and corrections only, never by a typo fix.
        "dateModified": article.public_updated_at,
        "author": [
            {
                "@type": "Person",
                "name": byline["name"],
                "url": request.build_absolute_uri(
                    address("articles:author-detail", byline["slug"])
                ),
            }
            for byline in parts.get("bylines", [])
        ],
        "publisher": publisher(request),
        "isAccessibleForFree": True,
    }
    description = article.summary or article.dek
    if description:
        data["description"] = description
    pictures = article_images(request, article)
    if pictures:
        data["image"] = pictures
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.section:
        data["articleSection"] = article.section.name
    keywords = [tag["name"] for tag in parts.get("tags", [])]
    if keywords:
        data["keywords"] = keywords
    citations = [citation_work(citation) for citation in parts.get("citations", [])]
    citations = [work for work in citations if work]
    if citations:
        data["citation"] = citations
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": correction.note,
            "datePublished": correction.published_at,
            "url": request.build_absolute_uri(
                f"{article.get_absolute_url()}#correction-{correction.id}"
            ),
        }
        for correction in article.published_corrections()
    ]
    if corrections:
        data["correction"] = corrections
    if article.backstory:
        data["backstory"] = article.backstory
    return data


def fact_check(request, article):
    """A fact check's ClaimReview, with what Google requires (claimReviewed, reviewRating,
    url, author) and recommends (itemReviewed: the Claim, who made it, where and when)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    claim = {
        "@type": "Claim",
        "author": {"@type": article.claimant_kind, "name": article.claimant},
    }
    if article.claim_date:
        claim["datePublished"] = article.claim_date
    appearance = {"@type": "CreativeWork"}
    if article.claim_url:
        appearance["url"] = article.claim_url
    if article.claim_appearance:
        appearance["name"] = article.claim_appearance
    if len(appearance) > 1:
        claim["appearance"] = appearance
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": article.claim_reviewed,
        "datePublished": article.published_at,
        "inLanguage": translation.get_language(),
        "author": publisher(request),
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": article.rating,
            "bestRating": max(FactCheckRating.values),
            "worstRating": min(FactCheckRating.values),
            "alternateName": FactCheckRating(article.rating).label,
        },
    }


def citation_work(citation):
    """A cited source (as Article.page_parts keeps it) as a CreativeWork; an anonymous one
    only by its anonymity note."""
    if citation["anonymous"]:
        if not citation["note"]:
            return None
        return {"@type": "CreativeWork", "name": f"Anonymous source: {citation['note']}"}
    work = {"@type": "CreativeWork", "name": citation["name"]}
    link = citation["link"].strip()
    # Imported data skips validation: only web addresses are passed on.
    if link.lower().startswith(("http://", "https://")):
        work["url"] = link
    return work


def article_breadcrumbs(request, article):
    """Home › Section › Article, as a BreadcrumbList."""
    trail = [("Home", address("articles:home"))]
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
    expertise = author.expertise()
    if expertise["covers"]:
        person["knowsAbout"] = expertise["covers"]
    if expertise["languages"]:
        person["knowsLanguage"] = expertise["languages"]
    if expertise["profiles"]:
        person["sameAs"] = expertise["profiles"]
    person["worksFor"] = publisher(request)
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "dateModified": author.updated_at,
        "mainEntity": person,
    }
