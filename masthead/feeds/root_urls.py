"""Addresses outside the language prefix: robots.txt and sitemaps."""

urlpatterns = []
