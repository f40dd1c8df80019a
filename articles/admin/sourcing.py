"""The sourcing desk in the article admin: the Sourcing list column and filter, the panel of
findings on the form, and its pages (analyse unsaved text, "Add as citation", the Sources
report). ArticleAdmin wires them in; each page is a function of the admin and the request.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .. import workflow
from ..attribution import analyse, is_vague_party, summarise
from ..evidence import reporting
from ..models import Article, Citation, CitationWatch, Source
from ..sourcing import (
    STATUS_LABELS,
    article_findings,
    format_summary,
    names_anyone,
    summaries_by_pk,
)

GROUP_TITLES = {
    "cited": "Matched to a cited source",
    "uncited": "Named but not cited",
    "vague": "Vague: nobody a reader could check",
}
# A body longer than this is not a story; refuse it rather than spend seconds analysing it.
MAX_ANALYSED_CHARACTERS = 200_000
MAX_PARTY_CHARACTERS = 300


def finding_as_json(finding):
    attribution = finding.attribution
    return {
        "status": finding.status,
        "label": STATUS_LABELS[finding.status],
        "party": attribution.party,
        "phrase": attribution.phrase,
        "sentence": attribution.sentence,
        "source": finding.source.name if finding.source else None,
    }


def grouped(findings):
    return [
        {
            "status": status,
            "title": GROUP_TITLES[status],
            "label": STATUS_LABELS[status],
            "findings": [finding for finding in findings if finding.status == status],
        }
        for status in ("cited", "uncited", "vague")
    ]


class SourcingListFilter(admin.SimpleListFilter):
    """Filter by what the sourcing desk finds in the body.

    Needs an analysis of every article in the current list: each is cached by its text and
    cited sources, so only articles edited since they were last listed cost an analysis
    (5-20 ms each, by length); the rest cost one hash. Two queries whatever the number.
    """

    title = "Sourcing"
    parameter_name = "sourcing"

    def lookups(self, request, model_admin):
        return [
            ("vague", "Has vague claims"),
            ("uncited", "Has uncited claims"),
            ("sourced", "All claims sourced"),
        ]

    def queryset(self, request, queryset):
        wanted = self.value()
        if wanted not in {"vague", "uncited", "sourced"}:
            return queryset
        summaries = summaries_by_pk(queryset)
        if wanted == "sourced":
            keep = [
                pk for pk, summary in summaries.items() if not summary["uncited"] + summary["vague"]
            ]
        else:
            keep = [pk for pk, summary in summaries.items() if summary[wanted]]
        return queryset.filter(pk__in=keep)


def render_panel(model_admin, article, *, editable):
    info = model_admin.opts.app_label, model_admin.opts.model_name
    saved = article is not None and article.pk is not None
    findings = article_findings(article) if saved else []
    context = {
        "article": article if saved else None,
        "groups": grouped(findings),
        "summary": format_summary(summarise(findings)),
        "analyse_url": "",
        "cite_url": "",
    }
    if editable:
        context["analyse_url"] = reverse(
            "admin:{}_{}_sourcing_analyse".format(*info), current_app=model_admin.admin_site.name
        )
    if editable and saved:
        context["cite_url"] = reverse(
            "admin:{}_{}_sourcing_cite".format(*info),
            args=[article.pk],
            current_app=model_admin.admin_site.name,
        )
    return render_to_string("admin/articles/article/sourcing_panel.html", context)


def render_evidence(model_admin, article, *, may_note):
    """The evidence locker's view of the article's cited pages: each one's archived copy and
    what watching it found, with a one-click correction note for an Editor."""
    pages = reporting.cited_pages(article)
    context = {
        "pages": pages,
        "summary": reporting.attention_summary(pages),
        # A note tells readers of a live story; a draft's editor fixes the citation instead.
        "may_note": may_note and article.is_published(),
    }
    return render_to_string("admin/articles/article/evidence_panel.html", context)


def note_source_change_view(model_admin, request, citation_id):
    """Add the correction note a changed, moved or gone source calls for (Editors only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    citation = get_object_or_404(
        Citation.objects.select_related("article", "source"), pk=citation_id
    )
    if not model_admin.has_change_permission(request, citation.article):
        raise PermissionDenied
    try:
        workflow.note_source_change(citation, user=request.user)
    except workflow.EvidenceRefused as refusal:
        return HttpResponseBadRequest(str(refusal))
    model_admin.message_user(
        request,
        "Added an editor's note under the story: edit its wording under Corrections if needed.",
        messages.SUCCESS,
    )
    if request.POST.get("back") == "report":
        return redirect(
            reverse("admin:articles_sources_report", current_app=model_admin.admin_site.name)
        )
    return back_to_the_form(model_admin, citation.article_id)


def analyse_view(model_admin, request):
    """Findings for unsaved text, as JSON, against the article's current citations."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = request.POST.get("body")
    article_id = request.POST.get("article", "").strip()
    if body is None or len(body) > MAX_ANALYSED_CHARACTERS:
        return JsonResponse(
            {"error": "Send the body text, at most 200,000 characters."}, status=400
        )
    if article_id and not article_id.isdigit():
        return JsonResponse({"error": "The article id must be a number."}, status=400)
    article = None
    if article_id:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return JsonResponse({"error": "No such article."}, status=404)
    if not model_admin.can_edit(request, article):
        return JsonResponse({"error": "You may not edit this article."}, status=403)
    sources = []
    if article is not None:
        sources = [citation.source for citation in article.citations.select_related("source")]
    findings = analyse(body, sources)
    return JsonResponse(
        {
            "summary": summarise(findings),
            "summary_text": format_summary(summarise(findings)),
            "findings": [finding_as_json(finding) for finding in findings],
        }
    )


def cite_view(model_admin, request, object_id):
    """Cite the source an attribution names: reuse a matching Source or create one."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not object_id.isdigit():
        raise Http404("No such article.")
    article = get_object_or_404(Article, pk=object_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    party = " ".join(request.POST.get("party", "").split())
    if not party or len(party) > MAX_PARTY_CHARACTERS:
        return HttpResponseBadRequest("Say which party to cite (at most 300 characters).")
    if is_vague_party(party) or not names_anyone(party):
        # A Source called "officials" (or "The") would tell readers nothing.
        return HttpResponseBadRequest(
            f"“{party}” names nobody a reader could check: say who, then cite them."
        )
    sentence = request.POST.get("sentence", "")
    if not sentence:
        # The no-JavaScript button sends only the party: take its sentence from the saved body.
        sentence = next(
            (
                finding.attribution.sentence
                for finding in article_findings(article)
                if finding.attribution.party == party
            ),
            "",
        )
    version_before = article.version
    try:
        citation, created = workflow.cite_party(
            article, user=request.user, party=party, sentence=sentence
        )
    except workflow.CitationRefused as refusal:
        return HttpResponseBadRequest(str(refusal))
    message = (
        f"Created the source “{citation.source.name}” and cited it."
        if created
        else f"Cited “{citation.source.name}”."
    )
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "source": citation.source.name,
                "source_created": created,
                "citation": citation.pk,
                "supports": citation.supports,
                "message": message,
                # The form may move its base version on only if this citation was the one
                # change since it was opened; otherwise its save must still meet the conflict.
                "version_before": version_before,
                "version": article.version,
            }
        )
    model_admin.message_user(request, message, messages.SUCCESS)
    return back_to_the_form(model_admin, article.pk)


def back_to_the_form(model_admin, article_id):
    """Redirect to the article's change form, where the panel shows what was done."""
    info = model_admin.opts.app_label, model_admin.opts.model_name
    return redirect(
        reverse(
            "admin:{}_{}_change".format(*info),
            args=[article_id],
            current_app=model_admin.admin_site.name,
        )
    )


def sources_report_view(model_admin, request):
    """Each source with how many published articles cite it, and stories on one source."""
    if not (
        model_admin.has_view_permission(request) and request.user.has_perm("articles.view_source")
    ):
        raise PermissionDenied
    now = timezone.now()
    published = Q(
        citations__article__status=Article.Status.PUBLISHED,
        citations__article__published_at__lte=now,
    )
    sources = Source.objects.annotate(
        article_count=Count("citations__article", filter=published, distinct=True),
        first_cited=Min("citations__article__published_at", filter=published),
        last_cited=Max("citations__article__published_at", filter=published),
        # What the evidence locker last found of their cited pages in published stories.
        **{
            f"pages_{state}": Count(
                "citations", filter=published & Q(citations__watch__state=state), distinct=True
            )
            for state in CitationWatch.State.values
        },
    ).order_by("-article_count", "name")
    single_source = (
        Article.objects.published()
        .annotate(
            source_count=Count("citations__source", distinct=True),
            only_source=Min("citations__source__name"),
        )
        .filter(source_count=1)
        .newest_first()
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Sources report",
        "pages_needing_attention": reporting.pages_needing_attention(),
        "may_note": workflow.can_publish(request.user),
        "opts": model_admin.opts,
        "source_opts": Source._meta,
        "sources": sources,
        "single_source": single_source,
    }
    return TemplateResponse(request, "admin/articles/sources_report.html", context)
