"""The Content-Security-Policy header: django-csp's middleware, with the site's own policy
built once per process.

django-csp builds the header anew for every response (about 80 µs, a few per cent of a cold
page), though it only changes when a view asks for another policy (the API's docs, with
csp_update) or a template takes a nonce, and nothing else here does. Those responses, and
any django-csp treats specially, still go through django-csp itself.
"""

from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view or decorator sets on a response to change or drop its policy (csp.decorators).
RESPONSE_CHANGES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        if not keeps_site_policy(request, response):
            return super().process_response(request, response)
        policy = site_policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def keeps_site_policy(request, response):
    """Whether `response` gets settings.CONTENT_SECURITY_POLICY as it is, and nothing else."""
    if getattr(request, "_csp_nonce", None) is not None:
        return False
    if any(hasattr(response, change) for change in RESPONSE_CHANGES):
        return False
    # What django-csp decides per request: debug pages, excluded paths, a report-only policy.
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return not (
        settings.DEBUG
        or policy.get("EXCLUDE_URL_PREFIXES")
        or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    )


@cache
def site_policy():
    """The header for settings.CONTENT_SECURITY_POLICY, as django-csp builds it."""
    return build_policy()


@receiver(setting_changed)
def forget_site_policy(*, setting, **kwargs):
    # Only tests change the policy while the site runs.
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()
