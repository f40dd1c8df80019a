"""Readers' pages: subscribe, confirm, unsubscribe. None needs a login or JavaScript."""

import logging

from axes.helpers import get_client_ip_address
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import subscribing
from .forms import SubscribeForm

logger = logging.getLogger(__name__)


# No CSRF token: the form sits at the foot of cached article pages, where a token would be
# shared by every reader. A forged request can only mail a confirmation link to an address,
# which does nothing until its owner follows it, and the rate limit bounds how many. The
# client's address is read as the login lockout reads it (NEWSROOM_PROXY_COUNT).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "newsletters/subscribe.html", {"form": SubscribeForm()})
    form = SubscribeForm(request.POST)
    if subscribing.is_rate_limited(get_client_ip_address(request) or ""):
        return render(request, "newsletters/rate_limited.html", status=429)
    if not form.is_valid():
        return render(request, "newsletters/subscribe.html", {"form": form}, status=400)
    try:
        # Sent now, not from the queue: until its owner confirms, the address is stored
        # nowhere, not even in a job's arguments.
        subscribing.request_subscription(
            email=form.cleaned_data["email"],
            wants_digest=form.cleaned_data["wants_digest"],
            sections=list(form.cleaned_data["alert_sections"]),
            digest_sections=list(form.cleaned_data["digest_sections"]),
        )
    except OSError:  # The mail server refused or is unreachable (smtplib's errors too).
        logger.exception("Could not send a confirmation email.")
        return render(request, "newsletters/mail_failed.html", status=503)
    # The same answer whoever the address belongs to: nobody learns who subscribes.
    return redirect("newsletters:check-inbox")


def check_inbox(request):
    return render(request, "newsletters/check_inbox.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only the POST subscribes, so a mail scanner that follows links
    confirms nothing on its owner's behalf."""
    if request.method == "GET":
        return render(request, "newsletters/confirm.html", {"token": token})
    try:
        subscriber = subscribing.confirm(token)
    except subscribing.LinkInvalid as error:
        return render(request, "newsletters/link_invalid.html", {"error": error}, status=400)
    return render(request, "newsletters/confirmed.html", {"subscriber": subscriber})


# RFC 8058 one-click unsubscribe: mail clients POST here without any cookie or token but the
# signed one in the address, which alone names the reader.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = subscribing.subscriber_for(token)
    if request.method == "GET":
        return render(request, "newsletters/unsubscribe.html", {"subscriber": subscriber})
    if subscriber is not None:
        subscribing.unsubscribe(subscriber)
    return render(request, "newsletters/unsubscribed.html")
