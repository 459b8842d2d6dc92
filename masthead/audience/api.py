"""JSON endpoints, mounted under /api/v1/ by masthead.api: the article page's view beacon."""

import base64

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from masthead.api.errors import ErrorResponse
from masthead.ids import storable

from . import services

router = Router(tags=["audience"])

# A transparent 1x1 GIF for readers without JavaScript.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


class ViewOut(Schema):
    counted: bool
    # Why the view did not count: "prefetch", "cross_site", "robot", "editor", "repeat"; "" when it did.
    reason: str


def checked_id(article_id):
    if not storable(article_id):
        raise HttpError(404, _("This article does not exist or is not published."))
    return article_id


# No session authentication, so no CSRF token: the beacon is sent by `navigator.sendBeacon` from pages that
# may come from a cache, and may carry neither. Counting is all it can do, once per reader and window, and a
# beacon from another site's page is not counted (see readers.is_cross_site).
@router.post("articles/{article_id}/views", response={202: ViewOut, 404: ErrorResponse}, url_name="article_view")
def record_view(request, article_id: int):
    """Count a view of an article (bots, prefetches, editors and repeats within the window are not counted).
    Views of missing articles are dropped when the buffer is flushed, so the beacon reads no table."""
    reason = services.view_record(request=request, article_id=checked_id(article_id))
    # A plain response skips the schema's validation: this is the hottest endpoint of the site.
    return JsonResponse({"counted": not reason, "reason": reason}, status=202)


@router.get(
    "articles/{article_id}/views/pixel.gif", response={200: None, 404: ErrorResponse}, url_name="article_view_pixel"
)
def record_view_without_script(request, article_id: int):
    """The same count for readers without JavaScript, as a 1x1 image inside <noscript>. A HEAD request (a link
    checker's) gets the image's headers and counts nothing: nobody read the story."""
    if request.method != "HEAD":
        services.view_record(request=request, article_id=checked_id(article_id))
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response
