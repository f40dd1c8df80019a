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
    Page.Kind.MISSION: (
        "Mission and coverage priorities",
        "mission",
        "We report the news our readers need to understand their world, and we show the "
        "evidence behind every story.\n\n"
        "## What we cover\n\n"
        "- Public institutions and the people who run them: what they decide, and what it "
        "costs.\n"
        "- Conflict, diplomacy and security, from the ground where we can.\n"
        "- Science, health and the economy, explained without hype.\n\n"
        "## What we leave to others\n\n"
        "We do not chase celebrity gossip or publish a story first at the cost of getting "
        "it right.",
    ),
    Page.Kind.OWNERSHIP: (
        "Ownership and funding",
        "ownership-and-funding",
        "Readers deserve to know who pays for the journalism they read.\n\n"
        "- **Ownership.** Name the owners here, with their stakes.\n"
        "- **Funding.** List our sources of income (subscriptions, advertising, grants, "
        "donations) and any single funder providing more than a tenth of it.\n"
        "- **Independence.** Owners, advertisers and funders have no say over what we "
        "report. Stories paid for by an advertiser are labelled *Sponsored* above the "
        "headline, and are never written by our journalists.",
    ),
    Page.Kind.VERIFICATION_POLICY: (
        "Verification and fact-checking policy",
        "verification-policy",
        "We publish what we can verify, and we show readers how.\n\n"
        "## Before publication\n\n"
        "- Every factual claim rests on a source listed under the story; an editor reviews "
        "claims that no source stands behind before the story goes out.\n"
        "- Documents, pictures and video are checked for origin and date before we use "
        "them.\n\n"
        "## Fact checks\n\n"
        "A fact check examines one public claim. It names who made it and where, links to "
        "it, sets out the evidence, and ends with our rating on this five-point scale:\n\n"
        "1. **False**: the claim is inaccurate.\n"
        "2. **Mostly false**: it holds an element of truth but ignores facts that would "
        "give a different impression.\n"
        "3. **Half true**: it is partly accurate but leaves out important details or takes "
        "things out of context.\n"
        "4. **Mostly true**: it is accurate but needs clarification or more information.\n"
        "5. **True**: it is accurate and nothing significant is missing.\n\n"
        "Search engines read the rating from the page (schema.org ClaimReview).",
    ),
    Page.Kind.UNNAMED_SOURCES_POLICY: (
        "Unnamed sources policy",
        "unnamed-sources",
        "We name our sources. We grant anonymity only when all of these hold:\n\n"
        "- the source would face real harm (to their safety, liberty or livelihood) if "
        "named;\n"
        "- the information is important to readers and cannot be had on the record;\n"
        "- an editor knows who the source is and has signed off their use in the story.\n\n"
        "Our publishing system enforces the last rule: a story citing an anonymous source "
        "cannot go out until an editor signs it off. Readers see, in place of the name, "
        "why anonymity was granted.",
    ),
    Page.Kind.DIVERSITY_POLICY: (
        "Diversity policy",
        "diversity",
        "We cover communities fairly only if we hear from all of them.\n\n"
        "- We seek out sources across gender, age, background, region and viewpoint, and "
        "review whom we quote.\n"
        "- We recruit and promote staff from a wide range of backgrounds.\n"
        "- Readers who feel a community is missing or misrepresented in our coverage can "
        "tell us through the \u201cReport an error\u201d form under any story.",
    ),
    Page.Kind.FEEDBACK_POLICY: (
        "Actionable feedback policy",
        "feedback",
        "We want to hear when we get something wrong, and we act on what we hear.\n\n"
        "- Under every story, \u201cReport an error\u201d reaches the editors directly. You "
        "do not need an account.\n"
        "- An editor checks every report. If we got it wrong, we publish a correction at "
        "the foot of the story and on our corrections page.\n"
        "- If you leave an email address, we tell you what we did: corrected, or checked "
        "and left as published. We use the address for nothing else.",
    ),
}


def ensure_policy_pages():
    """Create the about and policy pages (one of each kind in DEFAULT_POLICY_PAGES) that do
    not exist yet.

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
