import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")

django_application = get_wsgi_application()

from masthead.pagecache.wsgi import PageCacheFront  # noqa: E402  (needs the settings configured above)

# Stored pages for anonymous readers are answered here, before Django's request handling.
application = PageCacheFront(django_application)
