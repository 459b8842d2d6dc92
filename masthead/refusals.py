"""What a reader's request cannot have, said the same way by every app: a message to show them, a code for scripts,
the HTTP status, and the form field it is about, if any. An API operation lets it rise: the API's one handler
(`api.api.on_refused`) answers it in the error shape; the apps' form views catch it and show the message."""


class Refused(Exception):
    def __init__(self, message, *, code, status=400, field=None):
        super().__init__(message)
        self.message, self.code, self.status, self.field = str(message), code, status, field


def too_many_requests(request, exception=None):
    """What a reader sees when a form of the site was sent more often than its limit allows (django-ratelimit's
    RATELIMIT_VIEW): the site's page with the reason and a way back, in the reader's language, status 429."""
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    response = render(request, "429.html", {"back": back}, status=429)
    response["Retry-After"] = "60"
    return response
