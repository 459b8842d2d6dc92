from django.urls import path

from . import views

app_name = "reading_list"

urlpatterns = [
    path("accounts/saved/", views.saved_stories, name="saved"),
    path("saved/<row_id:article_id>/", views.save_story, name="save"),
]
