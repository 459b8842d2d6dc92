"""Wagtail's redirects, for the site's pages only.

Wagtail's middleware looks every 404 up among the redirects editors made (the site, then the redirects), which is
right for pages that moved. The JSON API's addresses are never moved that way, so its 404s (a missing article, a
script walking ids) skip the lookup: in process it is about half of such an answer's time.
"""

from wagtail.contrib.redirects.middleware import RedirectMiddleware

NEVER_REDIRECTED = ("/api/",)


class PageRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(NEVER_REDIRECTED):
            return response
        return super().process_response(request, response)
