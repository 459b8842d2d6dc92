from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [path("polls/<row_id:poll_id>/", views.poll_page, name="poll")]
