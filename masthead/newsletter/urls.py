"""Pages under the language prefix (/ru/...): the links in mails carry the subscriber's language."""

from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/thanks/", views.thanks, name="thanks"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/issues/", views.issues, name="issues"),
    path("newsletter/issues/<row_id:digest_id>/", views.issue, name="issue"),
]
