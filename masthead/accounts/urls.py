from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.download_data, name="download_data"),
    path("profile/replies/", views.replies, name="replies"),
    path("profile/delete/", views.delete_account, name="delete"),
    path("profile/keep/", views.keep_account, name="keep"),
    path("mails/stop/<slug:kind>/<str:token>/", views.stop_mails, name="stop_mails"),
]
