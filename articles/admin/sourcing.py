"""The sourcing desk in the article admin: a panel of findings, a list column and filter,
publish confirmation for unsourced claims, sign-off of anonymous sources, and a Sources report."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .. import workflow
from ..attribution import analyse, is_vague_party, summarise
from ..models import Article, Citation, Source
from ..sourcing import (
    anonymous_sources_not_signed_off,
    article_findings,
    blocks_publishing,
    format_summary,
    names_anyone,
    sign_off_anonymous_sources,
    summaries_by_pk,
    summary_for,
    unsourced_claims,
    withdraw_sign_off,
)

STATUS_LABELS = {"cited": "Cited", "uncited": "Named, not cited", "vague": "Vague"}
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


def claims_list(findings):
    return "; ".join(
        f"{STATUS_LABELS[finding.status]}: “{finding.attribution.sentence}”" for finding in findings
    )


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


def sourcing_form(base, *, can_sign_off):
    """The article form with the sourcing desk's checks on publication."""

    class SourcingForm(base):
        publish_anyway = forms.BooleanField(
            required=False,
            label="Publish anyway",
            help_text="Tick to publish although the Sourcing panel lists uncited or vague claims.",
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # A live story is asked again only about the claims an edit adds.
            self.was_published = self.instance.status == Article.Status.PUBLISHED
            if blocks_publishing():
                self.fields.pop("publish_anyway", None)

        def cited_sources_after_save(self):
            """The sources the article will cite once this form and its inlines are saved."""
            formset = getattr(self.instance, "_sourcing_citation_formset", None)
            if formset is None:
                if self.instance.pk is None:
                    return []
                return [citation.source for citation in self.instance.citations.all()]
            if not formset.is_valid():
                return None
            return [
                form.cleaned_data["source"]
                for form in formset.forms
                if form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
            ]

        def clean(self):
            cleaned_data = super().clean()
            sources = self.cited_sources_after_save()
            if sources is None:
                return cleaned_data  # the citations' own errors come first
            publishing = cleaned_data.get("status") == Article.Status.PUBLISHED
            self.check_anonymous_sources(sources, publishing=publishing)
            if publishing:
                self.check_claims(cleaned_data.get("body", self.instance.body), sources)
            return cleaned_data

        def check_anonymous_sources(self, sources, *, publishing):
            # A sign-off covers exactly the anonymous sources cited when it was given.
            self.new_anonymous_sources = anonymous_sources_not_signed_off(self.instance, sources)
            self.cited_sources = sources
            signed_off = (
                self.cleaned_data.get("sign_off_anonymous_sources")
                or not self.new_anonymous_sources
            )
            going_out = not self.was_published or self.new_anonymous_sources
            if publishing and going_out and not signed_off:
                self.add_error(
                    None,
                    "This article cites an anonymous source: an Editor must sign off the "
                    "anonymous sources before it can be published.",
                )

        def check_claims(self, body, sources):
            claims = unsourced_claims(self.instance, body=body, sources=sources)
            if self.was_published:
                # A live story was confirmed as it stands: only claims this edit adds ask.
                confirmed = {
                    finding.attribution.sentence for finding in unsourced_claims(self.instance)
                }
                claims = [
                    finding for finding in claims if finding.attribution.sentence not in confirmed
                ]
            if not claims:
                return
            if blocks_publishing():
                self.add_error(
                    None,
                    "Articles with uncited or vague claims cannot be published. Cite or rewrite: "
                    + claims_list(claims),
                )
            elif not self.cleaned_data.get("publish_anyway"):
                self.add_error(
                    None,
                    "The Sourcing panel lists uncited or vague claims. Cite or rewrite them, or "
                    "tick “Publish anyway” under Sourcing to publish as it is: "
                    + claims_list(claims),
                )
                self.add_error("publish_anyway", "Tick to confirm publishing these claims.")

    if not can_sign_off:
        return SourcingForm

    class SignOffForm(SourcingForm):
        sign_off_anonymous_sources = forms.BooleanField(
            required=False,
            label="I sign off the anonymous sources cited",
            help_text="Needed before an article citing an anonymous source is published.",
        )

    return SignOffForm


class SourcingAdminMixin:
    """Adds the sourcing desk to ArticleAdmin; every hook calls super(), so others can stack."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/admin-sourcing.js"], css={"all": ["css/admin-sourcing.css"]}
        )

    def get_queryset(self, request):
        # The Sourcing column analyses each row against its cited sources: prefetch them.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source"))
            )
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "sourcing_summary"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), SourcingListFilter]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), self.panel_field(request, obj)]

    def panel_field(self, request, obj):
        # Readers of the form without the right to edit it get the findings without buttons.
        return "sourcing_panel" if self.can_edit(request, obj) else "sourcing_findings"

    def can_edit(self, request, obj):
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def can_sign_off(self, request):
        return request.user.has_perm("articles.approve_anonymous_sources")

    def offers_publish_anyway(self, request, obj):
        """Whether the form shows "Publish anyway": only where ticking it can change anything."""
        if blocks_publishing() or not workflow.can_publish(request.user):
            return False
        if "status" in self.get_readonly_fields(request, obj):
            return False  # Nothing is published from this form (the recover form's, for one).
        if obj is None:
            # A new article's claims are in a body not typed yet, so the add form offers it.
            return True
        # A live story asks only when an edit adds claims (SourcingForm.check_claims).
        return obj.status != Article.Status.PUBLISHED and bool(unsourced_claims(obj))

    def sourcing_fieldset(self, request, obj, *, publish_anyway):
        # Readers see the note under the sources box, so it is written beside the panel.
        fields = [self.panel_field(request, obj), "backstory"]
        if publish_anyway:
            fields.append("publish_anyway")
        if self.can_edit(request, obj) and self.can_sign_off(request):
            fields.append("sign_off_anonymous_sources")
        return ("Sourcing", {"fields": fields})

    def get_fieldsets(self, request, obj=None):
        publish_anyway = self.can_edit(request, obj) and self.offers_publish_anyway(request, obj)
        return [
            *super().get_fieldsets(request, obj),
            self.sourcing_fieldset(request, obj, publish_anyway=publish_anyway),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context["adminform"]
        if "publish_anyway" in adminform.form.errors:
            # Left out because the saved story had no claims to confirm, the box is needed
            # after all: this save adds some. Show it with its error, for the editor to tick.
            adminform.fieldsets = [
                self.sourcing_fieldset(request, obj, publish_anyway=True)
                if name == "Sourcing"
                else (name, options)
                for name, options in adminform.fieldsets
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.pop("form", self.form)
        form = sourcing_form(base, can_sign_off=self.can_sign_off(request))
        return super().get_form(request, obj, change, form=form, **kwargs)

    def _create_formsets(self, request, obj, change):
        # The publish check must judge the citations as submitted, and Django builds the
        # inline formsets before it validates the form: hand the form its citations here.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        for formset in formsets:
            if formset.model is Citation:
                obj._sourcing_citation_formset = formset
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("sign_off_anonymous_sources") and self.can_sign_off(request):
            sign_off_anonymous_sources(
                obj, by=request.user, sources=getattr(form, "cited_sources", [])
            )
        elif getattr(form, "new_anonymous_sources", None):
            # A newly cited anonymous source was never signed off: the old sign-off lapses.
            withdraw_sign_off(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Analysing one story on save is cheap; fifty uncached ones on the next list view
        # (about 15 ms each) are not. Warm the Sourcing column's cache now.
        article = form.instance
        citations = article.citations.select_related("source")  # fresh: the inlines just saved
        summary_for(article.body, [citation.source for citation in citations])

    @admin.display(description="Sourcing")
    def sourcing_summary(self, article):
        sources = [citation.source for citation in article.citations.all()]
        return format_summary(summary_for(article.body, sources))

    @admin.display(description="Sourcing")
    def sourcing_panel(self, article):
        return self.render_panel(article, editable=True)

    @admin.display(description="Sourcing")
    def sourcing_findings(self, article):
        return self.render_panel(article, editable=False)

    def render_panel(self, article, *, editable):
        info = self.opts.app_label, self.opts.model_name
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
                "admin:{}_{}_sourcing_analyse".format(*info), current_app=self.admin_site.name
            )
        if editable and saved:
            context["cite_url"] = reverse(
                "admin:{}_{}_sourcing_cite".format(*info),
                args=[article.pk],
                current_app=self.admin_site.name,
            )
        return render_to_string("admin/articles/article/sourcing_panel.html", context)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "sourcing/analyse/",
                wrap(self.sourcing_analyse_view),
                name="{}_{}_sourcing_analyse".format(*info),
            ),
            path(
                "sources-report/",
                wrap(self.sources_report_view),
                name=f"{info[0]}_sources_report",
            ),
            path(
                "<path:object_id>/sourcing/cite/",
                wrap(self.sourcing_cite_view),
                name="{}_{}_sourcing_cite".format(*info),
            ),
            *super().get_urls(),
        ]

    def sourcing_analyse_view(self, request):
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
        if not self.can_edit(request, article):
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

    def sourcing_cite_view(self, request, object_id):
        """Cite the source an attribution names: reuse a matching Source or create one."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not object_id.isdigit():
            raise Http404("No such article.")
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
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
                    "message": message,
                }
            )
        self.message_user(request, message, messages.SUCCESS)
        info = self.opts.app_label, self.opts.model_name
        return redirect(
            reverse(
                "admin:{}_{}_change".format(*info),
                args=[article.pk],
                current_app=self.admin_site.name,
            )
        )

    def sources_report_view(self, request):
        """Each source with how many published articles cite it, and stories on one source."""
        if not (
            self.has_view_permission(request) and request.user.has_perm("articles.view_source")
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
            **self.admin_site.each_context(request),
            "title": "Sources report",
            "opts": self.opts,
            "source_opts": Source._meta,
            "sources": sources,
            "single_source": single_source,
        }
        return TemplateResponse(request, "admin/articles/sources_report.html", context)
