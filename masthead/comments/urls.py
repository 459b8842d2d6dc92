from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("articles/<row_id:article_id>/comments/", views.post_comment, name="post"),
    path("comments/<row_id:comment_id>/edit/", views.edit_comment, name="edit"),
    path("comments/<row_id:comment_id>/delete/", views.delete_comment, name="delete"),
    path("comments/<row_id:comment_id>/report/", views.report_comment, name="report"),
    path("comments/<row_id:comment_id>/like/", views.like_comment, name="like"),
    path("comments/authors/<row_id:author_id>/ignore/", views.ignore_author, name="ignore"),
    path("comments/authors/<row_id:author_id>/unignore/", views.unignore_author, name="unignore"),
]
