from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("team/", views.team_day, name="team_day"),
]
