"""The newsroom's addresses beside Wagtail's pages, under the language prefix."""

from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("fact-checks/", views.fact_checks, name="fact_checks"),
]
