"""Addresses outside the language prefix: robots.txt and the sitemaps, which cover every language at once."""

from django.urls import path, register_converter

from . import views


class YearConverter:
    regex = "[1-9][0-9]{3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(YearConverter, "year")

app_name = "sitemaps"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="index"),
    path("sitemaps/pages.xml", views.pages_sitemap, name="pages"),
    path("sitemaps/tags.xml", views.tags_sitemap, name="tags"),
    path("sitemaps/listings.xml", views.listings_sitemap, name="listings"),
    path("sitemaps/articles-<year:year>.xml", views.articles_sitemap, name="articles"),
    path("sitemaps/news.xml", views.news_sitemap, name="news"),
]
