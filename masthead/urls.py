from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LoginView
from wagtail.documents import urls as wagtaildocs_urls

from masthead.accounts.admin_login import with_failure_limits
from masthead.api.api import api, unknown_address

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", unknown_address),
    # Before Wagtail's own address for it, which this one wraps: failed sign-ins are counted and limited.
    path("admin/login/", with_failure_limits(LoginView.as_view()), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("masthead.feeds.root_urls")),
]

if settings.MEDIA_BUCKET:
    pass  # readers fetch media from the bucket or the CDN in front of it
elif settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Uploaded images are served by the app too, so the embedded install needs no other web server;
    # a grown-up deployment puts media on a proxy or object storage in front.
    from django.views.static import serve as serve_media

    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Editions in other languages live under /ru/ and so on; the default language has no prefix.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("masthead.accounts.urls")),
    path("", include("masthead.comments.urls")),
    path("", include("masthead.typos.urls")),
    path("", include("masthead.audience.urls")),
    path("", include("masthead.feeds.urls")),
    path("", include("masthead.newsletter.urls")),
    path("", include("masthead.search.urls")),
    path("", include("masthead.reading_list.urls")),
    path("", include("masthead.following.urls")),
    path("", include("masthead.tips.urls")),
    path("", include("masthead.polls.urls")),
    path("", include("masthead.newsroom.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
