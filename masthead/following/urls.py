from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("accounts/following/", views.your_news, name="news"),
    path("follow/<str:kind>/<row_id:target_id>/", views.follow, name="follow"),
]
