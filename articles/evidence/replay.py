"""What readers get of an archived copy: the replay page's facts, and the copy itself as a
document of its own that can never run script on the site's origin.

The copy is served from its own address with a policy of its own: nothing it names is
loaded (no script, no image but inline data, no frame, no form), and the `sandbox`
directive gives it a unique origin even when opened directly. The replay page shows it in
an <iframe sandbox> (no allow-scripts, no allow-same-origin) besides.
"""

from django.http import Http404, HttpResponse

from ..models import ArchivedCopy
from . import archiving
from .watching import charset_of

COPY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
FRAMED_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "image/png": "image",
    "image/jpeg": "image",
    "image/gif": "image",
    "image/webp": "image",
    "image/avif": "image",
}


class CopyWithdrawn(Exception):
    """Readers could see this copy once; an Editor has withdrawn it."""


def may_see_every_copy(user):
    """Staff who may view archived copies also replay withdrawn and unpublished ones."""
    return user.is_staff and user.has_perm("articles.view_archivedcopy")


def copy_for(request, key):
    """The copy `key` names, if `request`'s user may replay it. Raises Http404, or
    CopyWithdrawn for a copy readers would otherwise see."""
    copies = ArchivedCopy.objects.select_related("citation__source", "citation__article")
    if may_see_every_copy(request.user):
        copy = copies.filter(key=key).first()
    else:
        copy = copies.public().filter(key=key).first()
        if copy is None and copies.with_public_story().filter(key=key).exists():
            raise CopyWithdrawn
    if copy is None:
        raise Http404("No archived copy here.")
    return copy


def kind_of(copy):
    """How the copy is shown: "html", "text" or "image" in a frame; "pdf" or "other" as a
    download."""
    if copy.content_type == "application/pdf":
        return "pdf"
    return FRAMED_TYPES.get(copy.content_type, "other")


def copy_response(copy):
    """The archived body as its own document, under COPY_POLICY."""
    replay = archiving.read(copy)
    kind = kind_of(copy)
    body = replay.decoded_body() if kind in ("html", "text") else replay.body
    if body is None:  # a content coding this cannot undo: offered as it came
        kind, body = "other", replay.body
    if kind in ("html", "text"):
        content_type = f"{copy.content_type}; charset={charset_of(replay.header('Content-Type'))}"
    elif kind in ("image", "pdf"):
        content_type = copy.content_type
    else:
        content_type = "application/octet-stream"
    response = HttpResponse(body, content_type=content_type)
    if kind in ("pdf", "other"):
        extension = "pdf" if kind == "pdf" else "bin"
        response["Content-Disposition"] = f'attachment; filename="archived-{copy.key}.{extension}"'
    response["Content-Security-Policy"] = COPY_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    # A copy can be withdrawn at any time: browsers ask again rather than keep it.
    response["Cache-Control"] = "no-cache"
    return response
