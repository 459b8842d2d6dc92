from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("tips/", views.send_tip, name="send"),
    path("tips/thanks/", views.thanks, name="thanks"),
    path("tips/reply/", views.reply, name="reply"),
    path("tips/reply/<str:key>/", views.conversation_by_key, name="conversation"),
    path("tips/yours/<int:tip_id>/", views.conversation_of_reader, name="yours"),
]
