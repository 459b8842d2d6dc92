from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("tips/", views.send_tip, name="send"),
    path("tips/thanks/", views.thanks, name="thanks"),
]
