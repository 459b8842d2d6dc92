"""Feeds under the language prefix: /feeds/... lists English stories, /ru/feeds/... Russian ones."""

from django.urls import path, register_converter

from . import views


class FeedFormatConverter:
    regex = "rss|atom|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FeedFormatConverter, "feed_format")

app_name = "feeds"

urlpatterns = [
    path("feeds/latest.<feed_format:feed_format>", views.feed, {"kind": "latest"}, name="latest"),
    path("feeds/sections/<str:slug>.<feed_format:feed_format>", views.feed, {"kind": "section"}, name="section"),
    path("feeds/tags/<str:slug>.<feed_format:feed_format>", views.feed, {"kind": "tag"}, name="tag"),
    path("feeds/authors/<str:slug>.<feed_format:feed_format>", views.feed, {"kind": "author"}, name="author"),
]
