"""Pages under the language prefix (/ru/...)."""

from django.urls import path

from . import views

app_name = "typos"

urlpatterns = [path("corrections/", views.corrections, name="corrections")]
