from django.urls import path, re_path

from . import views

app_name = "following"

urlpatterns = [
    path("accounts/following/", views.your_news, name="news"),
    path("follow/<str:kind>/<row_id:target_id>/", views.follow, name="follow"),
    path("accounts/following/feed/", views.private_feed_address, name="feed_address"),
    re_path(
        r"^feeds/following/(?P<token>[A-Za-z0-9_-]{1,64})\.(?P<feed_format>rss|atom|json)$",
        views.private_feed,
        name="feed",
    ),
]
