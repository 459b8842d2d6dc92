from django.conf import settings
from wagtail.models import Site


def site(request):
    """The current site's name, on every page including errors."""
    current = Site.find_for_request(request)
    return {
        "site_name": (current.site_name if current else "") or settings.WAGTAIL_SITE_NAME,
    }
