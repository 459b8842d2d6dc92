"""The public JSON API under /api/v1/, its OpenAPI document generated at /api/v1/openapi.json."""

from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from masthead.refusals import Refused
from masthead.unavailable import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS

from .errors import UNREADABLE_BODY, error_payload, field_problem


def error_answer(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }


UNAVAILABLE = error_answer(
    "The database did not answer: nothing was stored; send the same request again after Retry-After."
)
INVALID = error_answer("A parameter or field is missing or malformed; `fields` names each and says why.")
TOO_LARGE = error_answer("The request body is larger than the site accepts.")
UNDECODABLE = error_answer("The request body is not valid UTF-8 or not JSON.")


class MastheadAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """The generated document, with the answers that the shared handlers below may give to an operation: every
        one when the database does not answer, those that read input when it is malformed, those that read a body
        when it is too large or not text."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            operations.pop("head", None)  # implied by GET; listing it would repeat every reading operation's id
            for operation in operations.values():
                answers = operation["responses"]
                answers.setdefault(503, UNAVAILABLE)
                if operation.get("parameters") or "requestBody" in operation:
                    answers.setdefault(422, INVALID)
                if "requestBody" in operation:
                    answers.setdefault(413, TOO_LARGE)
                    answers.setdefault(400, UNDECODABLE)
        return schema

    @property
    def urls(self):
        """django-ninja's addresses, each answering in the reader's language and in the one error shape, also for a
        method it does not take."""
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = as_readers_expect(pattern.callback)
        return patterns, app_name, namespace


def as_readers_expect(view):
    """The API lives outside the language-prefixed addresses, where Django answers every request in the default
    language. Its messages to readers (refusals, "awaiting moderation") come instead in the language the request
    asks for: the language cookie, else Accept-Language, where comments.js sends the page's own language.

    django-ninja answers a method an address does not take with a plain-text 405 of its own, before any operation
    (and its exception handlers) runs: this gives it the API's error shape, keeping the Allow header."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                message = _("This address does not take %(method)s requests.") % {"method": request.method}
                refusal = error_response(request, 405, "method_not_allowed", message)
                refusal["Allow"] = response["Allow"]
                response = refusal
        # The language the answer speaks; Django's LocaleMiddleware would name the site's default instead.
        response["Content-Language"] = language
        return response

    return answer


# Session cookies authenticate readers; django-ninja's SessionAuth then requires the CSRF token on every
# unsafe request. The interactive docs page would load its scripts from a CDN, so only the document is served.
api = MastheadAPI(title="Masthead API", version="1", urls_namespace="api-v1", docs_url=None)


def error_response(request, status, code, message, fields=None):
    return api.create_response(request, error_payload(code, message, fields), status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    fields = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in {"body", "payload", "query", "path"}]
        fields.setdefault(".".join(location) or "request", []).append(field_problem(error))
    return error_response(request, 422, "invalid", _("Some fields are missing or invalid."), fields)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return error_response(request, 401, "login_required", _("Please sign in."))


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if exc.status_code == 400:
        # django-ninja's own words for a body that is not JSON (or not the form it expects), in the reader's language.
        return on_unreadable_body(request, exc)
    if exc.status_code == 403 and str(exc) == "CSRF check Failed":  # SessionAuth(csrf=True), in django-ninja's words
        message = _("The page is out of date and nothing was sent. Please reload the page and try again.")
        return error_response(request, 403, "csrf_failed", message)
    code = {403: "forbidden", 404: "not_found", 413: "too_large", 429: "rate_limited"}.get(exc.status_code, "error")
    return error_response(request, exc.status_code, code, str(exc))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(RequestDataTooBig)
def on_body_too_large(request, exc):
    return error_response(request, 413, "too_large", _("The request is too large."))


@api.exception_handler(UnicodeDecodeError)
def on_undecodable_body(request, exc):
    return error_response(request, 400, "invalid_encoding", _("The request body is not valid UTF-8."))


@api.exception_handler(MultiPartParserError)
def on_unreadable_body(request, exc):
    """A body that cannot be read: not JSON, or a multipart type without its boundary (met by the CSRF check)."""
    return error_response(request, 400, "invalid_body", UNREADABLE_BODY)


def on_database_unavailable(request, exc):
    """The database did not answer (a lock held too long, a restart, a lost connection): nothing was stored, and
    the same request may be sent again (a comment's submission key keeps a retry from storing it twice)."""
    response = error_response(
        request, 503, "unavailable", _("The site could not answer just now. Please try again in a moment.")
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


for error in DATABASE_UNAVAILABLE:
    api.add_exception_handler(error, on_database_unavailable)


@api.exception_handler(Refused)
def on_refused(request, exc):
    """What an operation refuses by raising `masthead.refusals.Refused` (the apps' services raise their own kinds of
    it): its status, code and message, and its field if it has one, in the one error shape."""
    return error_response(request, exc.status, exc.code, exc.message, {exc.field: [exc.message]} if exc.field else None)


@api.exception_handler(Ratelimited)
def on_rate_limited(request, exc):
    return error_response(request, 429, "rate_limited", _("Too many requests. Please wait a minute."))


def register_routers():
    from masthead.audience.api import router as audience_router
    from masthead.comments.api import router as comments_router
    from masthead.feeds.api import router as content_router
    from masthead.following.api import router as following_router
    from masthead.newsletter.api import router as newsletter_router
    from masthead.polls.api import router as polls_router
    from masthead.reading_list.api import router as reading_list_router
    from masthead.typos.api import router as typos_router

    routers = [
        comments_router,
        typos_router,
        audience_router,
        newsletter_router,
        reading_list_router,
        polls_router,
        following_router,
        content_router,
    ]
    for router in routers:
        answer_head_where_get(router)
        api.add_router("/", router)


def answer_head_where_get(router):
    """HTTP has HEAD answered wherever GET is (RFC 9110, 9.3.2): monitors and link checkers send it, and a 405
    reads to them as a broken address. The server leaves the body out; an operation whose GET does something
    (the view pixel counts) looks at the method itself."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if "GET" in operation.methods and "HEAD" not in operation.methods:
                operation.methods.append("HEAD")


register_routers()


def unknown_address(request, rest=""):
    """Any other address under /api/v1/: the API's 404, in its error shape, rather than the site's HTML page."""
    with translation.override(translation.get_language_from_request(request)):
        return error_response(request, 404, "not_found", _("The API has no such address."))
