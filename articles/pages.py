"""The site's standing pages: what a newsroom owes its readers about itself."""

from . import workflow
from .models import Page

# Starting text for each policy page; editors rewrite it in the admin.
DEFAULT_POLICY_PAGES = {
    Page.Kind.ABOUT: (
        "About us",
        "about",
        "We are an independent newsroom. We report what we can verify and show readers "
        "where every fact comes from.\n\n"
        "## Who we are\n\n"
        "Our reporters and editors are listed on their author pages, linked from every "
        "byline.\n\n"
        "## Contact\n\n"
        "Tips, complaints and requests for correction reach the editors through the desk.",
    ),
    Page.Kind.CORRECTIONS_POLICY: (
        "Corrections policy",
        "corrections-policy",
        "When we get something wrong, we say so.\n\n"
        "- We correct errors of fact as soon as we confirm them.\n"
        "- Each correction is published at the foot of the article it concerns, with the "
        "date, and says what was wrong and what is right.\n"
        "- We never change a published fact silently; small fixes of spelling or grammar "
        "are made without a note.\n"
        "- Clarifications add context that was missing; editor's notes explain larger "
        "changes.",
    ),
    Page.Kind.ETHICS_POLICY: (
        "Ethics policy",
        "ethics-policy",
        "Our reporting rests on sources readers can check.\n\n"
        "- Every report lists the sources it rests on.\n"
        "- We grant anonymity only when a source would face real harm if named, only with "
        "an editor's approval, and we tell readers why.\n"
        "- We do not accept gifts, payment or favours from the people we cover.\n"
        "- Staff disclose any interest that could affect their work and stay off stories "
        "where it might.",
    ),
}


def ensure_policy_pages():
    """Create the about, corrections-policy and ethics-policy pages that do not exist yet.

    A kind that already has a page, published or not, is left alone: editors' text wins.
    Returns the pages created.
    """
    created = []
    # As every change readers see: cached pages name the policy pages in their footers.
    with workflow.editorial_change(workflow.SYSTEM, "Created the policy pages."):
        existing = set(Page.objects.values_list("kind", flat=True))
        for kind, (title, slug, body) in DEFAULT_POLICY_PAGES.items():
            if kind in existing or Page.objects.filter(slug=slug).exists():
                continue
            created.append(Page.objects.create(kind=kind, title=title, slug=slug, body=body))
    return created
